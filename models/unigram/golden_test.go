package unigram

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/fasttok/fasttok/tokenizer"
)

// sharedDir returns $FASTTOK_SHARED or skips the test.
func sharedDir(t testing.TB) string {
	d := os.Getenv("FASTTOK_SHARED")
	if d == "" {
		t.Skip("FASTTOK_SHARED not set (the shared assets directory, e.g. /work/shared)")
	}
	return d
}

// loadModelJSON returns the "model" section of a shared tokenizer.json.gz.
func loadModelJSON(t testing.TB, name string) []byte {
	f, err := os.Open(filepath.Join(sharedDir(t), "assets/tokenizers", name+".json.gz"))
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
	var tj struct {
		Model json.RawMessage `json:"model"`
	}
	if err := json.Unmarshal(data, &tj); err != nil {
		t.Fatal(err)
	}
	return tj.Model
}

// goldenTexts returns the texts gen_golden.js runs over, in its order.
func goldenTexts(t testing.TB) []string {
	var out []string
	for _, name := range []string{"smoke.jsonl", "corpus.jsonl"} {
		data, err := os.ReadFile(filepath.Join(sharedDir(t), "assets/texts", name))
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
				t.Fatal(err)
			}
			out = append(out, r.Text)
			if r.Pair != nil {
				out = append(out, *r.Pair)
			}
		}
	}
	return out
}

func readGolden(t testing.TB, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

func transformText(s, variant string) string {
	switch variant {
	case "lower":
		return strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, s)
	case "meta":
		return "\u2581" + strings.ReplaceAll(s, " ", " \u2581")
	}
	return s
}

// idsModel is a tokenizer.Model with the ids-only fast path.
type idsModel interface {
	tokenizer.Model
	AppendIDs(dst []uint32, word string) ([]uint32, error)
}

// canonicalEncode tokenizes text as WhitespaceSplit + m, and returns the canonical form
// of gen_golden.js (offsets in characters), checking AppendIDs against Tokenize.
func canonicalEncode(t testing.TB, m idsModel, text string) (string, error) {
	var b strings.Builder
	for pos := 0; pos < len(text); {
		r, size := utf8.DecodeRuneInString(text[pos:])
		if unicode.IsSpace(r) {
			pos += size
			continue
		}
		end := pos
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r) {
				break
			}
			end += size
		}
		word := text[pos:end]
		toks, err := m.Tokenize(word)
		if err != nil {
			return "", err
		}
		ids, err := m.AppendIDs(nil, word)
		if err != nil {
			t.Errorf("AppendIDs(%q): %v", word, err)
		}
		if len(ids) != len(toks) {
			t.Errorf("AppendIDs(%q) = %v, Tokenize gave %d tokens", word, ids, len(toks))
		}
		base := utf8.RuneCountInString(text[:pos])
		for i, tk := range toks {
			if i < len(ids) && ids[i] != tk.ID {
				t.Errorf("AppendIDs(%q)[%d] = %d, Tokenize gave %d", word, i, ids[i], tk.ID)
			}
			s := base + utf8.RuneCountInString(word[:tk.Offsets.Start])
			e := base + utf8.RuneCountInString(word[:tk.Offsets.End])
			fmt.Fprintf(&b, "%d\t%s\t%d\t%d\n", tk.ID, tk.Value, s, e)
		}
		pos = end
	}
	return b.String(), nil
}

func hash16(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// TestGolden compares the tokenization of the smoke and corpus texts by the real
// models with the reference's (testdata/*.golden, made by testdata/gen_golden.js).
func TestGolden(t *testing.T) {
	texts := goldenTexts(t)
	for _, name := range []string{"t5-small", "xlnet-base-cased", "ortx-nmt-unigram"} {
		u, err := Parse(loadModelJSON(t, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, variant := range []string{"raw", "meta"} {
			golden := readGolden(t, filepath.Join("testdata", name+"."+variant+".golden"))
			if len(golden) != len(texts) {
				t.Fatalf("%s.%s: %d golden lines for %d texts", name, variant, len(golden), len(texts))
			}
			bad := 0
			for i, text := range texts {
				canon, err := canonicalEncode(t, u, transformText(text, variant))
				got := hash16(canon)
				if err != nil {
					got = "error " + err.Error()
				}
				if got != golden[i] {
					bad++
					if bad <= 3 {
						t.Errorf("%s.%s text %d %q: got %s, want %s\n%s", name, variant, i, text, got, golden[i], canon)
					}
				}
			}
			if bad > 0 {
				t.Errorf("%s.%s: %d/%d texts differ", name, variant, bad, len(texts))
			}
		}
	}
}

// TestRegistry loads the real model sections through the registry (t5-small's has no
// "type", so it goes through the untagged variants) and checks that MarshalJSON writes
// exactly what the reference saves (testdata/NAME.save.golden).
func TestRegistry(t *testing.T) {
	for _, name := range []string{"t5-small", "xlnet-base-cased", "ortx-nmt-unigram"} {
		m, err := tokenizer.ParseModel(loadModelJSON(t, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		u, ok := m.(*Unigram)
		if !ok {
			t.Fatalf("%s: got a %T", name, m)
		}
		b, err := u.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		want := readGolden(t, filepath.Join("testdata", name+".save.golden"))[0]
		if got := hash16(string(b)); got != want {
			t.Errorf("%s: saved model hashes to %s, the reference's to %s", name, got, want)
		}
	}
}
