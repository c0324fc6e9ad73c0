package tokenizer_test

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/tokenizer"
)

func TestNewlineCuts(t *testing.T) {
	for _, c := range []struct {
		text  string
		parts int
		want  []int
	}{
		{"ab.\nCd\nef", 2, []int{4}},
		{"ab.\nCd\nef", 3, []int{4, 7}},
		{"ab \nCd", 2, nil},     // a space before the "\n"
		{"ab\n\nCd", 2, nil},    // a "\n" before the "\n"
		{"ab\n1d", 2, []int{3}}, // a digit after
		{"ab\n-d", 2, nil},      // no letter or digit after
		{"ab\néd", 2, nil},      // no ASCII letter after
		{"\nCd", 2, nil},        // nothing before the "\n"
		{"ab\nC", 2, []int{3}},  // the letter ends the text
	} {
		if got := tokenizer.NewlineCuts(c.text, c.parts); !slices.Equal(got, c.want) {
			t.Errorf("newlineCuts(%q, %d) = %v, want %v", c.text, c.parts, got, c.want)
		}
	}
}

// cutTokenizers are shared tokenizers, with whether AppendIDs may cut their texts.
var cutTokenizers = map[string]bool{
	"gpt2": true, "llama3": true, "gpt4o-o200k": true, "gpt4-cl100k": true, "qwen3": true, "gpt-oss": true,
	"bert-base-uncased": false, "t5-small": false, "llama2": false, "roberta-base": false, "deepseek-v3": false,
}

// AppendIDs gives the same ids on a text cut at its newline cuts, on one worker or
// several, as on the whole text: on the parity corpus, smoke and speed-multi (each
// text cut at up to 31 of its newline cuts), on random texts made of the characters
// around cuts, and on a text of several MB at the default threshold.
func TestAppendIDsCut(t *testing.T) {
	docs := testutil.SharedTexts(t, "corpus", "smoke", "speed-multi")
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "Z", "q", " ", "  ", "\n", "\n\n", "\r\n", "\t", ".", ",", "/", "1", "123", "'s", "'S", "é", "中文", "ß", "İ",
		"<|endoftext|>", "<|begin_of_text|>", "[CLS]", "\u00a0", "\u2028", "Hello", "world", "x\nY", ".\nA", "\n "}
	for i := 0; i < 400; i++ {
		var b strings.Builder
		for j := rng.IntN(80); j >= 0; j-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		docs = append(docs, b.String())
	}
	for _, path := range testutil.SharedTokenizers(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".json.gz")
		tok, err := fasttok.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		want, known := cutTokenizers[name]
		if got := tok.CutSafe(); known && got != want {
			t.Errorf("%s: CutSafe() = %v, want %v", name, got, want)
		}
		want = tok.CutSafe()
		cuts := 0
		for _, doc := range docs {
			cuts += len(tokenizer.NewlineCuts(doc, 32))
			for _, opts := range []tokenizer.EncodeOptions{{}, {NoSpecialTokens: true}} {
				restore := tokenizer.SetCutMinText(math.MaxInt)
				whole, errW := tok.AppendIDs(nil, doc, opts)
				restore()
				restore = tokenizer.SetCutMinText(0)
				for _, workers := range []int{1, 8} {
					opts.Workers = workers
					cut, errC := tok.AppendIDs(nil, doc, opts)
					if (errW == nil) != (errC == nil) || errW != nil && errW.Error() != errC.Error() {
						t.Fatalf("%s: errors %v and %v on %q", name, errW, errC, doc)
					}
					if !slices.Equal(whole, cut) {
						t.Fatalf("%s: cut for %d workers, other ids on %q:\n%v\n%v", name, workers, doc, cut, whole)
					}
				}
				restore()
			}
		}
		if want && cuts < 1000 {
			t.Errorf("%s: only %d cuts tried", name, cuts)
		}
		// A text of several MB, at the default threshold.
		big := strings.Join(docs, "\n")
		restore := tokenizer.SetCutMinText(math.MaxInt)
		whole, err := tok.AppendIDs(nil, big, tokenizer.EncodeOptions{})
		restore()
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{0, 2} {
			cut, err := tok.AppendIDs(nil, big, tokenizer.EncodeOptions{Workers: workers})
			if err != nil || !slices.Equal(whole, cut) {
				t.Fatalf("%s: the big text (%d bytes) gives other ids cut for %d workers (%v)", name, len(big), workers, err)
			}
		}
	}
}

// FuzzAppendIDsCut: cut at its newline cuts (up to 63 of them), for any number of
// workers, a text gives the ids of the whole (GPT-2, whose pipeline can be cut).
func FuzzAppendIDsCut(f *testing.F) {
	tok, err := fasttok.Load(filepath.Join("..", "cmd", "fasttok", "gpt2.json.gz"))
	if err != nil {
		f.Fatal(err)
	}
	if !tok.CutSafe() {
		f.Fatal("GPT-2 cannot be cut")
	}
	f.Add("Hello.\nWorld\nit's 123\n\nAnd\n<|endoftext|>\nMore", uint8(8))
	f.Add("a\nb \nC.\nD\r\nE,\nF中\nG", uint8(3))
	f.Fuzz(func(t *testing.T, text string, workers uint8) {
		opts := tokenizer.EncodeOptions{Lossy: true}
		restore := tokenizer.SetCutMinText(math.MaxInt)
		one, err1 := tok.AppendIDs(nil, text, opts)
		restore()
		defer tokenizer.SetCutMinText(0)()
		opts.Workers = int(workers % 17) // 0 and 1: cut, encoded in order
		many, errN := tok.AppendIDs(nil, text, opts)
		if (err1 == nil) != (errN == nil) || !slices.Equal(one, many) {
			t.Fatalf("%d workers: %v (%v), one worker: %v (%v)", opts.Workers, many, errN, one, err1)
		}
	})
}
