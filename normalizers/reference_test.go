package normalizers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/unicodetables"
	"github.com/fasttok/fasttok/tokenizer"
)

// readJSONL decodes every line of a (possibly gzip'd) JSON-lines file of testdata.
func readJSONL[T any](t *testing.T, name string) []T {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r interface {
		Read([]byte) (int, error)
	} = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []T
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// charOffsets returns, for each character of n's normalized text, the character
// offsets in the original it aligns to: what the reference's encodings report for
// one token per character.
func charOffsets(n *tokenizer.NormalizedString) [][2]int {
	orig := n.Original()
	// charIndex[b] = number of characters of orig before byte b.
	charIndex := make([]int, len(orig)+1)
	c := 0
	for b := range len(orig) + 1 {
		charIndex[b] = c
		if b < len(orig) && utf8.RuneStart(orig[b]) {
			c++
		}
	}
	// A byte inside a character counts the character as started.
	for b := 0; b <= len(orig); b++ {
		if b < len(orig) && !utf8.RuneStart(orig[b]) {
			charIndex[b] = charIndex[b] - 1
		}
	}
	var out [][2]int
	s := n.Normalized()
	for i, r := range s {
		o, ok := n.ConvertOffsets(tokenizer.Normalized, tokenizer.Offsets{Start: i, End: i + utf8.RuneLen(r)})
		if !ok {
			out = append(out, [2]int{-1, -1})
			continue
		}
		out = append(out, [2]int{charIndex[o.Start], charIndex[o.End]})
	}
	return out
}

type refCase struct {
	Name       string          `json:"name"`
	Normalizer json.RawMessage `json:"normalizer"`
	Text       string          `json:"text"`
	Normalized string          `json:"normalized"`
	Offsets    [][2]int        `json:"offsets"`
}

// TestReferenceCases runs every normalizer of testdata/cases.jsonl.gz (made by
// gen_cases.js) on its texts and compares the normalized text and the offsets of every
// normalized character with the reference's.
func TestReferenceCases(t *testing.T) {
	cases := readJSONL[refCase](t, "cases.jsonl.gz")
	built := map[string]tokenizer.Normalizer{}
	passed := 0
	for _, c := range cases {
		norm, ok := built[c.Name]
		if !ok {
			var err error
			norm, err = tokenizer.ParseNormalizer(c.Normalizer)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			built[c.Name] = norm
		}
		n := tokenizer.NewNormalizedString(c.Text)
		if err := norm.Normalize(&n); err != nil {
			t.Errorf("%s(%q): %v", c.Name, c.Text, err)
			continue
		}
		if got := n.Normalized(); got != c.Normalized {
			t.Errorf("%s(%q) = %q (%U), the reference gives %q (%U)", c.Name, c.Text, got, []rune(got), c.Normalized, []rune(c.Normalized))
			continue
		}
		got := charOffsets(&n)
		if len(got) != len(c.Offsets) {
			t.Errorf("%s(%q): %d offsets, the reference %d", c.Name, c.Text, len(got), len(c.Offsets))
			continue
		}
		bad := false
		for i := range got {
			if got[i] != c.Offsets[i] {
				t.Errorf("%s(%q): offsets %v, the reference %v", c.Name, c.Text, got, c.Offsets)
				bad = true
				break
			}
		}
		if !bad {
			passed++
		}
	}
	t.Logf("%d of %d reference cases passed", passed, len(cases))
}

// TestUnicodeSweep compares NFC, NFD, NFKC and NFKD of every scalar value with the
// reference (testdata/sweep.json.gz, made by gen_sweep.js): the same chunks of 8192
// code points separated by U+0001 go through the normalizer.
func TestUnicodeSweep(t *testing.T) {
	f, err := os.Open("testdata/sweep.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var sweep map[string][][2]any
	if err := json.NewDecoder(zr).Decode(&sweep); err != nil {
		t.Fatal(err)
	}
	forms := map[string]tokenizer.Normalizer{"nfc": NFC{}, "nfd": NFD{}, "nfkc": NFKC{}, "nfkd": NFKD{}}
	for name, norm := range forms {
		want := map[rune]string{}
		for _, e := range sweep[name] {
			want[rune(e[0].(float64))] = e[1].(string)
		}
		compared, bad := 0, 0
		var sb strings.Builder
		const chunk = 8192
		for base := rune(0); base < 0x110000; base += chunk {
			sb.Reset()
			var cps []rune
			for r := base; r < base+chunk && r < 0x110000; r++ {
				if (r >= 0xD800 && r <= 0xDFFF) || r == 1 {
					continue
				}
				if len(cps) > 0 {
					sb.WriteRune(1)
				}
				sb.WriteRune(r)
				cps = append(cps, r)
			}
			n := tokenizer.NewNormalizedString(sb.String())
			if err := norm.Normalize(&n); err != nil {
				t.Fatal(err)
			}
			parts := strings.Split(n.Normalized(), "\x01")
			if len(parts) != len(cps) {
				t.Fatalf("%s: chunk %X: %d parts for %d code points", name, base, len(parts), len(cps))
			}
			for i, r := range cps {
				exp, ok := want[r]
				if !ok {
					exp = string(r)
				}
				compared++
				if parts[i] != exp {
					if bad < 10 {
						t.Errorf("%s(U+%04X) = %U, the reference gives %U", name, r, []rune(parts[i]), []rune(exp))
					}
					bad++
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d code points differ", name, bad, compared)
		}
		t.Logf("%s: %d code points compared with the reference (%d changed by it)", name, compared, len(want))
	}
}

type serdeCase struct {
	Input json.RawMessage `json:"input"`
	Saved json.RawMessage `json:"saved"`
	Error string          `json:"error"`
}

var serdeLocation = regexp.MustCompile(` at line \d+ column \d+$`)

// TestSerde loads the normalizers of testdata/serde.jsonl (made by gen_serde.js) and
// checks that what the reference rejects is rejected (with the same message, but for
// its untagged-enum errors) and that what it accepts saves as the reference saves it.
func TestSerde(t *testing.T) {
	for _, c := range readJSONL[serdeCase](t, "serde.jsonl") {
		norm, err := tokenizer.ParseNormalizer(c.Input)
		if c.Error != "" {
			if err == nil {
				t.Errorf("%s: accepted, the reference fails with %q", c.Input, c.Error)
				continue
			}
			want := serdeLocation.ReplaceAllString(c.Error, "")
			switch {
			case strings.HasPrefix(want, "data did not match any variant"):
				// The reference's untagged fallback: its message names no field.
			case strings.HasPrefix(want, "Oniguruma error"):
				if !strings.Contains(err.Error(), "Oniguruma error") {
					t.Errorf("%s: error %q, the reference's %q", c.Input, err, want)
				}
			case !strings.Contains(err.Error(), want):
				t.Errorf("%s: error %q, the reference's %q", c.Input, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v (the reference accepts it)", c.Input, err)
			continue
		}
		got, err := json.Marshal(norm)
		if err != nil {
			t.Errorf("%s: marshal: %v", c.Input, err)
			continue
		}
		// Compare key order too: the reference's compact output.
		if want := compactOrdered(c.Saved); string(got) != want {
			t.Errorf("%s: saved as %s, the reference %s", c.Input, got, want)
		}
	}
}

// compactOrdered compacts JSON keeping its key order.
func compactOrdered(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}

// Quick checks of the normalization tables' versions (PARITY-CHECKLIST item 40).
func TestNormVersion(t *testing.T) {
	if unicodetables.NormVersion != "9.0.0" {
		t.Errorf("NormVersion = %s", unicodetables.NormVersion)
	}
}
