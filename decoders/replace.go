package decoders

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// Replace replaces, in each token, every match of a pattern (a literal string or an
// Oniguruma regex) with Content. It is the decoder side of the reference's `Replace`
// normalizer (normalizers/replace.rs).
type Replace struct {
	// Pattern is the literal, or the regex when IsRegex.
	Pattern string
	IsRegex bool
	Content string
	// matcher finds the matches of Pattern.
	matcher tokenizer.Pattern
}

// NewReplace returns a Replace decoder of the literal or regex pattern.
func NewReplace(pattern string, isRegex bool, content string) (*Replace, error) {
	r := &Replace{Pattern: pattern, IsRegex: isRegex, Content: content}
	if isRegex {
		m, err := compileRegex(pattern)
		if err != nil {
			return nil, err
		}
		r.matcher = m
	} else {
		r.matcher = literal(pattern)
	}
	return r, nil
}

// parseReplace reads {"type":"Replace","pattern":{"String":s}|{"Regex":s},"content":s};
// pattern and content are required, the type is not checked, the regex is compiled now.
func parseReplace(data []byte) (*Replace, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	var pat map[string]*string
	if _, err := serde.Field(o, "pattern", &pat, true, false); err != nil {
		return nil, err
	}
	var content string
	if _, err := serde.Field(o, "content", &content, true, false); err != nil {
		return nil, err
	}
	pattern, isRegex, err := replacePattern(pat)
	if err != nil {
		return nil, tokenizer.WrapPath(err, "pattern")
	}
	r, err := NewReplace(pattern, isRegex, content)
	if err != nil {
		if isRegex {
			return nil, tokenizer.WrapPath(err, "pattern.Regex")
		}
		return nil, tokenizer.WrapPath(err, "pattern.String")
	}
	return r, nil
}

// replacePattern reads the externally tagged enum `ReplacePattern`.
func replacePattern(m map[string]*string) (string, bool, error) {
	if len(m) != 1 {
		return "", false, errors.New("invalid value: map, expected map with a single key")
	}
	var k string
	var v *string
	for k, v = range m {
	}
	if k != "String" && k != "Regex" {
		return "", false, fmt.Errorf("unknown variant `%s`, expected `String` or `Regex`", k)
	}
	if v == nil {
		return "", false, tokenizer.WrapPath(errors.New("invalid type: null, expected a string"), k)
	}
	return *v, k == "Regex", nil
}

// MarshalJSON writes the reference's serialization.
func (r *Replace) MarshalJSON() ([]byte, error) {
	var pat jsonutil.Object
	if r.IsRegex {
		pat.Add("Regex", r.Pattern)
	} else {
		pat.Add("String", r.Pattern)
	}
	var o jsonutil.Object
	o.Add("type", "Replace").Add("pattern", &pat).Add("content", r.Content)
	return o.MarshalJSON()
}

// DecodeChain replaces the matches in each token.
func (r *Replace) DecodeChain(tokens []string) ([]string, error) {
	out := make([]string, len(tokens))
	var sb strings.Builder
	for i, t := range tokens {
		if lit, ok := r.matcher.(literal); ok && lit != "" {
			// Fast path: a literal is replaced as strings.ReplaceAll does.
			out[i] = strings.ReplaceAll(t, string(lit), r.Content)
			continue
		}
		ms, err := r.matcher.FindMatches(t)
		if err != nil {
			return nil, err
		}
		sb.Reset()
		for _, m := range ms {
			if m.IsMatch {
				sb.WriteString(r.Content)
			} else {
				sb.WriteString(t[m.Start:m.End])
			}
		}
		out[i] = sb.String()
	}
	return out, nil
}

// literal is the Pattern of a literal string, found as the reference finds it: through
// an Oniguruma regex of the escaped string, whose successive matches (the onig crate's
// find_iter) are leftmost and non-overlapping; the empty string matches at every
// character boundary, the end included.
type literal string

// FindMatches implements tokenizer.Pattern.
func (l literal) FindMatches(s string) ([]tokenizer.Match, error) {
	if s == "" {
		return []tokenizer.Match{{Start: 0, End: 0}}, nil
	}
	var ms []tokenizer.Match
	if l == "" {
		for i := 0; i <= len(s); {
			ms = append(ms, tokenizer.Match{Start: i, End: i, IsMatch: true})
			if i == len(s) {
				break
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			ms = append(ms, tokenizer.Match{Start: i, End: i + size})
			i += size
		}
		return ms, nil
	}
	prev := 0
	for prev <= len(s) {
		j := strings.Index(s[prev:], string(l))
		if j < 0 {
			break
		}
		start := prev + j
		if start > prev {
			ms = append(ms, tokenizer.Match{Start: prev, End: start})
		}
		ms = append(ms, tokenizer.Match{Start: start, End: start + len(l), IsMatch: true})
		prev = start + len(l)
	}
	if prev < len(s) {
		ms = append(ms, tokenizer.Match{Start: prev, End: len(s)})
	}
	return ms, nil
}
