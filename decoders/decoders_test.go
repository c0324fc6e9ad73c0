package decoders

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// decodeCase is one line of testdata/decode_cases.jsonl (see testdata/README.md).
type decodeCase struct {
	Decoder json.RawMessage `json:"decoder"`
	Tokens  []string        `json:"tokens"`
	Saved   json.RawMessage `json:"saved"`
	Text    *string         `json:"text"`
	Error   string          `json:"error"`
}

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// compactJSON re-encodes a JSON value compactly, without HTML escaping.
func compactJSON(t *testing.T, raw []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("bad JSON %s: %v", raw, err)
	}
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(sb.String())
}

// TestReferenceCases checks loading, saving and decoding against the reference's
// outputs in testdata/decode_cases.jsonl.
func TestReferenceCases(t *testing.T) {
	for i, c := range readJSONL[decodeCase](t, "testdata/decode_cases.jsonl") {
		d, err := tokenizer.ParseDecoder(c.Decoder)
		if c.Error != "" {
			if err == nil {
				t.Errorf("case %d %s: loaded, want error %q", i, c.Decoder, c.Error)
			} else if !strings.Contains(err.Error(), c.Error) {
				t.Logf("case %d %s: error %q, reference says %q", i, c.Decoder, err, c.Error)
			}
			continue
		}
		if err != nil {
			t.Errorf("case %d %s: %v", i, c.Decoder, err)
			continue
		}
		saved, err := json.Marshal(d)
		if err != nil {
			t.Errorf("case %d: marshal: %v", i, err)
		} else if got, want := compactJSON(t, saved), compactJSON(t, c.Saved); got != want {
			t.Errorf("case %d: saved %s, want %s", i, got, want)
		}
		text, err := Decode(d, c.Tokens)
		if err != nil {
			t.Errorf("case %d %s %q: %v", i, c.Decoder, c.Tokens, err)
			continue
		}
		if text != *c.Text {
			t.Errorf("case %d %s %q: decoded %q, want %q", i, c.Decoder, c.Tokens, text, *c.Text)
		}
	}
}
