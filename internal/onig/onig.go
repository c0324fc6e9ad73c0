// Package onig gives Oniguruma-compatible regular expressions, as the reference tokenizers
// library uses them (utils/onig.rs: the onig crate, Ruby syntax, UTF-8, Unicode 16 data), on
// top of github.com/dlclark/regexp2.
//
// Compile translates an Oniguruma pattern into regexp2 syntax: character classes, properties
// and escapes become explicit code point sets computed from tables generated from the
// reference (see gen_tables.go), (?i) becomes explicit Unicode case folding, possessive
// quantifiers become atomic groups, and Ruby's anchors, '.', \b, \h, \X, {,n} and nested or
// intersected classes get their Oniguruma meaning.
package onig

import (
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"

	"github.com/fasttok/fasttok/internal/scan"
	"github.com/fasttok/fasttok/tokenizer"
)

// Regex is a compiled Oniguruma pattern. It is safe for concurrent use.
type Regex struct {
	pattern string
	re      *regexp2.Regexp
	scan    scan.Func // hand-written scanner for the pattern, or nil
}

// Compile compiles an Oniguruma (Ruby syntax) pattern. An invalid pattern gives an *Error
// whose text starts with "Oniguruma error: ", as the reference's does. When package scan has
// a hand-written scanner for exactly this pattern string, matching uses it; otherwise the
// pattern is translated to regexp2.
func Compile(pattern string) (*Regex, error) {
	if f := lookupScanner(pattern); f != nil {
		// Scanner patterns are valid: regexp2 is not needed.
		return &Regex{pattern: pattern, scan: f}, nil
	}
	return CompileNoScanner(pattern)
}

// compiled caches CompileNoScanner's results (a *Regex is immutable), bounded in size.
var compiled struct {
	sync.Mutex
	m map[string]*Regex
}

// CompileNoScanner is Compile without the hand-written scanners: matching always goes
// through regexp2 (the oracle for the scanners' tests).
func CompileNoScanner(pattern string) (*Regex, error) {
	compiled.Lock()
	r := compiled.m[pattern]
	compiled.Unlock()
	if r != nil {
		return r, nil
	}
	tr, err := translate(pattern)
	if err != nil {
		return nil, err
	}
	re, err := compileRegexp2(tr)
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("invalid pattern (%v)", err)}
	}
	r = &Regex{pattern: pattern, re: re}
	compiled.Lock()
	if compiled.m == nil || len(compiled.m) >= 256 {
		compiled.m = map[string]*Regex{}
	}
	compiled.m[pattern] = r
	compiled.Unlock()
	return r, nil
}

// compileRegexp2 compiles a translated pattern, turning regexp2's panics into errors.
func compileRegexp2(tr string) (re *regexp2.Regexp, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	re, err = regexp2.Compile(tr, regexp2.None)
	if err == nil {
		re.MatchTimeout = MatchTimeout
	}
	return re, err
}

// MatchTimeout bounds the time of one regexp2 match (a search from one position): a
// pattern that backtracks exponentially on some input fails with an error after it
// rather than running for hours. Oniguruma, the reference's engine, stops such
// searches by counting retries instead (its retry limit in match); no real input of a
// Hub pattern comes near either bound. The hand-written scanners never backtrack.
const MatchTimeout = 5 * time.Second

// MustCompile is Compile for patterns known to be valid; it panics on an error.
func MustCompile(pattern string) *Regex {
	r, err := Compile(pattern)
	if err != nil {
		panic(err)
	}
	return r
}

// String returns the original Oniguruma pattern.
func (r *Regex) String() string { return r.pattern }

// runePool holds rune buffers for matching.
var runePool = sync.Pool{New: func() any { b := make([]rune, 0, 256); return &b }}

// spanPool holds span buffers for FindMatches.
var spanPool = sync.Pool{New: func() any { b := make([][2]int, 0, 64); return &b }}

// FindAllIndex appends to dst the byte spans [start, end) of the successive matches of r in s,
// as Oniguruma's find_iter (onig crate) yields them: each search starts where the previous
// match ended, and an empty match right where the previous match ended is skipped (the search
// moves on one character).
func (r *Regex) FindAllIndex(s string, dst [][2]int) [][2]int {
	if r.scan != nil {
		return r.scan(dst, s)
	}
	return r.findAll(s, dst)
}

func (r *Regex) findAll(s string, dst [][2]int) [][2]int {
	dst, _ = r.findAllErr(s, dst)
	return dst
}

// findAllErr is findAll reporting a regexp2 failure (a panic inside regexp2 included).
func (r *Regex) findAllErr(s string, dst [][2]int) (out [][2]int, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = dst, fmt.Errorf("onig: matching %q: %v", r.pattern, p)
		}
	}()
	bp := runePool.Get().(*[]rune)
	runes := (*bp)[:0]
	for _, c := range s {
		runes = append(runes, c)
	}
	// Rune index → byte offset, walked forward as the matches advance.
	ri, bi := 0, 0
	toByte := func(target int) int {
		for ri < target {
			if s[bi] < utf8.RuneSelf {
				bi++
			} else {
				_, w := utf8.DecodeRuneInString(s[bi:])
				bi += w
			}
			ri++
		}
		return bi
	}
	lastEnd, lastMatchEnd := 0, -1
	for lastEnd <= len(runes) {
		m, merr := r.re.FindRunesMatchStartingAt(runes, lastEnd)
		if merr != nil {
			// regexp2's message quotes the whole input.
			err = fmt.Errorf("onig: matching %q at character %d: match timeout after %v (the pattern backtracks exponentially on this text)", r.pattern, lastEnd, MatchTimeout)
			break
		}
		if m == nil {
			break
		}
		st, en := m.Index, m.Index+m.Length
		if st == en && en == lastMatchEnd {
			lastEnd++
			continue
		}
		lastEnd, lastMatchEnd = en, en
		bs := toByte(st)
		dst = append(dst, [2]int{bs, toByte(en)})
	}
	if cap(runes) <= 1<<20 {
		*bp = runes[:0]
		runePool.Put(bp)
	}
	return dst, err
}

// FindMatches implements tokenizer.Pattern as the reference's `impl Pattern for &SysRegex`:
// the matches and the gaps between them, covering s in order (byte offsets). Empty matches are
// kept as empty matching pieces; an empty s gives the single non-matching piece [0, 0).
func (r *Regex) FindMatches(s string) ([]tokenizer.Match, error) {
	if s == "" {
		return []tokenizer.Match{{Start: 0, End: 0, IsMatch: false}}, nil
	}
	sp := spanPool.Get().(*[][2]int)
	var spans [][2]int
	if r.scan != nil {
		spans = r.scan((*sp)[:0], s)
	} else {
		var err error
		if spans, err = r.findAllErr(s, (*sp)[:0]); err != nil {
			return nil, err
		}
	}
	out := make([]tokenizer.Match, 0, 2*len(spans)+1)
	prev := 0
	for _, m := range spans {
		if prev != m[0] {
			out = append(out, tokenizer.Match{Start: prev, End: m[0]})
		}
		out = append(out, tokenizer.Match{Start: m[0], End: m[1], IsMatch: true})
		prev = m[1]
	}
	if prev != len(s) {
		out = append(out, tokenizer.Match{Start: prev, End: len(s)})
	}
	if cap(spans) <= 1<<16 {
		*sp = spans[:0]
		spanPool.Put(sp)
	}
	return out, nil
}

// QuoteMeta escapes s as the reference does for SplitPattern::String (Rust regex::escape: a
// backslash before each of \ . + * ? ( ) | [ ] { } ^ $ # & - ~), so that Compile(QuoteMeta(s))
// matches s literally.
func QuoteMeta(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if isMeta(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+n)
	for i := 0; i < len(s); i++ {
		if isMeta(s[i]) {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isMeta(c byte) bool {
	switch c {
	case '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$', '#', '&', '-', '~':
		return true
	}
	return false
}

// lookupScanner returns the hand-written scanner for pattern (package scan), if one exists.
func lookupScanner(pattern string) scan.Func {
	if f, ok := scan.Lookup(pattern); ok {
		return f
	}
	return nil
}
