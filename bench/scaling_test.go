package main

import (
	"path/filepath"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/testutil"
)

// TestMeasureScaling runs the in-process scaling measure on the smoke texts: every
// count gets a best pass and a median ratio, the first count's ratio is 1, and it
// makes at least the rounds asked for.
func TestMeasureScaling(t *testing.T) {
	shared := testutil.SharedDir(t)
	tok, err := fasttok.Load(filepath.Join(shared, "assets", "tokenizers", "gpt2.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	docs, size, err := readDocs(filepath.Join(shared, "assets", "texts", "smoke.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := measureScaling(tok, docs, size, []int{1, 2, 3}, 4, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rounds != 4 {
		t.Errorf("rounds = %d, want 4", rep.Rounds)
	}
	for _, w := range []int{1, 2, 3} {
		if rep.Best[w] <= 0 || rep.Median[w] <= 0 {
			t.Errorf("workers %d: best %v, median %v", w, rep.Best[w], rep.Median[w])
		}
	}
	if rep.Median[1] != 1 {
		t.Errorf("median ratio of the first count = %v, want 1", rep.Median[1])
	}
}
