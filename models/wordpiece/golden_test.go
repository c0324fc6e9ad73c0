package wordpiece

import (
	"testing"

	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// goldenModels are the shared tokenizers whose WordPiece models have golden files.
var goldenModels = []string{"bert-base-uncased", "all-MiniLM-L6-v2"}

// TestGolden compares the tokenization of the smoke and corpus texts by the real
// models with the reference's (testdata/*.golden, made by
// models/unigram/testdata/gen_golden.js, see testdata/README.md).
func TestGolden(t *testing.T) {
	for _, name := range goldenModels {
		w, err := Parse(testutil.TokenizerSection(t, name, "model"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		testutil.CheckGolden(t, w, name, "raw", "lower")
	}
}

// TestRegistry loads the real model sections through the registry and checks that
// MarshalJSON writes exactly what the reference saves (testdata/NAME.save.golden).
func TestRegistry(t *testing.T) {
	for _, name := range goldenModels {
		m, err := tokenizer.ParseModel(testutil.TokenizerSection(t, name, "model"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w, ok := m.(*WordPiece)
		if !ok {
			t.Fatalf("%s: got a %T", name, m)
		}
		testutil.CheckSaved(t, w, name)
	}
}
