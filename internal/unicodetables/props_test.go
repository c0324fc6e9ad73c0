package unicodetables

import (
	"encoding/json"
	"os"
	"testing"
)

// oracleSets are sets of code points measured on the reference by
// testdata/gen_oracle.js (every code point swept through the Node binding).
type oracleSets struct {
	BertPunctuation      [][2]rune `json:"bert_punctuation"`
	BertPretokWhitespace [][2]rune `json:"bert_pretok_whitespace"`
	RustNumeric          [][2]rune `json:"rust_numeric"`
	BertCleanRemoved     [][2]rune `json:"bert_clean_removed"`
	BertCleanSpace       [][2]rune `json:"bert_clean_space"`
	StripAccentsRemoved  [][2]rune `json:"strip_accents_removed"`
}

func loadOracle(t *testing.T) *oracleSets {
	t.Helper()
	data, err := os.ReadFile("testdata/oracle_sets.json")
	if err != nil {
		t.Fatal(err)
	}
	var o oracleSets
	if err := json.Unmarshal(data, &o); err != nil {
		t.Fatal(err)
	}
	return &o
}

func inRanges(rs [][2]rune) func(rune) bool {
	return func(r rune) bool {
		for _, g := range rs {
			if r >= g[0] && r <= g[1] {
				return true
			}
		}
		return false
	}
}

// sweep compares got with want on every scalar value except skip.
func sweep(t *testing.T, name string, want func(rune) bool, got func(rune) bool, skip rune) {
	t.Helper()
	bad := 0
	for r := rune(0); r <= 0x10FFFF; r++ {
		if (r >= 0xD800 && r <= 0xDFFF) || r == skip {
			continue
		}
		if want(r) != got(r) {
			if bad < 10 {
				t.Errorf("%s(U+%04X) = %v, the reference says %v", name, r, got(r), want(r))
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d code points differ", name, bad)
	}
}

func TestAgainstReferenceSweeps(t *testing.T) {
	o := loadOracle(t)
	sweep(t, "IsBertPunctuation", inRanges(o.BertPunctuation), IsBertPunctuation, 'a')
	sweep(t, "IsWhitespace", inRanges(o.BertPretokWhitespace), IsWhitespace, 'a')
	sweep(t, "IsRustNumeric", inRanges(o.RustNumeric), IsRustNumeric, 'a')
	// BertNormalizer clean_text: removes \0, U+FFFD and is_other (except \t \n \r), then
	// maps is_whitespace to ' '.
	sweep(t, "clean_text removes", inRanges(o.BertCleanRemoved), func(r rune) bool {
		return r == 0 || r == 0xFFFD || (r != '\t' && r != '\n' && r != '\r' && IsOther8(r))
	}, 'a')
	sweep(t, "clean_text spaces", inRanges(o.BertCleanSpace), func(r rune) bool {
		removed := r == 0 || r == 0xFFFD || (r != '\t' && r != '\n' && r != '\r' && IsOther8(r))
		return !removed && r != ' ' && IsWhitespace(r)
	}, 'a')
	sweep(t, "IsCombiningMark", inRanges(o.StripAccentsRemoved), IsCombiningMark, 'a')
}

func TestParityItems(t *testing.T) {
	// PARITY-CHECKLIST item 61: U+2E4F (Unicode 11) is not punctuation for the reference.
	if IsBertPunctuation('\u2E4F') {
		t.Error("U+2E4F must not be punctuation")
	}
	for _, r := range "!$+<=>^`|~,。、¿" {
		if !IsBertPunctuation(r) {
			t.Errorf("%q must be punctuation", r)
		}
	}
}

func TestHangulComposition(t *testing.T) {
	// The crate's regression test (normalize.rs): an LV syllable does not compose with
	// U+11A7 (T_BASE itself).
	if _, ok := Compose('\uC8E0', '\u11A7'); ok {
		t.Error("U+C8E0 + U+11A7 must not compose")
	}
}
