package pretokenizers

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestRealTokenizers runs the pre_tokenizer of every tokenizer.json of
// $FASTTOK_SHARED/assets/tokenizers on the texts of assets/texts (smoke and corpus)
// and compares with the reference, computed at test time with
//
//	node $FASTTOK_SHARED/reference/golden.js pretokenize --tokenizer T --input F
//
// where T holds the file's pre_tokenizer alone (no normalizer, a one-word model), so
// that the texts reach the pre-tokenizer as they are. It is skipped without
// FASTTOK_SHARED, node or the installed reference.
func TestRealTokenizers(t *testing.T) {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		t.Skip("FASTTOK_SHARED not set")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not found")
	}
	files, err := filepath.Glob(filepath.Join(shared, "assets", "tokenizers", "*.json.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tokenizers in %s: %v", shared, err)
	}
	sort.Strings(files)
	// The inputs: smoke and corpus in one file.
	dir := t.TempDir()
	input := filepath.Join(dir, "input.jsonl")
	var texts []string
	var inbuf bytes.Buffer
	for _, name := range []string{"smoke.jsonl", "corpus.jsonl"} {
		for _, r := range readJSONL[struct {
			Text string `json:"text"`
		}](t, filepath.Join(shared, "assets", "texts", name)) {
			texts = append(texts, r.Text)
			b, _ := json.Marshal(map[string]string{"text": r.Text})
			inbuf.Write(b)
			inbuf.WriteByte('\n')
		}
	}
	if err := os.WriteFile(input, inbuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, f := range files {
		name := filepath.Base(f)
		raw := preTokenizerOf(t, f)
		if raw == nil {
			continue
		}
		var c bytes.Buffer
		if err := json.Compact(&c, raw); err != nil {
			t.Fatal(err)
		}
		if prev, ok := seen[c.String()]; ok {
			t.Logf("%s: same pre_tokenizer as %s", name, prev)
			continue
		}
		seen[c.String()] = name
		t.Run(name, func(t *testing.T) {
			pt, err := tokenizer.ParsePreTokenizer(raw)
			if err != nil {
				t.Fatal(err)
			}
			tok := filepath.Join(dir, "tokenizer.json")
			doc := map[string]any{"version": "1.0", "truncation": nil, "padding": nil, "added_tokens": []any{},
				"normalizer": nil, "pre_tokenizer": json.RawMessage(raw), "post_processor": nil, "decoder": nil,
				"model": map[string]any{"type": "WordLevel", "vocab": map[string]int{"[UNK]": 0}, "unk_token": "[UNK]"}}
			b, _ := json.Marshal(doc)
			if err := os.WriteFile(tok, b, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("node", filepath.Join(shared, "reference", "golden.js"), "pretokenize", "--tokenizer", tok, "--input", input)
			out, err := cmd.Output()
			if err != nil {
				if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 {
					t.Skip("reference not installed")
				}
				t.Fatalf("golden.js: %v", err)
			}
			type result struct {
				Normalized string  `json:"normalized"`
				Pieces     []piece `json:"pieces"`
			}
			var results []result
			dec := json.NewDecoder(bytes.NewReader(out))
			for {
				var r result
				if err := dec.Decode(&r); err == io.EOF {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				results = append(results, r)
			}
			if len(results) != len(texts) {
				t.Fatalf("%d results for %d texts", len(results), len(texts))
			}
			for i, r := range results {
				got, err := pretokenize(pt, texts[i])
				if err != nil {
					t.Errorf("%q: %v", texts[i], err)
					continue
				}
				comparePieces(t, texts[i], got, r.Pieces)
			}
			t.Logf("%s: %d texts compared", name, len(texts))
		})
	}
}

// preTokenizerOf returns the pre_tokenizer of a gzipped tokenizer.json (nil for null).
func preTokenizerOf(t testing.TB, path string) json.RawMessage {
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
	// Stream the top-level keys and stop at pre_tokenizer: the model, which comes
	// after it in saved files, is not read.
	dec := json.NewDecoder(zr)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s: not a JSON object", path)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		if key == "pre_tokenizer" {
			if string(raw) == "null" {
				return nil
			}
			return raw
		}
	}
	return nil
}
