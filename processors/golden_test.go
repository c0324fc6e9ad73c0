package processors

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/tokenizer"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func readDumps(t *testing.T, path string) []*encodingDump {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*encodingDump
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		d := &encodingDump{}
		if err := json.Unmarshal(sc.Bytes(), d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// split cuts a dump of an input processed without special tokens back into the
// encodings of its n sequences (by sequence id).
func split(d *encodingDump, n int) []*tokenizer.Encoding {
	encs := make([]*tokenizer.Encoding, n)
	for i := range encs {
		encs[i] = &tokenizer.Encoding{}
	}
	for i, s := range d.SequenceIDs {
		id := orNone(s)
		if id < 0 || id >= n {
			continue
		}
		e := encs[id]
		e.IDs = append(e.IDs, d.IDs[i])
		e.TypeIDs = append(e.TypeIDs, d.TypeIDs[i])
		e.Tokens = append(e.Tokens, d.Tokens[i])
		e.Offsets = append(e.Offsets, tokenizer.Offsets{Start: d.Offsets[i][0], End: d.Offsets[i][1]})
		e.WordIDs = append(e.WordIDs, orNone(d.WordIDs[i]))
		e.SpecialTokensMask = append(e.SpecialTokensMask, d.SpecialTokensMask[i])
		e.AttentionMask = append(e.AttentionMask, d.AttentionMask[i])
	}
	return encs
}

// trims reports whether p trims offsets (so that its output without special tokens
// cannot be processed again to give its output with them).
func trims(p tokenizer.PostProcessor) bool {
	switch p := p.(type) {
	case *ByteLevel:
		return p.TrimOffsets
	case *RobertaProcessing:
		return p.TrimOffsets
	case *Sequence:
		for _, c := range p.Processors {
			if trims(c) {
				return true
			}
		}
	}
	return false
}

// TestGoldenSmoke rebuilds, for each real tokenizer with a post-processor, the
// encodings of each smoke input from the reference's output without special tokens
// ($FASTTOK_SHARED/assets/golden/NAME.smoke.nospecial.jsonl), processes them with
// special tokens and compares with the reference's output
// (NAME.smoke.jsonl). Where the processor trims offsets (trimmed offsets cannot be
// trimmed again), offsets are not compared. Inputs that truncation may have cut are
// skipped.
func TestGoldenSmoke(t *testing.T) {
	shared := testutil.SharedDir(t)
	files := testutil.SharedTokenizers(t)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json.gz")
		t.Run(name, func(t *testing.T) {
			data := testutil.Gunzip(t, file)
			var tf struct {
				PostProcessor json.RawMessage `json:"post_processor"`
				Truncation    *struct {
					MaxLength int `json:"max_length"`
				} `json:"truncation"`
			}
			if err := jsonutil.Unmarshal(data, &tf); err != nil {
				t.Fatal(err)
			}
			p, err := tokenizer.ParsePostProcessor(tf.PostProcessor)
			if err != nil {
				t.Fatalf("post_processor %s: %v", tf.PostProcessor, err)
			}
			if p == nil {
				t.Skip("no post-processor")
			}
			// Saving gives back what was loaded, up to the keys the reference drops.
			saved, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tokenizer.ParsePostProcessor(saved); err != nil {
				t.Errorf("reloading %s: %v", saved, err)
			}
			var inputs []struct {
				Pair *string `json:"pair"`
			}
			texts, err := os.ReadFile(filepath.Join(shared, "assets", "texts", "smoke.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(strings.TrimSpace(string(texts)), "\n") {
				inputs = append(inputs, struct {
					Pair *string `json:"pair"`
				}{})
				if err := json.Unmarshal([]byte(l), &inputs[len(inputs)-1]); err != nil {
					t.Fatal(err)
				}
			}
			golden := filepath.Join(shared, "assets", "golden", name)
			plain := readDumps(t, golden+".smoke.nospecial.jsonl")
			want := readDumps(t, golden+".smoke.jsonl")
			if len(plain) != len(want) || len(plain) != len(inputs) {
				t.Fatalf("%d records without special tokens, %d with, %d inputs", len(plain), len(want), len(inputs))
			}
			noOffsets := trims(p)
			checked := 0
			for i := range plain {
				if len(plain[i].Overflowing) > 0 || len(want[i].Overflowing) > 0 {
					continue
				}
				if tf.Truncation != nil && len(plain[i].IDs)+p.AddedTokens(true) >= tf.Truncation.MaxLength {
					continue
				}
				n := 1
				if inputs[i].Pair != nil {
					n = 2
				}
				encs := split(plain[i], n)
				got, err := process(p, encs, true)
				if err != nil {
					t.Errorf("record %d: %v", i, err)
					continue
				}
				w, g := fromDump(want[i]), fromEncoding(got)
				if noOffsets {
					w.Offsets, g.Offsets = nil, nil
				}
				if diff := cmp.Diff(w, g, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("record %d: (-want +got)\n%s", i, diff)
				}
				if n := len(want[i].IDs) - len(plain[i].IDs); n != p.AddedTokens(len(encs) == 2) {
					t.Errorf("record %d: AddedTokens(%v) = %d, the reference added %d", i, len(encs) == 2, p.AddedTokens(len(encs) == 2), n)
				}
				checked++
			}
			if checked == 0 {
				t.Error("no record checked")
			}
		})
	}
}
