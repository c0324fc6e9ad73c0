package unigram

import (
	"testing"

	"github.com/fasttok/fasttok/internal/testutil"
)

// benchModel returns t5-small's model and the words of the benchmark texts, each
// prefixed with "▁" (as its Metaspace pre-tokenizer does), and their size.
func benchModel(b *testing.B) (*Unigram, []string, int) {
	u, err := Parse(testutil.TokenizerSection(b, "t5-small", "model"))
	if err != nil {
		b.Fatal(err)
	}
	words, size := testutil.BenchWords(b, func(w string) string { return "\u2581" + w })
	return u, words, size
}

func BenchmarkTokenize(b *testing.B) {
	u, words, size := benchModel(b)
	testutil.BenchTokenize(b, u, words, size)
}

func BenchmarkAppendIDs(b *testing.B) {
	u, words, size := benchModel(b)
	testutil.BenchAppendIDs(b, u, words, size)
}

func BenchmarkParse(b *testing.B) {
	data := testutil.TokenizerSection(b, "t5-small", "model")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
