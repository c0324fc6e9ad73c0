package fasttok_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// TestDecodeStream feeds the ids of every corpus record of every tokenizer one by one:
// whenever the stream returns text, all it returned so far is the full decode of the
// ids fed so far (the reference's own decode, from the golden files, at the end).
func TestDecodeStream(t *testing.T) {
	shared := sharedDir(t)
	for _, name := range goldenNames(t, shared) {
		t.Run(name, func(t *testing.T) {
			tok := benchTokenizer(t, name)
			failures := 0
			for i, line := range readLines(t, filepath.Join(shared, "assets", "golden", name+".decode.jsonl")) {
				var rec struct {
					IDs  []uint32 `json:"ids"`
					Text string   `json:"text"`
				}
				if err := jsonutil.Unmarshal(line, &rec); err != nil {
					t.Fatal(err)
				}
				st := tok.NewDecodeStream(false)
				var got strings.Builder
				for k, id := range rec.IDs {
					chunk, ok, err := st.Step(id)
					if err != nil {
						t.Fatalf("%s.decode.jsonl:%d: step %d: %v", name, i+1, k, err)
					}
					if !ok {
						continue
					}
					got.WriteString(chunk)
					full, _ := tok.Decode(rec.IDs[:k+1], false)
					if got.String() != full && failures < maxFailures {
						failures++
						t.Errorf("%s.decode.jsonl:%d: after %d ids stream = %q, decode = %q", name, i+1, k+1, got.String(), full)
					}
				}
				if !strings.HasPrefix(rec.Text, got.String()) && failures < maxFailures {
					failures++
					t.Errorf("%s.decode.jsonl:%d: stream = %q, not a prefix of %q", name, i+1, got.String(), rec.Text)
				}
			}
		})
	}
}
