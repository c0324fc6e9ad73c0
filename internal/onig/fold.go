package onig

import (
	"sort"
	"sync"
	"unicode"
)

// sameFold reports whether a and b are equal under simple case folding.
func sameFold(a, b rune) bool {
	if a == b {
		return true
	}
	for x := unicode.SimpleFold(a); x != a; x = unicode.SimpleFold(x) {
		if x == b {
			return true
		}
	}
	return false
}

// multiFold is a multi-character full case folding: the code points that fold to the string.
type multiFold struct {
	to    []rune
	chars rset
}

// multiFolds lists the multi-character full case foldings, longest first.
var multiFolds = sync.OnceValue(func() []multiFold {
	by := map[string]rset{}
	for c, to := range fullFolds {
		by[to] = append(by[to], rng{c, c})
	}
	out := make([]multiFold, 0, len(by))
	for to, cs := range by {
		out = append(out, multiFold{[]rune(to), cs.normalized().foldClose()})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].to) != len(out[j].to) {
			return len(out[i].to) > len(out[j].to)
		}
		return string(out[i].to) < string(out[j].to)
	})
	return out
})

// appendFoldRun appends a regexp2 pattern matching the literal string run under Oniguruma's
// (?i): each code point with its simple case folding equivalents, code points with a
// multi-character folding also as that string (ß ~ ss), and substrings that are the folding of
// one code point also as that code point (ss ~ ß, ẞ).
func appendFoldRun(b []byte, run []rune, i, alts int) []byte {
	for ; i < len(run); i++ {
		c := run[i]
		var matches []multiFold
		if alts < 6 {
			for _, m := range multiFolds() {
				if len(m.to) > len(run)-i {
					continue
				}
				ok := true
				for j, x := range m.to {
					if !sameFold(run[i+j], x) {
						ok = false
						break
					}
				}
				if ok {
					matches = append(matches, m)
				}
			}
		}
		if len(matches) == 0 {
			b = appendFoldChar(b, c)
			continue
		}
		b = append(b, "(?:"...)
		b = appendFoldChar(b, c)
		b = appendFoldRun(b, run, i+1, alts+len(matches))
		for _, m := range matches {
			b = append(b, '|')
			b = appendSet(b, m.chars)
			b = appendFoldRun(b, run, i+len(m.to), alts+len(matches))
		}
		return append(b, ')')
	}
	return b
}

// appendFoldChar appends one code point under (?i), with its multi-character folding if any.
func appendFoldChar(b []byte, c rune) []byte {
	set := rset{{c, c}}.foldClose()
	var to string
	for _, r := range set {
		for x := r.lo; x <= r.hi && to == ""; x++ {
			to = fullFolds[x]
		}
	}
	if to == "" {
		return appendSet(b, set)
	}
	b = append(b, "(?:"...)
	b = appendSet(b, set)
	b = append(b, '|')
	for _, x := range to {
		b = appendSet(b, rset{{x, x}}.foldClose())
	}
	return append(b, ')')
}
