package normalizers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/onig"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// Replace is the "Replace" normalizer: every match of a literal string or of an
// Oniguruma regex is replaced by Content.
type Replace struct {
	// Pattern is the literal, or the regex when IsRegex.
	Pattern string
	IsRegex bool
	Content string
	matcher tokenizer.Pattern
}

// NewReplace returns a Replace normalizer; a regex is compiled now.
func NewReplace(pattern string, isRegex bool, content string) (*Replace, error) {
	r := &Replace{Pattern: pattern, IsRegex: isRegex, Content: content}
	var err error
	switch {
	case isRegex:
		r.matcher, err = compileRegex(pattern)
	case pattern == "":
		// The reference compiles the escaped literal; an empty one matches the empty
		// string everywhere, which only the regex engine reproduces.
		r.matcher, err = compileRegex(onig.QuoteMeta(""))
	default:
		r.matcher = literal(pattern)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// parseReplace reads {"pattern": {"String": s} | {"Regex": s}, "content": s}, both
// required; the type is not checked.
func parseReplace(data []byte) (*Replace, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	var pat map[string]*string
	if raw, ok := o["pattern"]; ok {
		// A bare string is read as a unit variant of the enum.
		var name string
		if jsonutil.Unmarshal(raw, &name) == nil {
			if name == "String" || name == "Regex" {
				return nil, tokenizer.WrapPath(errors.New("invalid type: unit variant, expected newtype variant"), "pattern")
			}
			return nil, tokenizer.WrapPath(fmt.Errorf("unknown variant `%s`, expected `String` or `Regex`", name), "pattern")
		}
	}
	if _, err := serde.Field(o, "pattern", &pat, true, false); err != nil {
		return nil, err
	}
	var content string
	if _, err := serde.Field(o, "content", &content, true, false); err != nil {
		return nil, err
	}
	if len(pat) != 1 {
		return nil, tokenizer.WrapPath(errors.New("invalid value: map, expected map with a single key"), "pattern")
	}
	var key string
	var val *string
	for key, val = range pat {
	}
	if key != "String" && key != "Regex" {
		return nil, tokenizer.WrapPath(fmt.Errorf("unknown variant `%s`, expected `String` or `Regex`", key), "pattern")
	}
	if val == nil {
		return nil, tokenizer.WrapPath(errors.New("invalid type: null, expected a string"), "pattern."+key)
	}
	r, err := NewReplace(*val, key == "Regex", content)
	if err != nil {
		return nil, tokenizer.WrapPath(err, "pattern."+key)
	}
	return r, nil
}

// Normalize replaces the matches.
func (r *Replace) Normalize(n *tokenizer.NormalizedString) error {
	if lit, ok := r.matcher.(literal); ok && !strings.Contains(n.Normalized(), string(lit)) {
		// No match: the reference's replacement would keep every character.
		return nil
	}
	return n.Replace(r.matcher, r.Content)
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

// literal is a non-empty literal pattern: its leftmost non-overlapping occurrences, as
// the reference's regex of the escaped string finds them.
type literal string

// FindMatches implements tokenizer.Pattern.
func (l literal) FindMatches(s string) ([]tokenizer.Match, error) {
	return l.AppendMatches(nil, s)
}

// AppendMatches implements tokenizer.MatchAppender.
func (l literal) AppendMatches(ms []tokenizer.Match, s string) ([]tokenizer.Match, error) {
	if s == "" {
		return append(ms, tokenizer.Match{Start: 0, End: 0}), nil
	}
	prev := 0
	for prev < len(s) {
		i := strings.Index(s[prev:], string(l))
		if i < 0 {
			break
		}
		start := prev + i
		end := start + len(l)
		if start > prev {
			ms = append(ms, tokenizer.Match{Start: prev, End: start})
		}
		ms = append(ms, tokenizer.Match{Start: start, End: end, IsMatch: true})
		prev = end
	}
	if prev < len(s) {
		ms = append(ms, tokenizer.Match{Start: prev, End: len(s)})
	}
	return ms, nil
}
