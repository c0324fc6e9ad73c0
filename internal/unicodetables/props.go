package unicodetables

import "unicode"

// IsBertPunctuation reports whether the reference's BertPreTokenizer isolates r as
// punctuation: ASCII punctuation (Rust's char::is_ascii_punctuation, which includes
// symbols such as $ + < = > ^ ` | ~) or General_Category P* of Unicode 8.0.0 (the
// crate unicode_categories): U+2E4F (Unicode 11) is not punctuation.
func IsBertPunctuation(r rune) bool {
	if r < 0x80 {
		return asciiPunct[r]
	}
	return unicode.Is(punctuation8, r)
}

var asciiPunct = [128]bool{
	'!': true, '"': true, '#': true, '$': true, '%': true, '&': true, '\'': true,
	'(': true, ')': true, '*': true, '+': true, ',': true, '-': true, '.': true,
	'/': true, ':': true, ';': true, '<': true, '=': true, '>': true, '?': true,
	'@': true, '[': true, '\\': true, ']': true, '^': true, '_': true, '`': true,
	'{': true, '|': true, '}': true, '~': true,
}

// IsPunctuation8 reports whether r has General_Category P* in Unicode 8.0.0
// (unicode_categories' is_punctuation).
func IsPunctuation8(r rune) bool { return unicode.Is(punctuation8, r) }

// IsOther8 reports whether r is Cc, Cf or Co in Unicode 8.0.0: unicode_categories'
// is_other, which BertNormalizer's clean_text uses as is_control.
func IsOther8(r rune) bool { return unicode.Is(other8, r) }

// IsNonspacingMark8 reports whether r is Mn in Unicode 8.0.0 (unicode_categories'
// is_mark_nonspacing, BertNormalizer's strip_accents).
func IsNonspacingMark8(r rune) bool { return unicode.Is(nonspacingMark8, r) }

// IsCombiningMark reports whether r is M* (Mn, Mc, Me) in Unicode 9.0.0
// (unicode-normalization-alignments' is_combining_mark, the StripAccents normalizer).
func IsCombiningMark(r rune) bool { return r >= 0x300 && unicode.Is(mark9, r) }

// IsWhitespace reports whether r has the White_Space property (of Unicode 17.0.0; the
// set has not changed for years): Rust's char::is_whitespace.
func IsWhitespace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	if r < 0x80 {
		return false
	}
	return unicode.Is(whiteSpace, r)
}

// IsRustNumeric reports whether r is numeric for Rust's char::is_numeric (the Digits
// pre-tokenizer): General_Category N* (Nd, Nl, No) of Unicode 17.0.0, the version of
// the Rust standard library that built the reference.
func IsRustNumeric(r rune) bool {
	if r < 0x80 {
		return r >= '0' && r <= '9'
	}
	return unicode.Is(number17, r)
}
