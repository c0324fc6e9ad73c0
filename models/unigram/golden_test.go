package unigram

import (
	"testing"

	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// goldenModels are the shared tokenizers whose Unigram models have golden files.
var goldenModels = []string{"t5-small", "xlnet-base-cased", "ortx-nmt-unigram"}

// TestGolden compares the tokenization of the smoke and corpus texts by the real
// models with the reference's (testdata/*.golden, made by testdata/gen_golden.js).
func TestGolden(t *testing.T) {
	for _, name := range goldenModels {
		u, err := Parse(testutil.TokenizerSection(t, name, "model"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		testutil.CheckGolden(t, u, name, "raw", "meta")
	}
}

// TestRegistry loads the real model sections through the registry (t5-small's has no
// "type", so it goes through the untagged variants) and checks that MarshalJSON writes
// exactly what the reference saves (testdata/NAME.save.golden).
func TestRegistry(t *testing.T) {
	for _, name := range goldenModels {
		m, err := tokenizer.ParseModel(testutil.TokenizerSection(t, name, "model"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		u, ok := m.(*Unigram)
		if !ok {
			t.Fatalf("%s: got a %T", name, m)
		}
		testutil.CheckSaved(t, u, name)
	}
}
