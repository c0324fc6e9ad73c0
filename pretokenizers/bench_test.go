package pretokenizers

import (
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

var benchText = strings.Repeat("The quick brown fox jumps over the lazy dog, isn't it? 12345 Ünïcödé café — 日本語のテキスト. ", 20)

func benchPreTokenizer(b *testing.B, config string) {
	pt, err := tokenizer.ParsePreTokenizer([]byte(config))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		p := tokenizer.NewPreTokenizedString(benchText)
		if err := pt.PreTokenize(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkByteLevel(b *testing.B) {
	benchPreTokenizer(b, `{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true}`)
}

func BenchmarkByteLevelNoRegex(b *testing.B) {
	benchPreTokenizer(b, `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":false}`)
}

func BenchmarkMetaspace(b *testing.B) {
	benchPreTokenizer(b, `{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}`)
}

func BenchmarkWhitespace(b *testing.B) { benchPreTokenizer(b, `{"type":"Whitespace"}`) }

func BenchmarkBert(b *testing.B) { benchPreTokenizer(b, `{"type":"BertPreTokenizer"}`) }

func BenchmarkDigits(b *testing.B) {
	benchPreTokenizer(b, `{"type":"Digits","individual_digits":true}`)
}

func BenchmarkUnicodeScripts(b *testing.B) { benchPreTokenizer(b, `{"type":"UnicodeScripts"}`) }

func BenchmarkByteLevelPrefixSpace(b *testing.B) {
	benchPreTokenizer(b, `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}`)
}
