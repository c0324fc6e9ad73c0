package fasttok

import (
	"io"

	"github.com/fasttok/fasttok/tokenizer"

	// The components register their tokenizer.json constructors.
	_ "github.com/fasttok/fasttok/decoders"
	_ "github.com/fasttok/fasttok/models/bpe"
	_ "github.com/fasttok/fasttok/models/unigram"
	_ "github.com/fasttok/fasttok/models/wordlevel"
	_ "github.com/fasttok/fasttok/models/wordpiece"
	_ "github.com/fasttok/fasttok/normalizers"
	_ "github.com/fasttok/fasttok/pretokenizers"
	_ "github.com/fasttok/fasttok/processors"
)

// The main types of package tokenizer, under short names. Their methods (Encode,
// EncodePair, EncodeInput, EncodeBatch, Decode, DecodeBatch, AppendIDs, Count,
// WithTruncation, WithPadding, NewDecodeStream...) are documented, with examples, in
// package github.com/fasttok/fasttok/tokenizer.
type (
	// Tokenizer is a loaded tokenization pipeline, immutable and safe for concurrent
	// use; see tokenizer.Tokenizer.
	Tokenizer = tokenizer.Tokenizer
	// Encoding is the result of encoding one input: ids, tokens, offsets, type ids,
	// word ids, masks and overflowing windows; see tokenizer.Encoding.
	Encoding = tokenizer.Encoding
	// EncodeOptions are the options of one encode call: special tokens, offset kind,
	// workers of the batch calls, lossy UTF-8; see tokenizer.EncodeOptions.
	EncodeOptions = tokenizer.EncodeOptions
	// Input is what EncodeInput and EncodeBatch take: one sequence or a pair.
	Input = tokenizer.Input
	// Sequence is one side of an Input: a text, or a text already split into words.
	Sequence = tokenizer.Sequence
	// Offsets are the start and end of a token in the input text.
	Offsets = tokenizer.Offsets
	// OffsetType says what offsets count: OffsetBytes (the default) or OffsetChars.
	OffsetType = tokenizer.OffsetType
	// TruncationParams are the truncation settings (WithTruncation).
	TruncationParams = tokenizer.TruncationParams
	// TruncationStrategy says which sequence of a pair loses tokens first.
	TruncationStrategy = tokenizer.TruncationStrategy
	// TruncationDirection says which end of a sequence truncation cuts.
	TruncationDirection = tokenizer.TruncationDirection
	// PaddingParams are the padding settings (WithPadding).
	PaddingParams = tokenizer.PaddingParams
	// PaddingStrategy says what length padding reaches: BatchLongest or Fixed.
	PaddingStrategy = tokenizer.PaddingStrategy
	// PaddingDirection says which end of an encoding padding fills.
	PaddingDirection = tokenizer.PaddingDirection
	// AddedToken is a token matched in the text before the model (WithAddedTokens).
	AddedToken = tokenizer.AddedToken
	// DecodeStream decodes ids one at a time, for one goroutine (NewDecodeStream).
	DecodeStream = tokenizer.DecodeStream
	// Limits bound what loading a tokenizer.json may cost (LoadWithLimits).
	Limits = tokenizer.Limits
	// LimitError is the error of a tokenizer.json beyond its Limits.
	LimitError = tokenizer.LimitError
	// PathError is a load error at a JSON path of the tokenizer.json.
	PathError = tokenizer.PathError
	// InvalidUTF8Error is the error of an input that is not valid UTF-8 (unless
	// EncodeOptions.Lossy).
	InvalidUTF8Error = tokenizer.InvalidUTF8Error
)

// The offset types (EncodeOptions.Offsets).
const (
	// OffsetBytes: offsets are byte offsets into the input (the default).
	OffsetBytes = tokenizer.OffsetBytes
	// OffsetChars: offsets count Unicode characters (scalar values), as the Python
	// and Node bindings report them.
	OffsetChars = tokenizer.OffsetChars
)

// The truncation strategies and directions (TruncationParams).
const (
	LongestFirst  = tokenizer.LongestFirst
	OnlyFirst     = tokenizer.OnlyFirst
	OnlySecond    = tokenizer.OnlySecond
	TruncateRight = tokenizer.TruncateRight
	TruncateLeft  = tokenizer.TruncateLeft
)

// The padding strategies and directions (PaddingParams).
const (
	BatchLongest = tokenizer.BatchLongest
	Fixed        = tokenizer.Fixed
	PadRight     = tokenizer.PadRight
	PadLeft      = tokenizer.PadLeft
)

// Load loads a tokenizer.json file (plain or gzip-compressed) within DefaultLimits.
func Load(path string) (*Tokenizer, error) { return tokenizer.FromFile(path) }

// LoadBytes loads a tokenizer.json (plain or gzip-compressed) from memory within
// DefaultLimits.
func LoadBytes(data []byte) (*Tokenizer, error) { return tokenizer.FromBytes(data) }

// LoadReader loads a tokenizer.json (plain or gzip-compressed) from r within
// DefaultLimits.
func LoadReader(r io.Reader) (*Tokenizer, error) { return tokenizer.FromReader(r) }

// LoadWithLimits is Load with the given limits (zero fields take their default).
func LoadWithLimits(path string, lim Limits) (*Tokenizer, error) {
	return tokenizer.FromFileWithLimits(path, lim)
}

// LoadBytesWithLimits is LoadBytes with the given limits (zero fields take their
// default).
func LoadBytesWithLimits(data []byte, lim Limits) (*Tokenizer, error) {
	return tokenizer.FromBytesWithLimits(data, lim)
}

// DefaultLimits returns the limits Load, LoadBytes and FromPretrained apply.
func DefaultLimits() Limits { return tokenizer.DefaultLimits() }

// DefaultTruncation returns the reference's truncation defaults: max_length 512,
// LongestFirst, stride 0, direction Right.
func DefaultTruncation() TruncationParams { return tokenizer.DefaultTruncation() }

// DefaultPadding returns the reference's padding defaults: BatchLongest, Right, pad id
// 0, type id 0, token "[PAD]".
func DefaultPadding() PaddingParams { return tokenizer.DefaultPadding() }

// Text returns the Input of a single text.
func Text(text string) Input { return Input{First: Sequence{Text: text}} }

// Pair returns the Input of a pair of texts (such as a question and its context).
func Pair(text, pair string) Input {
	return Input{First: Sequence{Text: text}, Second: &Sequence{Text: pair}}
}

// Words returns the Input of a text already split into words (pre-tokenized: each word
// is normalized and pre-tokenized alone, and word ids follow the words).
func Words(words ...string) Input { return Input{First: Sequence{Words: words}} }
