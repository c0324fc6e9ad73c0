package bpe

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

type realRecord struct {
	Word    string   `json:"word"`
	IDs     []uint32 `json:"ids"`
	Offsets [][2]int `json:"offsets"`
}

// loadRealModel loads the "model" section of a tokenizer of the shared assets.
func loadRealModel(tb testing.TB, shared, name string) *BPE {
	tb.Helper()
	m, err := Parse(realModelJSON(tb, shared, name))
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return m
}

// realModelJSON returns the "model" section of a tokenizer of the shared assets.
func realModelJSON(tb testing.TB, shared, name string) []byte {
	tb.Helper()
	f, err := os.Open(filepath.Join(shared, "assets", "tokenizers", name+".json.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	var doc struct {
		Model json.RawMessage `json:"model"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		tb.Fatal(err)
	}
	return doc.Model
}

// TestRealTokenizers compares the model of real tokenizers with the reference on
// pre-tokenized words (testdata/real.json, made by testdata/gen_real.js). The file
// named by FASTTOK_BPE_REAL, if set, is checked instead (a bigger one made the same
// way).
func TestRealTokenizers(t *testing.T) {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		t.Skip("FASTTOK_SHARED not set (e.g. FASTTOK_SHARED=/work/shared)")
	}
	file := "testdata/real.json"
	if f := os.Getenv("FASTTOK_BPE_REAL"); f != "" {
		file = f
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var all map[string][]realRecord
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	for name, recs := range all {
		t.Run(name, func(t *testing.T) {
			m := loadRealModel(t, shared, name)
			bad := 0
			for _, r := range recs {
				toks, err := m.Tokenize(r.Word)
				if err != nil {
					t.Errorf("%q: %v", r.Word, err)
					continue
				}
				ids := make([]uint32, 0, len(toks))
				offs := make([][2]int, 0, len(toks))
				cm := charMap(r.Word)
				for _, tk := range toks {
					ids = append(ids, tk.ID)
					offs = append(offs, refCharOffsets(cm, tk.Offsets))
					if v, _ := m.IDToToken(tk.ID); v != tk.Value {
						t.Errorf("%q: token %d value %q, vocabulary %q", r.Word, tk.ID, tk.Value, v)
					}
				}
				if r.IDs == nil {
					r.IDs = []uint32{}
				}
				if !slices.Equal(ids, r.IDs) || !slices.Equal(offs, r.Offsets) {
					bad++
					if bad <= 5 {
						t.Errorf("%q:\n got %v %v\nwant %v %v", r.Word, ids, offs, r.IDs, r.Offsets)
					}
					continue
				}
				fast, err := m.AppendIDs(nil, r.Word)
				if err != nil || !slices.Equal(fast, ids) {
					t.Errorf("%q: AppendIDs %v %v", r.Word, fast, err)
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d words differ", bad, len(recs))
			}
			t.Logf("%d words compared", len(recs))
		})
	}
}
