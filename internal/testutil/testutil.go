// Package testutil holds what fasttok's tests share: the shared assets directory
// ($FASTTOK_SHARED, skipping the test when it is unset), the real tokenizer.json files
// and texts in it, and the golden-file checks of the models. Only tests import it.
package testutil

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SharedDir returns $FASTTOK_SHARED, or skips the test when it is unset.
func SharedDir(t testing.TB) string {
	t.Helper()
	d := os.Getenv("FASTTOK_SHARED")
	if d == "" {
		t.Skip("FASTTOK_SHARED not set (the shared assets directory, e.g. /work/shared)")
	}
	return d
}

// Gunzip returns the decompressed content of the gzip file at path.
func Gunzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// SharedTokenizers returns the paths of the shared tokenizer.json.gz files
// (assets/tokenizers/*.json.gz), failing the test when there are none.
func SharedTokenizers(t testing.TB) []string {
	t.Helper()
	dir := filepath.Join(SharedDir(t), "assets", "tokenizers")
	files, err := filepath.Glob(filepath.Join(dir, "*.json.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tokenizers under %s: %v", dir, err)
	}
	return files
}

// TokenizerSection returns the section (such as "model" or "normalizer") of the shared
// tokenizer NAME (assets/tokenizers/NAME.json.gz).
func TokenizerSection(t testing.TB, name, section string) json.RawMessage {
	t.Helper()
	data := Gunzip(t, filepath.Join(SharedDir(t), "assets/tokenizers", name+".json.gz"))
	var tj map[string]json.RawMessage
	if err := json.Unmarshal(data, &tj); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tj[section]
}

// GoldenTexts returns the texts of the shared smoke.jsonl and corpus.jsonl, each
// record's text then its pair if it has one, in file order: the inputs of the
// generators of the golden files (such as models/unigram/testdata/gen_golden.js).
func GoldenTexts(t testing.TB) []string {
	t.Helper()
	return SharedTexts(t, "smoke", "corpus")
}

// SharedTexts returns the texts of the named JSON Lines files of
// $FASTTOK_SHARED/assets/texts (names without ".jsonl"), each record's text then its
// pair if it has one, in file order. It skips the test when FASTTOK_SHARED is unset.
func SharedTexts(t testing.TB, names ...string) []string {
	t.Helper()
	var out []string
	for _, name := range names {
		name += ".jsonl"
		data, err := os.ReadFile(filepath.Join(SharedDir(t), "assets/texts", name))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var r struct {
				Text string  `json:"text"`
				Pair *string `json:"pair"`
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, r.Text)
			if r.Pair != nil {
				out = append(out, *r.Pair)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return out
}

// ReadLines returns the lines of the file at path, without the final newline.
func ReadLines(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

// Hash16 is the first 8 bytes of the SHA-256 of s in hex, as the golden files hold
// outputs.
func Hash16(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}
