package wordpiece

import (
	"testing"

	"github.com/fasttok/fasttok/internal/testutil"
)

// benchModel returns bert-base-uncased's model and the words of the benchmark texts,
// ASCII-lowercased, and their size.
func benchModel(b *testing.B) (*WordPiece, []string, int) {
	w, err := Parse(testutil.TokenizerSection(b, "bert-base-uncased", "model"))
	if err != nil {
		b.Fatal(err)
	}
	words, size := testutil.BenchWords(b, func(w string) string { return testutil.TransformText(w, "lower") })
	return w, words, size
}

func BenchmarkTokenize(b *testing.B) {
	w, words, size := benchModel(b)
	testutil.BenchTokenize(b, w, words, size)
}

func BenchmarkAppendIDs(b *testing.B) {
	w, words, size := benchModel(b)
	testutil.BenchAppendIDs(b, w, words, size)
}

func BenchmarkParse(b *testing.B) {
	data := testutil.TokenizerSection(b, "bert-base-uncased", "model")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
