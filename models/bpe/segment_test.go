package bpe

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSafeForCut(t *testing.T) {
	for _, c := range []struct {
		tok  string
		safe bool
	}{
		{"▁the", true}, {"▁▁", true}, {"▁▁▁▁", true}, {"the", true}, {"a▁", false}, {"▁a▁b", false}, {"", true},
	} {
		if got := safeForCut(c.tok, "▁"); got != c.safe {
			t.Errorf("safeForCut(%q) = %v, want %v", c.tok, got, c.safe)
		}
	}
}

// TestSegmentedEqualsWhole: on the SentencePiece-style tokenizers of ../shared (no
// pre-tokenizer: whole texts reach the model), cutting long words gives exactly the
// tokens of the whole word, on every document of speed-multi.jsonl and corpus.jsonl
// turned into one "▁"-joined word, with and without the cache.
func TestSegmentedEqualsWhole(t *testing.T) {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		t.Skip("FASTTOK_SHARED is not set")
	}
	var texts []string
	for _, f := range []string{"corpus.jsonl", "speed-multi.jsonl"} {
		fh, err := os.Open(filepath.Join(shared, "assets", "texts", f))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<28)
		for sc.Scan() {
			var r struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				if len(r.Text) > 20000 {
					r.Text = r.Text[:20000]
				}
				texts = append(texts, r.Text)
			}
		}
		fh.Close()
	}
	checked := 0
	for _, name := range []string{"llama2", "mistral-7b-v0.1", "gemma", "gemma3", "chatglm"} {
		fh, err := os.Open(filepath.Join(shared, "assets", "tokenizers", name+".json.gz"))
		if err != nil {
			t.Fatal(err)
		}
		zr, _ := gzip.NewReader(fh)
		var file struct{ Model json.RawMessage }
		if err := json.NewDecoder(zr).Decode(&file); err != nil {
			t.Fatal(err)
		}
		fh.Close()
		m, err := Parse(file.Model)
		if err != nil {
			t.Fatal(err)
		}
		if m.segment == "" {
			t.Logf("%s: no safe cut point", name)
			continue
		}
		whole, _ := Parse(file.Model)
		whole.segment = ""
		whole.cache = nil
		for i, text := range texts {
			word := "▁" + strings.ReplaceAll(text, " ", "▁")
			got, err1 := m.Tokenize(word)
			want, err2 := whole.Tokenize(word)
			if err1 != nil || err2 != nil || !slices.Equal(got, want) {
				t.Fatalf("%s: text %d: segmented tokens differ from the whole word's (errors %v, %v)", name, i, err1, err2)
			}
			ids, _ := m.AppendIDs(nil, word)
			wantIDs := make([]uint32, len(want))
			for k, tk := range want {
				wantIDs[k] = tk.ID
			}
			if !slices.Equal(ids, wantIDs) {
				t.Fatalf("%s: text %d: segmented ids differ", name, i)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Error("no tokenizer has a safe cut point")
	}
}
