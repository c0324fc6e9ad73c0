package pretokenizers

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/onig"
	"github.com/fasttok/fasttok/internal/scan"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// Split splits on the matches of a pattern, a literal string or an Oniguruma regex,
// doing with them what Behavior says; Invert swaps matches and non-matches first
// (pre_tokenizers/split.rs).
type Split struct {
	// Pattern is the string or the regex, as in tokenizer.json.
	Pattern string
	// IsRegex tells whether Pattern is a regex ({"Regex": ...}) or a literal
	// ({"String": ...}).
	IsRegex  bool
	Behavior tokenizer.SplitDelimiterBehavior
	Invert   bool

	// re is the compiled pattern, inverted when Invert.
	re tokenizer.Pattern
	// rx is the compiled regex (not inverted), nil for a non-empty literal, which
	// the ids-only path matches with strings.Index (fast.go).
	rx *onig.Regex
}

// NewSplit compiles a Split. A literal is escaped and compiled as a regex, as the
// reference does (so an empty literal matches the empty string everywhere).
func NewSplit(pattern string, isRegex bool, behavior tokenizer.SplitDelimiterBehavior, invert bool) (*Split, error) {
	src := pattern
	if !isRegex {
		src = onig.QuoteMeta(pattern)
	}
	re, err := onig.Compile(src)
	if err != nil {
		return nil, err
	}
	var pat tokenizer.Pattern = re
	if !isRegex && pattern != "" {
		// A literal matches where strings.Index finds it, leftmost and without overlap,
		// as the escaped regex does; the empty literal keeps the regex's empty matches.
		pat = tokenizer.StringPattern(pattern)
	}
	if invert {
		pat = tokenizer.Invert(pat)
	}
	s := &Split{Pattern: pattern, IsRegex: isRegex, Behavior: behavior, Invert: invert, re: pat}
	if isRegex || pattern == "" {
		s.rx = re
	}
	return s, nil
}

// ParseSplit builds a Split from its JSON: pattern ({"String": s} or {"Regex": r}),
// behavior and invert, all required.
func ParseSplit(data []byte) (*Split, error) {
	o, err := serde.ParseTyped(data, "Split")
	if err != nil {
		return nil, err
	}
	raw, ok := o["pattern"]
	if !ok {
		return nil, jsonutil.MissingField("pattern")
	}
	pattern, isRegex, err := parseSplitPattern(raw)
	if err != nil {
		return nil, tokenizer.WrapPath(err, "pattern")
	}
	var behavior tokenizer.SplitDelimiterBehavior
	if err := getBehavior(o, "behavior", &behavior, true); err != nil {
		return nil, err
	}
	var invert bool
	if _, err := serde.Field(o, "invert", &invert, true, false); err != nil {
		return nil, err
	}
	s, err := NewSplit(pattern, isRegex, behavior, invert)
	if err != nil {
		return nil, tokenizer.WrapPath(err, "pattern")
	}
	return s, nil
}

// parseSplitPattern decodes a SplitPattern, an externally tagged enum: {"String": s}
// or {"Regex": r}.
func parseSplitPattern(raw json.RawMessage) (string, bool, error) {
	var s string
	var pat map[string]json.RawMessage
	if jsonutil.Unmarshal(raw, &s) == nil && !jsonutil.IsNull(raw) {
		return "", false, fmt.Errorf("unknown variant `%s`, expected `String` or `Regex`", s)
	}
	if err := jsonutil.Unmarshal(raw, &pat); err != nil || pat == nil {
		return "", false, fmt.Errorf("invalid type: %s, expected enum SplitPattern", serde.Unexpected(raw))
	}
	if len(pat) != 1 {
		return "", false, fmt.Errorf("invalid value: map, expected map with a single key")
	}
	for k, v := range pat {
		if k != "String" && k != "Regex" {
			return "", false, fmt.Errorf("unknown variant `%s`, expected `String` or `Regex`", k)
		}
		var p string
		if jsonutil.IsNull(v) || jsonutil.Unmarshal(v, &p) != nil {
			return "", false, tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected a string", serde.Unexpected(v)), k)
		}
		return p, k == "Regex", nil
	}
	return "", false, fmt.Errorf("invalid value: map, expected map with a single key")
}

// PreTokenize implements tokenizer.PreTokenizer.
func (s *Split) PreTokenize(p *tokenizer.PreTokenizedString) error {
	if s.re == nil {
		return errSplitNotCompiled
	}
	return splitAll(p, s.re, s.Behavior)
}

// errSplitNotCompiled is returned by a Split not made by NewSplit or ParseSplit.
var errSplitNotCompiled = errors.New("Split: pattern not compiled (use NewSplit)")

// MarshalJSON writes the reference's serialization.
func (s *Split) MarshalJSON() ([]byte, error) {
	var pat jsonutil.Object
	if s.IsRegex {
		pat.Add("Regex", s.Pattern)
	} else {
		pat.Add("String", s.Pattern)
	}
	return marshal("type", "Split", "pattern", &pat, "behavior", s.Behavior.String(), "invert", s.Invert)
}

// CutSafe implements tokenizer.CutSafe: a regex whose matches cover the text and stay
// on either side of a newline cut (scan.NewlineCutSafe: the GPT-2, cl100k, o200k
// families), whose matches are the pieces: isolated, or the inverted pattern's
// matches removed (tiktoken's conversions).
func (sp *Split) CutSafe() bool {
	matches := sp.Behavior == tokenizer.Isolated && !sp.Invert || sp.Behavior == tokenizer.Removed && sp.Invert
	return sp.IsRegex && matches && scan.NewlineCutSafe(sp.Pattern)
}
