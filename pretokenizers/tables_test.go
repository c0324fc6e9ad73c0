package pretokenizers

import (
	"testing"
	"unicode"
)

// TestTables cross-checks the tables probed from the reference (tables_gen.go) with
// the other sources fasttok uses for the same classes.
func TestTables(t *testing.T) {
	bad := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		ws := unicode.Is(unicode.White_Space, r)
		if unicode.Is(whitespaceTable, r) != ws || unicode.Is(spaceTable, r) != ws || isWhitespace(r) != ws {
			t.Errorf("%U: whitespace tables disagree with White_Space", r)
			bad++
		}
		if unicode.Is(punctuationTable, r) != isPunct(r) {
			t.Errorf("%U: probed punctuation %v, unicodetables.IsBertPunctuation %v", r, unicode.Is(punctuationTable, r), isPunct(r))
			bad++
		}
		if r < 0x80 && (isWord(r) != unicode.Is(wordTable, r) || isNumeric(r) != unicode.Is(numericTable, r)) {
			t.Errorf("%U: ASCII fast path disagrees with the tables", r)
			bad++
		}
		if bad > 20 {
			t.Fatal("too many differences")
		}
	}
}
