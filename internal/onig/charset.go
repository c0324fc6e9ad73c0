package onig

import (
	"slices"
	"sort"
	"sync"
	"unicode"
)

// maxRune is the largest Unicode code point.
const maxRune = unicode.MaxRune

// rset is a set of code points: sorted, non-overlapping, non-adjacent inclusive ranges.
type rset []rng

type rng struct{ lo, hi rune }

// normalized sorts and merges r in place and returns it.
func (r rset) normalized() rset {
	if len(r) < 2 {
		return r
	}
	sort.Slice(r, func(i, j int) bool { return r[i].lo < r[j].lo })
	out := r[:1]
	for _, x := range r[1:] {
		last := &out[len(out)-1]
		if x.lo <= last.hi+1 {
			if x.hi > last.hi {
				last.hi = x.hi
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// union returns r ∪ t as a new set.
func (r rset) union(t rset) rset {
	out := make(rset, 0, len(r)+len(t))
	out = append(out, r...)
	out = append(out, t...)
	return out.normalized()
}

// negate returns the complement of r in [0, maxRune].
func (r rset) negate() rset {
	out := make(rset, 0, len(r)+1)
	next := rune(0)
	for _, x := range r {
		if x.lo > next {
			out = append(out, rng{next, x.lo - 1})
		}
		next = x.hi + 1
	}
	if next <= maxRune {
		out = append(out, rng{next, maxRune})
	}
	return out
}

// minus returns r − t.
func (r rset) minus(t rset) rset {
	var out rset
	j := 0
	for _, x := range r {
		lo := x.lo
		for j < len(t) && t[j].hi < lo {
			j++
		}
		for k := j; lo <= x.hi; k++ {
			if k >= len(t) || t[k].lo > x.hi {
				out = append(out, rng{lo, x.hi})
				break
			}
			if t[k].lo > lo {
				out = append(out, rng{lo, t[k].lo - 1})
			}
			lo = t[k].hi + 1
		}
	}
	return out
}

// intersect returns r ∩ t.
func (r rset) intersect(t rset) rset { return r.minus(t.negate()) }

// subsetOf reports whether r ⊆ t.
func (r rset) subsetOf(t rset) bool { return len(r.minus(t)) == 0 }

// has reports whether c is in r.
func (r rset) has(c rune) bool {
	i := sort.Search(len(r), func(i int) bool { return r[i].hi >= c })
	return i < len(r) && r[i].lo <= c
}

// equal reports whether r and t hold the same code points.
func (r rset) equal(t rset) bool { return slices.Equal(r, t) }

// fromPairs makes a set from inclusive [lo, hi] pairs.
func fromPairs(p []rune) rset {
	out := make(rset, 0, len(p)/2)
	for i := 0; i+1 < len(p); i += 2 {
		out = append(out, rng{p[i], p[i+1]})
	}
	return out.normalized()
}

// fromTable makes a set from a Go unicode table.
func fromTable(t *unicode.RangeTable) rset {
	var out rset
	for _, x := range t.R16 {
		if x.Stride == 1 {
			out = append(out, rng{rune(x.Lo), rune(x.Hi)})
			continue
		}
		for c := rune(x.Lo); c <= rune(x.Hi); c += rune(x.Stride) {
			out = append(out, rng{c, c})
		}
	}
	for _, x := range t.R32 {
		if x.Stride == 1 {
			out = append(out, rng{rune(x.Lo), rune(x.Hi)})
			continue
		}
		for c := rune(x.Lo); c <= rune(x.Hi); c += rune(x.Stride) {
			out = append(out, rng{c, c})
		}
	}
	return out.normalized()
}

// goTable returns Go's unicode table of that exact name (what regexp2's \p{name} uses).
func goTable(name string) *unicode.RangeTable {
	if t := unicode.Categories[name]; t != nil {
		return t
	}
	if t := unicode.Scripts[name]; t != nil {
		return t
	}
	return unicode.Properties[name]
}

// extraOrbit maps the code points of extraFolds (case pairs newer than Go's tables) to their
// orbits.
var extraOrbit = sync.OnceValue(func() map[rune][]rune {
	m := map[rune][]rune{}
	for _, o := range extraFolds {
		for _, c := range o {
			m[c] = o
		}
	}
	return m
})

// eachFold calls fn for every code point equal to c under Oniguruma's simple case folding,
// c excluded.
func eachFold(c rune, fn func(rune)) {
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		fn(f)
	}
	for _, f := range extraOrbit()[c] {
		if f != c {
			fn(f)
		}
	}
}

// hasFold reports whether c has case folding equivalents.
func hasFold(c rune) bool {
	return unicode.SimpleFold(c) != c || extraOrbit()[c] != nil
}

// foldOrbits lists every code point that has other case folding equivalents.
var foldOrbits = sync.OnceValue(func() []rune {
	var out []rune
	for c := rune(0); c <= maxRune; c++ {
		if hasFold(c) {
			out = append(out, c)
		}
	}
	return out
})

// foldClose returns r closed under case folding (Oniguruma's (?i) on classes).
func (r rset) foldClose() rset {
	var extra rset
	for _, c := range foldOrbits() {
		if !r.has(c) {
			continue
		}
		eachFold(c, func(f rune) {
			if !r.has(f) {
				extra = append(extra, rng{f, f})
			}
		})
	}
	if len(extra) == 0 {
		return r
	}
	return r.union(extra)
}
