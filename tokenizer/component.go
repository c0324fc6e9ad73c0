package tokenizer

// Offsets is a half-open range [Start, End) of bytes (or, where the caller asked for
// them, of characters) in a text.
type Offsets struct {
	Start, End int
}

// Len returns End - Start.
func (o Offsets) Len() int { return o.End - o.Start }

// Token is one token produced by a Model: its id, its string value, and its offsets in
// the sequence the model was given (bytes).
type Token struct {
	ID      uint32
	Value   string
	Offsets Offsets
}

// Normalizer edits a NormalizedString in place, keeping its alignments to the original.
// It is the reference's `Normalizer` trait. Implementations are safe for concurrent use.
type Normalizer interface {
	Normalize(n *NormalizedString) error
}

// PreTokenizer splits a PreTokenizedString into pieces that the model tokenizes one by
// one. It is the reference's `PreTokenizer` trait. Implementations are safe for
// concurrent use.
type PreTokenizer interface {
	PreTokenize(p *PreTokenizedString) error
}

// Model turns one pre-token into tokens. It is the reference's `Model` trait.
// Implementations are safe for concurrent use.
type Model interface {
	// Tokenize tokenizes sequence; the tokens' offsets are byte offsets in sequence.
	Tokenize(sequence string) ([]Token, error)
	// TokenToID returns the id of token, and whether it is in the vocabulary.
	TokenToID(token string) (uint32, bool)
	// IDToToken returns the token of id, and whether the id is in the vocabulary.
	IDToToken(id uint32) (string, bool)
	// VocabSize returns the number of entries of the vocabulary.
	VocabSize() int
	// Vocab returns a copy of the vocabulary.
	Vocab() map[string]uint32
}

// PostProcessor adds special tokens and type ids to the encodings of one input (one
// sequence, or a pair). It is the reference's `PostProcessor` trait.
type PostProcessor interface {
	// AddedTokens returns how many tokens ProcessEncodings adds for one sequence or a pair.
	AddedTokens(isPair bool) int
	// ProcessEncodings processes the encodings of one input (one, or two for a pair,
	// each already tagged with its sequence id), including their Overflowing ones, and
	// returns the encodings to merge.
	ProcessEncodings(encodings []*Encoding, addSpecialTokens bool) ([]*Encoding, error)
}

// Decoder turns tokens back into text. DecodeChain maps the tokens to the pieces of
// text they stand for; the pieces are joined with "" to make the decoded text. It is
// the reference's `Decoder` trait.
type Decoder interface {
	DecodeChain(tokens []string) ([]string, error)
}

// SplitDelimiterBehavior says what a split does with the delimiters it finds.
type SplitDelimiterBehavior int

// The split behaviours of the reference (`SplitDelimiterBehavior`).
const (
	Removed SplitDelimiterBehavior = iota
	Isolated
	MergedWithPrevious
	MergedWithNext
	Contiguous
)

var behaviorNames = [...]string{"Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"}

// String returns the behaviour's name as tokenizer.json spells it.
func (b SplitDelimiterBehavior) String() string {
	if b >= 0 && int(b) < len(behaviorNames) {
		return behaviorNames[b]
	}
	return "SplitDelimiterBehavior(?)"
}

// ParseSplitDelimiterBehavior parses a behaviour as tokenizer.json spells it
// (case-sensitive PascalCase, as the reference).
func ParseSplitDelimiterBehavior(s string) (SplitDelimiterBehavior, error) {
	for i, n := range behaviorNames {
		if n == s {
			return SplitDelimiterBehavior(i), nil
		}
	}
	return 0, fmtErrorf("unknown variant `%s`, expected one of `Removed`, `Isolated`, `MergedWithPrevious`, `MergedWithNext`, `Contiguous`", s)
}

// MarshalText implements encoding.TextMarshaler.
func (b SplitDelimiterBehavior) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (b *SplitDelimiterBehavior) UnmarshalText(t []byte) error {
	v, err := ParseSplitDelimiterBehavior(string(t))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// Match is one piece of a text as a Pattern sees it: the byte range [Start, End) and
// whether it matched the pattern. A Pattern's matches cover the whole text, in order.
type Match struct {
	Start, End int
	IsMatch    bool
}

// Pattern finds the matches of something in a text. It is the reference's `Pattern`
// trait: FindMatches returns the matching and the non-matching pieces of s, in order,
// covering all of s (an empty s gives one non-matching piece [0,0]).
type Pattern interface {
	FindMatches(s string) ([]Match, error)
}

// OffsetType says what offsets count: bytes (the Go default) or characters (Unicode
// scalar values, as the Python and Node bindings report them).
type OffsetType int

// The offset types.
const (
	OffsetBytes OffsetType = iota
	OffsetChars
)

// OffsetReferential says what text offsets refer to: the original input, or the
// normalized text.
type OffsetReferential int

// The offset referentials.
const (
	Original OffsetReferential = iota
	Normalized
)
