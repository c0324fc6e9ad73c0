package normalizers

import (
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

var benchText = strings.Repeat("The quick brown fox jumps over the lazy dog. Ça coûte 10 €, naïve café. "+
	"Cụ thể, bạn sẽ tham gia một nhóm. 你好世界，今天天气很好。 한국어 텍스트입니다. ﬁ① Ｆｕｌｌｗｉｄｔｈ ", 40)

func BenchmarkNormalizers(b *testing.B) {
	for _, bc := range []struct {
		name string
		n    tokenizer.Normalizer
	}{
		{"NFC", NFC{}}, {"NFD", NFD{}}, {"NFKC", NFKC{}}, {"NFKD", NFKD{}},
		{"Bert", NewBertNormalizer()}, {"StripAccents", StripAccents{}}, {"Nmt", Nmt{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(benchText)))
			b.ReportAllocs()
			for b.Loop() {
				n := tokenizer.NewNormalizedString(benchText)
				if err := bc.n.Normalize(&n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzNormalizers checks that no normalizer panics, whatever the input.
func FuzzNormalizers(f *testing.F) {
	for _, s := range []string{"", "a\u0301", "\xff\xfe", "가\u11a8", "ﬁ①\u0344", "x\u0301\u0316\u1df9", "\x00\u00ad 你"} {
		f.Add(s)
	}
	all := []tokenizer.Normalizer{NFC{}, NFD{}, NFKC{}, NFKD{}, NewBertNormalizer(), StripAccents{}, Nmt{},
		Lowercase{}, ByteLevel{}, &Strip{Left: true, Right: true}, &Prepend{Prepend: "▁"}}
	f.Fuzz(func(t *testing.T, s string) {
		for _, norm := range all {
			n := tokenizer.NewNormalizedString(s)
			if err := norm.Normalize(&n); err != nil {
				t.Fatal(err)
			}
		}
	})
}
