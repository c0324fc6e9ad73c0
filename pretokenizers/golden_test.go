package pretokenizers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// piece is one piece as the reference's Node binding prints it: [value, [start, end]]
// with character offsets.
type piece struct {
	Value      string
	Start, End int
}

func (p *piece) UnmarshalJSON(b []byte) error {
	var raw [2]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if err := json.Unmarshal(raw[0], &p.Value); err != nil {
		return err
	}
	var o [2]int
	if err := json.Unmarshal(raw[1], &o); err != nil {
		return err
	}
	p.Start, p.End = o[0], o[1]
	return nil
}

// pretokenize runs pt on text as the reference's preTokenizeString does and returns
// the pieces with character offsets in text.
func pretokenize(pt tokenizer.PreTokenizer, text string) ([]piece, error) {
	p := tokenizer.NewPreTokenizedString(text)
	if pt != nil {
		if err := pt.PreTokenize(p); err != nil {
			return nil, err
		}
	}
	var out []piece
	for _, s := range p.GetSplits(tokenizer.Original, tokenizer.OffsetChars) {
		out = append(out, piece{s.Value, s.Offsets.Start, s.Offsets.End})
	}
	return out, nil
}

func readJSONL[T any](t testing.TB, path string) []T {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(zr); err != nil {
			t.Fatal(err)
		}
		data = buf.Bytes()
	}
	var out []T
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	return out
}

// comparePieces reports the first difference between got and want.
func comparePieces(t *testing.T, label string, got, want []piece) {
	t.Helper()
	if len(got) == len(want) {
		same := true
		for i := range got {
			if got[i] != want[i] {
				same = false
				break
			}
		}
		if same {
			return
		}
	}
	t.Errorf("%q:\n got %v\nwant %v", label, got, want)
}

// TestGolden runs the pre-tokenizers of testdata/configs.jsonl on testdata/texts.jsonl
// and compares with the reference's outputs, load errors and serializations
// (testdata/golden.jsonl.gz, made by testdata/gen.js).
func TestGolden(t *testing.T) {
	type config struct {
		Name         string          `json:"name"`
		PreTokenizer json.RawMessage `json:"pre_tokenizer"`
	}
	type golden struct {
		Name    string          `json:"name"`
		Error   string          `json:"error"`
		Saved   json.RawMessage `json:"saved"`
		Results [][]piece       `json:"results"`
	}
	configs := readJSONL[config](t, filepath.Join("testdata", "configs.jsonl"))
	texts := readJSONL[struct{ Text string }](t, filepath.Join("testdata", "texts.jsonl"))
	goldens := readJSONL[golden](t, filepath.Join("testdata", "golden.jsonl.gz"))
	if len(configs) != len(goldens) {
		t.Fatalf("%d configs, %d goldens: run testdata/gen.js", len(configs), len(goldens))
	}
	cases := 0
	for i, c := range configs {
		g := goldens[i]
		t.Run(c.Name, func(t *testing.T) {
			pt, err := tokenizer.ParsePreTokenizer(c.PreTokenizer)
			if g.Error != "" {
				if err == nil {
					t.Fatalf("loaded; the reference rejects it: %s", g.Error)
				}
				if !strings.Contains(g.Error, "untagged enum") && !strings.Contains(err.Error(), g.Error) {
					t.Errorf("error %q, the reference's %q", err, g.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			saved, err := json.Marshal(pt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(saved, compact(t, g.Saved)) {
				t.Errorf("MarshalJSON = %s, reference %s", saved, compact(t, g.Saved))
			}
			for j, want := range g.Results {
				got, err := pretokenize(pt, texts[j].Text)
				if err != nil {
					t.Errorf("text %d %q: %v", j, texts[j].Text, err)
					continue
				}
				comparePieces(t, texts[j].Text, got, want)
				cases++
			}
		})
	}
	t.Logf("%d (config, text) cases compared", cases)
}

func compact(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
