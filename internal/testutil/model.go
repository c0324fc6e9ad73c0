package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/fasttok/fasttok/tokenizer"
)

// IDsModel is a tokenizer.Model with the ids-only fast path.
type IDsModel interface {
	tokenizer.Model
	AppendIDs(dst []uint32, word string) ([]uint32, error)
}

// TransformText is a golden variant of a text, as gen_golden.js makes it: "raw" (s
// itself), "lower" (ASCII-lowercased) or "meta" ("▁" before each space-separated word).
func TransformText(s, variant string) string {
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

// CanonicalEncode tokenizes text as WhitespaceSplit then m, and returns the canonical
// form of gen_golden.js (a line "id\ttoken\tstart\tend" a token, offsets in
// characters), checking m.AppendIDs against m.Tokenize on the way.
func CanonicalEncode(t testing.TB, m IDsModel, text string) (string, error) {
	t.Helper()
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

// CheckGolden compares m's tokenization of the GoldenTexts, in each variant (see
// TransformText), with the reference's hashes in testdata/NAME.VARIANT.golden (a line
// a text: Hash16 of CanonicalEncode's output, or "error " and the message).
func CheckGolden(t *testing.T, m IDsModel, name string, variants ...string) {
	t.Helper()
	texts := GoldenTexts(t)
	for _, variant := range variants {
		golden := ReadLines(t, filepath.Join("testdata", name+"."+variant+".golden"))
		if len(golden) != len(texts) {
			t.Fatalf("%s.%s: %d golden lines for %d texts", name, variant, len(golden), len(texts))
		}
		bad := 0
		for i, text := range texts {
			canon, err := CanonicalEncode(t, m, TransformText(text, variant))
			got := Hash16(canon)
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

// CheckSaved checks that m serializes to what the reference saves for the model of the
// shared tokenizer NAME: testdata/NAME.save.golden holds its Hash16.
func CheckSaved(t *testing.T, m json.Marshaler, name string) {
	t.Helper()
	b, err := m.MarshalJSON()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	want := ReadLines(t, filepath.Join("testdata", name+".save.golden"))[0]
	if got := Hash16(string(b)); got != want {
		t.Errorf("%s: saved model hashes to %s, the reference's to %s", name, got, want)
	}
}

// BenchWords returns the words (whitespace-separated, each passed through transform)
// of the first MiB of the shared speed-en.jsonl, and their total size in bytes.
func BenchWords(b *testing.B, transform func(string) string) ([]string, int) {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(SharedDir(b), "assets/texts/speed-en.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var words []string
	size := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		var r struct{ Text string }
		if json.Unmarshal(line, &r) != nil {
			continue
		}
		for _, w := range strings.Fields(r.Text) {
			w = transform(w)
			words = append(words, w)
			size += len(w)
		}
		if size > 1<<20 {
			break
		}
	}
	return words, size
}

// BenchTokenize benchmarks m.Tokenize over words (size bytes in all).
func BenchTokenize(b *testing.B, m tokenizer.Model, words []string, size int) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, word := range words {
			if _, err := m.Tokenize(word); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchAppendIDs benchmarks m.AppendIDs over words (size bytes in all), reusing one
// buffer.
func BenchAppendIDs(b *testing.B, m IDsModel, words []string, size int) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	ids := make([]uint32, 0, 1024)
	var err error
	for b.Loop() {
		for _, word := range words {
			if ids, err = m.AppendIDs(ids[:0], word); err != nil {
				b.Fatal(err)
			}
		}
	}
}
