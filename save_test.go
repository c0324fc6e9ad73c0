package fasttok_test

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/jsonutil"
)

// TestSave: every tokenizer of ../shared saved by fasttok is byte for byte what the
// reference's save writes (their SHA-256 are in testdata/save/reference-save.jsonl,
// made by testdata/save-hashes.js), and loading it again gives the golden encodings.
func TestSave(t *testing.T) {
	shared := sharedDir(t)
	want := map[string]string{}
	for _, line := range readLines(t, filepath.Join("testdata", "save", "reference-save.jsonl")) {
		var r struct {
			Name   string `json:"name"`
			SHA256 string `json:"sha256"`
		}
		if err := jsonutil.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		want[r.Name] = r.SHA256
	}
	for _, name := range goldenNames(t, shared) {
		t.Run(name, func(t *testing.T) {
			tok := benchTokenizer(t, name)
			data, err := tok.ToJSON(false)
			if err != nil {
				t.Fatalf("save: %v", err)
			}
			sum := sha256.Sum256(data)
			if got := hex.EncodeToString(sum[:]); got != want[name] {
				t.Errorf("save: sha256 %s (%d bytes), reference's %s", got, len(data), want[name])
			}
			again, err := fasttok.LoadBytes(data)
			if err != nil {
				t.Fatalf("load saved: %v", err)
			}
			golden := filepath.Join(shared, "assets", "golden")
			texts := filepath.Join(shared, "assets", "texts")
			checkEncode(t, again, filepath.Join(texts, "smoke.jsonl"), filepath.Join(golden, name+".smoke.jsonl"), false)
			checkEncode(t, again, filepath.Join(texts, "corpus.jsonl"), filepath.Join(golden, name+".corpus.jsonl"), false)
		})
	}
}
