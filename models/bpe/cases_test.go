package bpe

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// refCase is one record of testdata/cases.json (made by testdata/gen_cases.js from the
// reference).
type refCase struct {
	Name      string          `json:"name"`
	Model     json.RawMessage `json:"model"`
	LoadError string          `json:"loadError"`
	Saved     string          `json:"saved"`
	IDsOnly   bool            `json:"idsOnly"`
	NoSave    bool            `json:"noSave"`
	Results   []struct {
		Word    string   `json:"word"`
		IDs     []uint32 `json:"ids"`
		Tokens  []string `json:"tokens"`
		Offsets [][2]int `json:"offsets"`
		Error   string   `json:"error"`
	} `json:"results"`
}

// serdePosition is the " at line N column M" serde_json appends to its errors.
var serdePosition = regexp.MustCompile(` at line \d+ column \d+$`)

// charMap gives, for each byte of a word, the index of the character containing it.
func charMap(word string) []int {
	m := make([]int, len(word)+1)
	c := -1
	for i := 0; i < len(word); i++ {
		if word[i]&0xC0 != 0x80 || c < 0 {
			c++
		}
		m[i] = c
	}
	m[len(word)] = c + 1
	return m
}

// refCharOffsets converts a token's byte offsets in a word (whose charMap is cm) to
// the character offsets the reference's Node binding reports: the range is widened to
// whole characters (the normalized→original alignment of its bytes) and counted in
// characters.
func refCharOffsets(cm []int, o tokenizer.Offsets) [2]int {
	n := len(cm) - 1
	start := cm[min(o.Start, n)]
	endByte := min(o.End, n) - 1
	if endByte < o.Start {
		return [2]int{start, start}
	}
	return [2]int{start, cm[endByte] + 1}
}

func loadCases(t *testing.T) []refCase {
	t.Helper()
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []refCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// typeErrorCases are JSON type errors: fasttok rejects them as the reference does, with
// encoding/json's words rather than serde's.
var typeErrorCases = map[string]bool{"negative_id": true, "bad_fuse_unk": true}

// TestReferenceCases checks loading, saving and tokenization against the reference on
// small models (PARITY-CHECKLIST A.4-6, A.16, G.76-81).
func TestReferenceCases(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			m, err := Parse(c.Model)
			if c.LoadError != "" {
				want := serdePosition.ReplaceAllString(c.LoadError, "")
				if err == nil {
					t.Fatalf("loaded; the reference fails with %q", want)
				}
				if !strings.Contains(err.Error(), want) && !typeErrorCases[c.Name] {
					t.Fatalf("error %q, the reference's is %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			saved, err := m.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(saved) != c.Saved && !c.NoSave {
				t.Errorf("saved\n%s\nthe reference's\n%s", saved, c.Saved)
			}
			// Round trip (shared ids lose tokens in the save, in the reference too).
			if !c.NoSave {
				m2, err := Parse(saved)
				if err != nil {
					t.Fatalf("reloading the save: %v", err)
				}
				if saved2, _ := m2.MarshalJSON(); string(saved2) != string(saved) {
					t.Errorf("save not stable:\n%s\n%s", saved, saved2)
				}
			}
			for _, r := range c.Results {
				for pass := 0; pass < 2; pass++ { // the second pass may hit the cache
					toks, err := m.Tokenize(r.Word)
					if r.Error != "" {
						if err == nil || !strings.Contains(err.Error(), r.Error) {
							t.Errorf("%q: error %v, the reference's %q", r.Word, err, r.Error)
						}
						continue
					}
					if err != nil {
						t.Errorf("%q: %v", r.Word, err)
						continue
					}
					ids, values, offs := []uint32{}, []string{}, [][2]int{}
					cm := charMap(r.Word)
					for _, tk := range toks {
						ids = append(ids, tk.ID)
						values = append(values, tk.Value)
						offs = append(offs, refCharOffsets(cm, tk.Offsets))
					}
					if c.NoSave {
						values = r.Tokens
					}
					if !slices.Equal(ids, r.IDs) || !slices.Equal(values, r.Tokens) {
						t.Errorf("%q: got %v %q, the reference's %v %q", r.Word, ids, values, r.IDs, r.Tokens)
					}
					if !c.IDsOnly && !slices.Equal(offs, r.Offsets) {
						t.Errorf("%q: offsets %v, the reference's %v", r.Word, offs, r.Offsets)
					}
					got, err := m.AppendIDs(nil, r.Word)
					if err != nil || !slices.Equal(got, ids) {
						t.Errorf("%q: AppendIDs %v %v, Tokenize %v", r.Word, got, err, ids)
					}
				}
			}
		})
	}
}

// TestRegistry checks that tokenizer.ParseModel builds a BPE, with or without "type".
func TestRegistry(t *testing.T) {
	for _, js := range []string{
		`{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}`,
		`{"vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}`,
	} {
		m, err := tokenizer.ParseModel([]byte(js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		if _, ok := m.(*BPE); !ok {
			t.Fatalf("%s: got %T", js, m)
		}
		toks, err := m.Tokenize("ab")
		if err != nil || len(toks) != 1 || toks[0].ID != 2 {
			t.Fatalf("%s: %v %v", js, toks, err)
		}
	}
}
