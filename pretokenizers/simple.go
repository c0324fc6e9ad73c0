package pretokenizers

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/scripts"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// splitAll splits every piece of p at the matches of pat, as behavior says.
func splitAll(p *tokenizer.PreTokenizedString, pat tokenizer.Pattern, behavior tokenizer.SplitDelimiterBehavior) error {
	return p.SplitEach(func(_ int, n *tokenizer.NormalizedString, emit func(tokenizer.NormalizedString)) error {
		return n.SplitFunc(pat, behavior, emit)
	})
}

// Whitespace splits on whitespace and between words and punctuation: the pieces are
// the matches of `\w+|[^\w\s]+` (the `regex` crate's Unicode \w and \s), the rest is
// removed (pre_tokenizers/whitespace.rs).
type Whitespace struct{}

// ParseWhitespace builds a Whitespace from its JSON ({"type":"Whitespace"}).
func ParseWhitespace(data []byte) (*Whitespace, error) {
	if _, err := serde.ParseTyped(data, "Whitespace"); err != nil {
		return nil, err
	}
	return &Whitespace{}, nil
}

// PreTokenize implements tokenizer.PreTokenizer.
func (*Whitespace) PreTokenize(p *tokenizer.PreTokenizedString) error {
	return splitAll(p, wordRuns{}, tokenizer.Removed)
}

// MarshalJSON writes the reference's serialization.
func (*Whitespace) MarshalJSON() ([]byte, error) { return marshal("type", "Whitespace") }

// wordRuns is the Pattern of Whitespace, already inverted: the runs of whitespace are
// the matches; each run of word characters and each run of other characters is a
// non-match of its own (the matches of `\w+|[^\w\s]+`).
type wordRuns struct{}

const (
	classSpace = iota
	classWord
	classOther
)

func charClass(r rune) int {
	switch {
	case isWord(r):
		return classWord
	case isWhitespace(r):
		return classSpace
	}
	return classOther
}

// FindMatches implements tokenizer.Pattern.
func (wordRuns) FindMatches(s string) ([]tokenizer.Match, error) {
	if s == "" {
		return []tokenizer.Match{{Start: 0, End: 0, IsMatch: false}}, nil
	}
	out := make([]tokenizer.Match, 0, 8)
	start, cur := 0, -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		c := charClass(r)
		if c != cur {
			if cur >= 0 {
				out = append(out, tokenizer.Match{Start: start, End: i, IsMatch: cur == classSpace})
			}
			start, cur = i, c
		}
		i += size
	}
	out = append(out, tokenizer.Match{Start: start, End: len(s), IsMatch: cur == classSpace})
	return out, nil
}

// WhitespaceSplit splits on whitespace (Rust's char::is_whitespace), removing it.
type WhitespaceSplit struct{}

// ParseWhitespaceSplit builds a WhitespaceSplit from its JSON.
func ParseWhitespaceSplit(data []byte) (*WhitespaceSplit, error) {
	if _, err := serde.ParseTyped(data, "WhitespaceSplit"); err != nil {
		return nil, err
	}
	return &WhitespaceSplit{}, nil
}

// PreTokenize implements tokenizer.PreTokenizer.
func (*WhitespaceSplit) PreTokenize(p *tokenizer.PreTokenizedString) error {
	return p.SplitEach(func(_ int, n *tokenizer.NormalizedString, emit func(tokenizer.NormalizedString)) error {
		return whitespaceSplitEach(n, emit)
	})
}

// whitespaceSplitEach is n.SplitFunc(FuncPattern(isWhitespace), Removed, emit) in one
// pass without the matches: the pieces are the runs of non-whitespace characters.
func whitespaceSplitEach(n *tokenizer.NormalizedString, emit func(tokenizer.NormalizedString)) error {
	s := n.Normalized()
	start := -1 // start of the current run, -1 outside one
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isWhitespace(r) {
			if start >= 0 {
				piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: start, End: i})
				if !ok {
					return errBadSlice
				}
				emit(piece)
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: start, End: len(s)})
		if !ok {
			return errBadSlice
		}
		emit(piece)
	}
	return nil
}

// MarshalJSON writes the reference's serialization.
func (*WhitespaceSplit) MarshalJSON() ([]byte, error) { return marshal("type", "WhitespaceSplit") }

// BertPreTokenizer splits on whitespace (removed) and isolates each punctuation
// character (pre_tokenizers/bert.rs).
type BertPreTokenizer struct{}

// ParseBertPreTokenizer builds a BertPreTokenizer from its JSON.
func ParseBertPreTokenizer(data []byte) (*BertPreTokenizer, error) {
	if _, err := serde.ParseTyped(data, "BertPreTokenizer"); err != nil {
		return nil, err
	}
	return &BertPreTokenizer{}, nil
}

// PreTokenize implements tokenizer.PreTokenizer. The two splits of the reference are
// done in one pass over the pieces: each piece split on whitespace, then each of those
// split on punctuation.
func (*BertPreTokenizer) PreTokenize(p *tokenizer.PreTokenizedString) error {
	return p.SplitEach(func(_ int, n *tokenizer.NormalizedString, emit func(tokenizer.NormalizedString)) error {
		return bertSplitEach(n, emit)
	})
}

// bertSplitOnePass gives bertSplit's pieces in one pass over the text: a slice of a
// slice of n is the slice of n at the same place (TestBertOnePassMatchesTwoSplits).
func bertSplitOnePass(n *tokenizer.NormalizedString) ([]tokenizer.NormalizedString, error) {
	out := make([]tokenizer.NormalizedString, 0, n.Len()/4+1)
	if err := bertSplitEach(n, func(piece tokenizer.NormalizedString) { out = append(out, piece) }); err != nil {
		return nil, err
	}
	return out, nil
}

// bertSplitEach is bertSplitOnePass giving the pieces to emit.
func bertSplitEach(n *tokenizer.NormalizedString, emit func(tokenizer.NormalizedString)) error {
	s := n.Normalized()
	add := func(a, b int) error {
		piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: a, End: b})
		if !ok {
			return errBadSlice
		}
		emit(piece)
		return nil
	}
	start := -1 // start of the current word, -1 outside one
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWhitespace(r):
			if start >= 0 {
				if err := add(start, i); err != nil {
					return err
				}
				start = -1
			}
		case isPunct(r):
			if start >= 0 {
				if err := add(start, i); err != nil {
					return err
				}
				start = -1
			}
			if err := add(i, i+size); err != nil {
				return err
			}
		default:
			if start < 0 {
				start = i
			}
		}
		i += size
	}
	if start >= 0 {
		if err := add(start, len(s)); err != nil {
			return err
		}
	}
	return nil
}

// bertSplit is the reference's two splits: on whitespace (removed), then each piece on
// punctuation (isolated).
func bertSplit(n *tokenizer.NormalizedString) ([]tokenizer.NormalizedString, error) {
	words, err := n.Split(tokenizer.FuncPattern(isWhitespace), tokenizer.Removed)
	if err != nil {
		return nil, err
	}
	out := words[:0:0]
	for i := range words {
		if !hasPunct(words[i].Normalized()) {
			out = append(out, words[i])
			continue
		}
		parts, err := words[i].Split(tokenizer.FuncPattern(isPunct), tokenizer.Isolated)
		if err != nil {
			return nil, err
		}
		out = append(out, parts...)
	}
	return out, nil
}

// hasPunct reports whether s holds a punctuation character.
func hasPunct(s string) bool {
	for _, r := range s {
		if isPunct(r) {
			return true
		}
	}
	return false
}

// MarshalJSON writes the reference's serialization.
func (*BertPreTokenizer) MarshalJSON() ([]byte, error) { return marshal("type", "BertPreTokenizer") }

// Punctuation splits on punctuation characters (ASCII punctuation and the P*
// categories of the reference's old tables), as its behavior says (Isolated by
// default).
type Punctuation struct {
	Behavior tokenizer.SplitDelimiterBehavior
}

// ParsePunctuation builds a Punctuation from its JSON (behavior optional).
func ParsePunctuation(data []byte) (*Punctuation, error) {
	o, err := serde.ParseTyped(data, "Punctuation")
	if err != nil {
		return nil, err
	}
	pu := &Punctuation{Behavior: tokenizer.Isolated}
	if err := getBehavior(o, "behavior", &pu.Behavior, false); err != nil {
		return nil, err
	}
	return pu, nil
}

// PreTokenize implements tokenizer.PreTokenizer.
func (pu *Punctuation) PreTokenize(p *tokenizer.PreTokenizedString) error {
	return splitAll(p, tokenizer.FuncPattern(isPunct), pu.Behavior)
}

// MarshalJSON writes the reference's serialization.
func (pu *Punctuation) MarshalJSON() ([]byte, error) {
	return marshal("type", "Punctuation", "behavior", pu.Behavior.String())
}

// Digits splits off numbers (Rust's char::is_numeric, any script): each digit alone
// when IndividualDigits, else each run of digits.
type Digits struct {
	IndividualDigits bool
}

// ParseDigits builds a Digits from its JSON (individual_digits required).
func ParseDigits(data []byte) (*Digits, error) {
	o, err := serde.ParseTyped(data, "Digits")
	if err != nil {
		return nil, err
	}
	d := &Digits{}
	if _, err := serde.Field(o, "individual_digits", &d.IndividualDigits, true, false); err != nil {
		return nil, err
	}
	return d, nil
}

// PreTokenize implements tokenizer.PreTokenizer.
func (d *Digits) PreTokenize(p *tokenizer.PreTokenizedString) error {
	if d.IndividualDigits {
		return splitAll(p, tokenizer.FuncPattern(isNumeric), tokenizer.Isolated)
	}
	return splitAll(p, tokenizer.FuncPattern(isNumeric), tokenizer.Contiguous)
}

// MarshalJSON writes the reference's serialization.
func (d *Digits) MarshalJSON() ([]byte, error) {
	return marshal("type", "Digits", "individual_digits", d.IndividualDigits)
}

// CharDelimiterSplit splits on one character, removing it. Its tokenizer.json tag is
// "CharDelimiterSplit".
type CharDelimiterSplit struct {
	Delimiter rune
}

// ParseCharDelimiterSplit builds a CharDelimiterSplit from its JSON.
func ParseCharDelimiterSplit(data []byte) (*CharDelimiterSplit, error) {
	o, err := serde.ParseTyped(data, "CharDelimiterSplit")
	if err != nil {
		return nil, err
	}
	r, err := serde.Char(o, "delimiter")
	if err != nil {
		return nil, err
	}
	return &CharDelimiterSplit{Delimiter: r}, nil
}

// PreTokenize implements tokenizer.PreTokenizer.
func (c *CharDelimiterSplit) PreTokenize(p *tokenizer.PreTokenizedString) error {
	return splitAll(p, tokenizer.RunePattern(c.Delimiter), tokenizer.Removed)
}

// MarshalJSON writes the reference's serialization.
func (c *CharDelimiterSplit) MarshalJSON() ([]byte, error) {
	return marshal("type", "CharDelimiterSplit", "delimiter", string(c.Delimiter))
}

// FixedLength splits each piece into chunks of Length characters (the last one
// shorter).
type FixedLength struct {
	Length int
}

// errZeroLength is returned by FixedLength{0}.PreTokenize, where the reference panics.
var errZeroLength = errors.New("FixedLength: length must be non-zero")

// ParseFixedLength builds a FixedLength from its JSON (length optional, 5 by default).
// As the reference, a length of 0 loads; pre-tokenizing with it fails.
func ParseFixedLength(data []byte) (*FixedLength, error) {
	o, err := serde.ParseTyped(data, "FixedLength")
	if err != nil {
		return nil, err
	}
	f := &FixedLength{Length: 5}
	if err := getUsize(o, "length", &f.Length, false); err != nil {
		return nil, err
	}
	return f, nil
}

// PreTokenize implements tokenizer.PreTokenizer.
func (f *FixedLength) PreTokenize(p *tokenizer.PreTokenizedString) error {
	if f.Length <= 0 {
		return errZeroLength
	}
	return p.Split(func(_ int, n *tokenizer.NormalizedString) ([]tokenizer.NormalizedString, error) {
		s := n.Normalized()
		if s == "" {
			return nil, nil
		}
		out := make([]tokenizer.NormalizedString, 0, len(s)/f.Length+1)
		start, count := 0, 0
		for i := range s {
			if count == f.Length {
				piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: start, End: i})
				if !ok {
					return nil, errBadSlice
				}
				out = append(out, piece)
				start, count = i, 0
			}
			count++
		}
		piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: start, End: len(s)})
		if !ok {
			return nil, errBadSlice
		}
		return append(out, piece), nil
	})
}

// errBadSlice is returned where the reference fails to slice a piece.
var errBadSlice = errors.New("Failed to slice normalized text")

// MarshalJSON writes the reference's serialization.
func (f *FixedLength) MarshalJSON() ([]byte, error) {
	return marshal("type", "FixedLength", "length", f.Length)
}

// UnicodeScripts splits where the Unicode script changes (Unicode 9.0.0 scripts,
// Hiragana, Katakana and U+30FC counted as Han; spaces and unassigned characters
// belong to the script before them). As the reference, characters of no script at the
// start of a piece are dropped.
type UnicodeScripts struct{}

// ParseUnicodeScripts builds a UnicodeScripts from its JSON.
func ParseUnicodeScripts(data []byte) (*UnicodeScripts, error) {
	if _, err := serde.ParseTyped(data, "UnicodeScripts"); err != nil {
		return nil, err
	}
	return &UnicodeScripts{}, nil
}

// fixedScript is the reference's fixed_script.
func fixedScript(r rune) scripts.Script {
	switch r {
	case 0x30FC:
		return scripts.Han
	case ' ':
		return scripts.Any
	}
	switch s := scripts.Of(r); s {
	case scripts.Hiragana, scripts.Katakana:
		return scripts.Han
	default:
		return s
	}
}

// PreTokenize implements tokenizer.PreTokenizer.
func (*UnicodeScripts) PreTokenize(p *tokenizer.PreTokenizedString) error {
	return p.Split(func(_ int, n *tokenizer.NormalizedString) ([]tokenizer.NormalizedString, error) {
		s := n.Normalized()
		var out []tokenizer.NormalizedString
		last, haveLast := scripts.Any, false
		start := -1
		for i, r := range s {
			sc := fixedScript(r)
			if sc == scripts.Any {
				continue
			}
			if !haveLast || last != sc {
				if start >= 0 {
					piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: start, End: i})
					if !ok {
						return nil, fmt.Errorf("UnicodeScripts: %w", errBadSlice)
					}
					out = append(out, piece)
				}
				start = i
			}
			last, haveLast = sc, true
		}
		if start >= 0 {
			piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: start, End: len(s)})
			if !ok {
				return nil, fmt.Errorf("UnicodeScripts: %w", errBadSlice)
			}
			out = append(out, piece)
		}
		return out, nil
	})
}

// MarshalJSON writes the reference's serialization.
func (*UnicodeScripts) MarshalJSON() ([]byte, error) { return marshal("type", "UnicodeScripts") }
