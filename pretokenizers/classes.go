package pretokenizers

import (
	"unicode"

	"github.com/fasttok/fasttok/internal/unicodetables"
)

// isNumeric is Rust's char::is_numeric (Unicode 16).
func isNumeric(r rune) bool {
	if r < 0x80 {
		return '0' <= r && r <= '9'
	}
	return unicode.Is(numericTable, r)
}

// isWhitespace is Rust's char::is_whitespace (White_Space; the same set as Go's).
func isWhitespace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// isWord is \w of the `regex` crate (Unicode 16).
func isWord(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.Is(wordTable, r)
}

// asciiPunct marks the ASCII punctuation characters (Rust's is_ascii_punctuation).
var asciiPunct = func() (t [128]bool) {
	for _, c := range "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" {
		t[c] = true
	}
	return t
}()

// isPunct is the reference's is_punc (bert.rs, punctuation.rs): ASCII punctuation or a
// punctuation category of the `unicode_categories` crate (old Unicode tables).
func isPunct(r rune) bool {
	if r < 0x80 {
		return r >= 0 && asciiPunct[r]
	}
	return unicodetables.IsBertPunctuation(r)
}
