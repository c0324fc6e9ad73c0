package onig

import (
	"sort"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"
)

// candidate is a Go unicode table that regexp2 knows by name (\p{name}), usable to write a
// large set compactly.
type candidate struct {
	name string
	set  rset
	size int
}

// candidates lists the Go tables, largest first.
var candidates = sync.OnceValue(func() []candidate {
	var out []candidate
	addAll := func(m map[string]*unicode.RangeTable) {
		for name, t := range m {
			if name == "C" || name == "Cs" || name == "Co" || name == "Cn" {
				continue
			}
			s := fromTable(t)
			n := 0
			for _, r := range s {
				n += int(r.hi-r.lo) + 1
			}
			out = append(out, candidate{name, s, n})
		}
	}
	addAll(unicode.Categories)
	addAll(unicode.Scripts)
	props := map[string]*unicode.RangeTable{}
	for _, n := range []string{"White_Space", "Other_Alphabetic", "Hex_Digit", "ASCII_Hex_Digit", "Join_Control",
		"Regional_Indicator", "Other_Lowercase", "Other_Uppercase", "Ideographic", "Unified_Ideograph",
		"Diacritic", "Extender", "Other_Grapheme_Extend", "Variation_Selector", "Dash", "Pattern_Syntax"} {
		if t := unicode.Properties[n]; t != nil {
			props[n] = t
		}
	}
	addAll(props)
	sort.Slice(out, func(i, j int) bool {
		if out[i].size != out[j].size {
			return out[i].size > out[j].size
		}
		return out[i].name < out[j].name
	})
	return out
})

// compress writes s as named Go tables plus residual ranges.
func compress(s rset) (names []string, residual rset) {
	if len(s) <= 12 {
		return nil, s
	}
	var covered rset
	for _, c := range candidates() {
		if len(c.set) == 0 || !s.has(c.set[0].lo) || !s.has(c.set[len(c.set)-1].hi) {
			continue
		}
		if !c.set.subsetOf(s) || c.set.subsetOf(covered) {
			continue
		}
		// Only worth it when it removes several ranges from the residual.
		if len(c.set.minus(covered)) < 4 {
			continue
		}
		names = append(names, c.name)
		covered = covered.union(c.set)
	}
	return names, s.minus(covered)
}

// appendSet appends a regexp2 atom matching exactly the code points of s.
func appendSet(b []byte, s rset) []byte {
	switch {
	case len(s) == 0:
		return append(b, `[^\u0000-`+string(rune(maxRune))+`]`...)
	case len(s) == 1 && s[0].lo == s[0].hi:
		return appendLiteral(b, s[0].lo)
	case len(s) == 1 && s[0].lo == 0 && s[0].hi == maxRune:
		return append(b, `[\u0000-`+string(rune(maxRune))+`]`...)
	}
	pn, pr := compress(s)
	neg := s.negate()
	nn, nr := compress(neg)
	useNeg := len(nr)+3*len(nn) < len(pr)+3*len(pn)
	names, res := pn, pr
	b = append(b, '[')
	if useNeg {
		b = append(b, '^')
		names, res = nn, nr
	}
	for _, n := range names {
		b = append(b, `\p{`...)
		b = append(b, n...)
		b = append(b, '}')
	}
	for _, r := range res {
		b = appendClassRune(b, r.lo)
		if r.hi != r.lo {
			if r.hi > r.lo+1 {
				b = append(b, '-')
			}
			b = appendClassRune(b, r.hi)
		}
	}
	return append(b, ']')
}

// appendClassRune appends c as it can stand inside a regexp2 class.
func appendClassRune(b []byte, c rune) []byte {
	if c >= 0x10000 {
		return utf8.AppendRune(b, c)
	}
	if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
		return append(b, byte(c))
	}
	return appendU4(b, c)
}

func appendU4(b []byte, c rune) []byte {
	b = append(b, `\u`...)
	h := strconv.FormatInt(int64(c), 16)
	for i := len(h); i < 4; i++ {
		b = append(b, '0')
	}
	return append(b, h...)
}

// appendLiteral appends c as a regexp2 literal outside a class.
func appendLiteral(b []byte, c rune) []byte {
	switch {
	case c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'):
		return append(b, byte(c))
	case c < 0x80 && c > ' ' && c != 0x7f:
		return append(b, '\\', byte(c))
	case c < 0x10000:
		if c >= 0x80 && unicode.IsPrint(c) && !unicode.IsSpace(c) {
			return utf8.AppendRune(b, c)
		}
		return appendU4(b, c)
	default:
		return utf8.AppendRune(b, c)
	}
}
