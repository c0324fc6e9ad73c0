package onig

//go:generate go run gen_tables.go

import (
	"strings"
	"sync"
)

// propEntry is one generated property: the code points of Go's unicode table named base
// (none when base is empty), plus add, minus del (both sorted inclusive [lo, hi] pairs).
type propEntry struct {
	base     string
	add, del []rune
}

var (
	propMu    sync.Mutex
	propCache = map[string]rset{}
)

// normPropName normalizes a property name as Oniguruma compares them: case-insensitively,
// ignoring spaces, underscores and hyphens.
func normPropName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == ' ' || c == '_' || c == '-':
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// lookupProp returns the code points of an Oniguruma property, POSIX bracket ("posix:alpha")
// or class escape ("esc:w"), as the reference's Oniguruma defines them. The result must not be
// modified.
func lookupProp(name string) (rset, bool) {
	key := normPropName(name)
	if a, ok := propAlias[key]; ok {
		key = a
	}
	propMu.Lock()
	defer propMu.Unlock()
	if s, ok := propCache[key]; ok {
		return s, true
	}
	e, ok := propData[key]
	if !ok {
		return nil, false
	}
	var s rset
	if e.base != "" {
		if t := goTable(e.base); t != nil {
			s = fromTable(t)
		}
	}
	if len(e.add) > 0 {
		s = s.union(fromPairs(e.add))
	}
	if len(e.del) > 0 {
		s = s.minus(fromPairs(e.del))
	}
	propCache[key] = s
	return s, true
}

// mustProp returns a property that the generated tables always hold.
func mustProp(name string) rset {
	s, _ := lookupProp(name)
	return s
}

// gcb returns a Grapheme_Cluster_Break class.
func gcb(name string) rset { return fromPairs(gcbData[name]) }
