package tokenizer

import (
	"strings"
	"unicode/utf8"
)

// RunePattern is a Pattern matching one character (the reference's Pattern for char):
// every occurrence is a match of its own.
type RunePattern rune

// FindMatches implements Pattern.
func (p RunePattern) FindMatches(s string) ([]Match, error) {
	r := rune(p)
	if r < utf8.RuneSelf {
		// ASCII: a byte scan (no multi-byte character contains an ASCII byte).
		b := byte(r)
		if strings.IndexByte(s, b) < 0 {
			return []Match{{0, len(s), false}}, nil
		}
		out := make([]Match, 0, 8)
		last := 0
		for i := 0; i < len(s); i++ {
			if s[i] == b {
				if last < i {
					out = append(out, Match{last, i, false})
				}
				out = append(out, Match{i, i + 1, true})
				last = i + 1
			}
		}
		if last < len(s) {
			out = append(out, Match{last, len(s), false})
		}
		return out, nil
	}
	return FuncPattern(func(c rune) bool { return c == r }).FindMatches(s)
}

// StringPattern is a Pattern matching a literal string (the reference's Pattern for
// &str): the non-overlapping occurrences, from left to right. As the reference, an
// empty StringPattern matches nothing and gives the single non-match [0, number of
// characters of s) (characters, not bytes: the reference's quirk).
type StringPattern string

// FindMatches implements Pattern.
func (p StringPattern) FindMatches(s string) ([]Match, error) {
	if p == "" {
		return []Match{{0, utf8.RuneCountInString(s), false}}, nil
	}
	if s == "" {
		return []Match{{0, 0, false}}, nil
	}
	pat := string(p)
	var out []Match
	last := 0
	for last <= len(s) {
		i := strings.Index(s[last:], pat)
		if i < 0 {
			break
		}
		start := last + i
		if out == nil {
			out = make([]Match, 0, 8)
		}
		if last < start {
			out = append(out, Match{last, start, false})
		}
		out = append(out, Match{start, start + len(pat), true})
		last = start + len(pat)
	}
	if last < len(s) {
		out = append(out, Match{last, len(s), false})
	}
	return out, nil
}

// FuncPattern is a Pattern matching every character for which it returns true (the
// reference's Pattern for Fn(char) -> bool): every such character is a match of its
// own.
type FuncPattern func(rune) bool

// FindMatches implements Pattern.
func (p FuncPattern) FindMatches(s string) ([]Match, error) {
	if s == "" {
		return []Match{{0, 0, false}}, nil
	}
	out := make([]Match, 0, 8)
	last := 0
	for i, c := range s {
		if p(c) {
			end := i + utf8.RuneLen(c)
			if c == utf8.RuneError {
				_, sz := utf8.DecodeRuneInString(s[i:])
				end = i + sz
			}
			if last < i {
				out = append(out, Match{last, i, false})
			}
			out = append(out, Match{i, end, true})
			last = end
		}
	}
	if last < len(s) {
		out = append(out, Match{last, len(s), false})
	}
	return out, nil
}

// Invert returns p with its matches and non-matches swapped (the reference's Invert).
func Invert(p Pattern) Pattern { return invertPattern{p} }

// invertPattern is the Pattern Invert returns.
type invertPattern struct{ p Pattern }

// FindMatches implements Pattern.
func (p invertPattern) FindMatches(s string) ([]Match, error) {
	m, err := p.p.FindMatches(s)
	if err != nil {
		return nil, err
	}
	for i := range m {
		m[i].IsMatch = !m[i].IsMatch
	}
	return m, nil
}
