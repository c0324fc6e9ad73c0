package onig

import (
	"slices"
	"sort"
	"sync"
)

// sameFold reports whether a and b are equal under simple case folding.
func sameFold(a, b rune) bool {
	same := a == b
	if !same {
		eachFold(a, func(x rune) { same = same || x == b })
	}
	return same
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
// one code point also as that code point (ss ~ ß, ẞ). Like Oniguruma, the string is cut into
// such substrings greedily from the left.
func appendFoldRun(b []byte, run []rune) []byte {
	for i := 0; i < len(run); {
		var matches []multiFold
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
		if len(matches) == 0 {
			b = appendFoldChar(b, run[i])
			i++
			continue
		}
		n := len(matches[0].to)
		b = append(b, "(?:"...)
		for j := i; j < i+n; j++ {
			b = appendFoldChar(b, run[j])
		}
		for _, m := range matches {
			b = append(b, '|')
			b = appendSet(b, m.chars)
			for j := i + len(m.to); j < i+n; j++ {
				b = appendFoldChar(b, run[j])
			}
		}
		b = append(b, ')')
		i += n
	}
	return b
}

// appendFoldClass appends a class s under (?i) (already closed under simple folding), then,
// as later alternatives, the multi-character foldings of its members (Oniguruma: (?i)[ß]
// matches ss; (?i)[[:alpha:]] matches the s of ss alone, or ss when what follows needs it).
func appendFoldClass(b []byte, s rset) []byte {
	var tos []string
	for c, to := range fullFolds {
		if s.has(c) && !slices.Contains(tos, to) {
			tos = append(tos, to)
		}
	}
	if len(tos) == 0 {
		return appendSet(b, s)
	}
	sort.Strings(tos)
	b = append(b, "(?:"...)
	b = appendSet(b, s)
	for _, to := range tos {
		b = append(b, '|')
		for _, x := range to {
			b = appendSet(b, rset{{x, x}}.foldClose())
		}
	}
	return append(b, ')')
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
