package tokenizer

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Rust's char::to_lowercase and char::to_uppercase map a character to the
// characters of its full case mapping: the simple mapping of UnicodeData.txt, except
// for the unconditional multi-character mappings of SpecialCasing.txt (İ → i̇, ß → SS,
// ﬁ → FI, ᾳ → ΑΙ...). Go's unicode.ToLower and unicode.ToUpper give the simple
// mappings; the multi-character ones are derived once, on first need, from
// golang.org/x/text/cases (the full mappings of the Unicode version of that package)
// applied to each cased letter alone, so that no context rule (final sigma) applies.

// newerCaseMappings are the simple case mappings that Unicode 16.0 and 17.0 added
// (UnicodeData.txt fields 12-13; the reference is built with Unicode 17 tables, Go
// 1.26's unicode package has Unicode 15.0): Garay (U+10D50..U+10D65 ↔
// U+10D70..U+10D85), Beria Erfe (U+16EA0..U+16EB8 ↔ U+16EBB..U+16ED3), and single
// letters U+1C89, U+A7CB, U+A7CC, U+A7CE, U+A7D2, U+A7D4, U+A7DA, U+A7DC with their
// lowercase forms. Checked against the reference's lowercasing of every code point
// (testdata/rust_lowercase.json). Deltas are {upper, lower, title}.
var newerCaseMappings = unicode.SpecialCase{
	{Lo: 0x019B, Hi: 0x019B, Delta: [unicode.MaxCase]rune{0xA7DC - 0x019B, 0, 0xA7DC - 0x019B}},
	{Lo: 0x0264, Hi: 0x0264, Delta: [unicode.MaxCase]rune{0xA7CB - 0x0264, 0, 0xA7CB - 0x0264}},
	{Lo: 0x1C89, Hi: 0x1C89, Delta: [unicode.MaxCase]rune{0, 1, 0}},
	{Lo: 0x1C8A, Hi: 0x1C8A, Delta: [unicode.MaxCase]rune{-1, 0, -1}},
	{Lo: 0xA7CB, Hi: 0xA7CB, Delta: [unicode.MaxCase]rune{0, 0x0264 - 0xA7CB, 0}},
	{Lo: 0xA7CC, Hi: 0xA7CF, Delta: [unicode.MaxCase]rune{unicode.UpperLower, unicode.UpperLower, unicode.UpperLower}},
	{Lo: 0xA7D2, Hi: 0xA7D5, Delta: [unicode.MaxCase]rune{unicode.UpperLower, unicode.UpperLower, unicode.UpperLower}},
	{Lo: 0xA7DA, Hi: 0xA7DB, Delta: [unicode.MaxCase]rune{unicode.UpperLower, unicode.UpperLower, unicode.UpperLower}},
	{Lo: 0xA7DC, Hi: 0xA7DC, Delta: [unicode.MaxCase]rune{0, 0x019B - 0xA7DC, 0}},
	{Lo: 0x10D50, Hi: 0x10D65, Delta: [unicode.MaxCase]rune{0, 0x20, 0}},
	{Lo: 0x10D70, Hi: 0x10D85, Delta: [unicode.MaxCase]rune{-0x20, 0, -0x20}},
	{Lo: 0x16EA0, Hi: 0x16EB8, Delta: [unicode.MaxCase]rune{0, 0x1B, 0}},
	{Lo: 0x16EBB, Hi: 0x16ED3, Delta: [unicode.MaxCase]rune{-0x1B, 0, -0x1B}},
}

var (
	specialCaseOnce sync.Once
	specialLowerMap map[rune]string
	specialUpperMap map[rune]string
	// the smallest and largest keys of each map, to skip the lookups quickly
	specialLowerLo, specialLowerHi rune
	specialUpperLo, specialUpperHi rune
	specialCaseTable               = []*unicode.RangeTable{unicode.Lu, unicode.Ll, unicode.Lt}
)

// buildSpecialCase fills specialLowerMap and specialUpperMap.
func buildSpecialCase() {
	specialLowerMap = make(map[rune]string)
	specialUpperMap = make(map[rune]string)
	lower := cases.Lower(language.Und)
	upper := cases.Upper(language.Und)
	var buf [utf8.UTFMax]byte
	visit := func(r rune) {
		s := string(buf[:utf8.EncodeRune(buf[:], r)])
		if l := lower.String(s); utf8.RuneCountInString(l) > 1 {
			specialLowerMap[r] = l
		}
		if u := upper.String(s); utf8.RuneCountInString(u) > 1 {
			specialUpperMap[r] = u
		}
	}
	defer func() {
		specialLowerLo, specialLowerHi = keyBounds(specialLowerMap)
		specialUpperLo, specialUpperHi = keyBounds(specialUpperMap)
	}()
	for _, t := range specialCaseTable {
		for _, rg := range t.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				visit(r)
			}
		}
		for _, rg := range t.R32 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				visit(r)
			}
		}
	}
}

// keyBounds returns the smallest and largest keys of m (1, 0 when m is empty).
func keyBounds(m map[rune]string) (lo, hi rune) {
	lo, hi = 1, 0
	for k := range m {
		if hi < lo {
			lo, hi = k, k
			continue
		}
		lo, hi = min(lo, k), max(hi, k)
	}
	return lo, hi
}

// caseMapping returns the case mapping of c (upper or lower): one rune, or, when the
// mapping has several characters, multi (and r is meaningless).
func caseMapping(c rune, upper bool) (r rune, multi string) {
	if c < utf8.RuneSelf {
		if upper && 'a' <= c && c <= 'z' {
			return c - 'a' + 'A', ""
		}
		if !upper && 'A' <= c && c <= 'Z' {
			return c - 'A' + 'a', ""
		}
		return c, ""
	}
	specialCaseOnce.Do(buildSpecialCase)
	if upper {
		if specialUpperLo <= c && c <= specialUpperHi {
			if s, ok := specialUpperMap[c]; ok {
				return 0, s
			}
		}
		return newerCaseMappings.ToUpper(c), ""
	}
	if specialLowerLo <= c && c <= specialLowerHi {
		if s, ok := specialLowerMap[c]; ok {
			return 0, s
		}
	}
	return newerCaseMappings.ToLower(c), ""
}

// RustToLower returns Rust's c.to_lowercase() as a string.
func RustToLower(c rune) string {
	r, multi := caseMapping(c, false)
	if multi != "" {
		return multi
	}
	return string(r)
}

// RustToUpper returns Rust's c.to_uppercase() as a string.
func RustToUpper(c rune) string {
	r, multi := caseMapping(c, true)
	if multi != "" {
		return multi
	}
	return string(r)
}
