package tokenizer

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
)

// Limits bound what loading a tokenizer.json may cost, so that a file from anywhere
// gives a clear error rather than exhausting memory, time or the stack. A zero field
// takes its DefaultLimits value; a negative field lifts that limit.
//
// The checks cost nothing measurable: the file's size is checked before it is read
// (or as it is decompressed), the components' nesting before they are built (a
// Sequence builds its children recursively), the added tokens before they are indexed,
// and the model's vocabulary and merges once it is built, from the sizes it knows
// (until then its memory is bounded by the file's size).
type Limits struct {
	// MaxFileBytes is the largest tokenizer.json text accepted, once decompressed.
	MaxFileBytes int64
	// MaxVocab is the largest vocabulary a model may have (model.vocab entries).
	MaxVocab int
	// MaxMerges is the largest number of merges a BPE model may have (model.merges
	// entries; checked on models that report it with a NumMerges() int method).
	MaxMerges int
	// MaxAddedTokens is the largest number of added tokens (added_tokens entries).
	MaxAddedTokens int
	// MaxDepth is the deepest JSON nesting accepted, counting the top-level object as
	// 1. The reference (serde_json's recursion limit of 128) rejects 128 levels and
	// more; the default, 127, accepts what it accepts. The components' sections are
	// always checked; inside the model section, nesting is checked when the file is
	// decoded in full; on the fast paths the model's own decoder applies its limit
	// (about 4096 levels), so a model field that the model ignores may nest deeper
	// than MaxDepth (not deeper than that) where the reference refuses it.
	MaxDepth int
	// MaxSequenceLength is the longest encoding that a padding section read from a
	// tokenizer.json may ask for (its Fixed length and its pad_to_multiple_of). At
	// encode time, padding beyond DefaultLimits().MaxSequenceLength tokens is refused
	// whatever the limits the tokenizer was loaded with (it would take gigabytes).
	// Truncation needs no limit: its max_length allocates nothing.
	MaxSequenceLength int
}

// DefaultLimits returns the limits FromFile, FromBytes and FromReader apply: generous
// enough for every published tokenizer (the largest have about 262k tokens and 500k
// merges), small enough that a hostile file fails fast.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:      1 << 30, // 1 GiB
		MaxVocab:          1 << 22, // 4,194,304
		MaxMerges:         1 << 22,
		MaxAddedTokens:    1 << 20, // 1,048,576
		MaxDepth:          127,
		MaxSequenceLength: 1 << 24, // 16,777,216 tokens
	}
}

// resolve returns l with its zero fields set to their defaults.
func (l Limits) resolve() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes == 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxVocab == 0 {
		l.MaxVocab = d.MaxVocab
	}
	if l.MaxMerges == 0 {
		l.MaxMerges = d.MaxMerges
	}
	if l.MaxAddedTokens == 0 {
		l.MaxAddedTokens = d.MaxAddedTokens
	}
	if l.MaxDepth == 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxSequenceLength == 0 {
		l.MaxSequenceLength = d.MaxSequenceLength
	}
	return l
}

// LimitError is the error of an input beyond one of its Limits. Load errors wrap it in
// a *PathError naming where in the file it is, such as
// `model.vocab: 5000000 entries exceed Limits.MaxVocab (4194304)`.
type LimitError struct {
	// Limit is the name of the Limits field, such as "MaxVocab".
	Limit string
	// Value is what the input has (a lower bound when AtLeast), Max the limit.
	Value, Max int64
	// Unit says what Value counts: "bytes", "entries", "levels of nesting", "tokens".
	Unit string
	// AtLeast: the input was not read to its end; it has more than Max.
	AtLeast bool
	// Offset is the byte offset in the JSON text where the limit was passed, or -1.
	Offset int64
}

// Error describes the limit passed.
func (e *LimitError) Error() string {
	more := ""
	if e.AtLeast {
		more = "more than "
	}
	at := ""
	if e.Offset >= 0 {
		at = fmt.Sprintf(" (at byte %d)", e.Offset)
	}
	return fmt.Sprintf("%s%d %s exceed Limits.%s (%d)%s", more, e.Value, e.Unit, e.Limit, e.Max, at)
}

func limitError(path, limit string, value, maxValue int64, unit string) error {
	err := &LimitError{Limit: limit, Value: value, Max: maxValue, Unit: unit, Offset: -1}
	if path == "" {
		return err
	}
	return &PathError{Path: path, Err: err}
}

// FromFileWithLimits is FromFile with the given limits instead of DefaultLimits. A
// file larger than lim.MaxFileBytes is refused before it is read.
func FromFileWithLimits(path string, lim Limits) (*Tokenizer, error) {
	lim = lim.resolve()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var data []byte
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		// A gzip file is smaller than its text: its size is a lower bound.
		if lim.MaxFileBytes >= 0 && fi.Size() > lim.MaxFileBytes {
			return nil, fmt.Errorf("%s: %w", path, limitError("", "MaxFileBytes", fi.Size(), lim.MaxFileBytes, "bytes"))
		}
		data = make([]byte, 0, fi.Size()+1)
	}
	data, err = readAllLimited(f, data, lim.MaxFileBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t, err := FromBytesWithLimits(data, lim)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// FromReaderWithLimits is FromReader with the given limits instead of DefaultLimits:
// it reads no more than lim.MaxFileBytes (and one byte more, to see the excess).
func FromReaderWithLimits(r io.Reader, lim Limits) (*Tokenizer, error) {
	lim = lim.resolve()
	data, err := readAllLimited(r, nil, lim.MaxFileBytes)
	if err != nil {
		return nil, err
	}
	return FromBytesWithLimits(data, lim)
}

// readAllLimited appends r's bytes to buf, failing with a *LimitError beyond maxBytes
// bytes (negative: no limit).
func readAllLimited(r io.Reader, buf []byte, maxBytes int64) ([]byte, error) {
	if maxBytes >= 0 && maxBytes < math.MaxInt64 {
		r = io.LimitReader(r, maxBytes+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if maxBytes >= 0 && int64(len(buf)) > maxBytes {
		return nil, &LimitError{Limit: "MaxFileBytes", Value: maxBytes, Max: maxBytes, Unit: "bytes", AtLeast: true, Offset: -1}
	}
	return buf, nil
}

// checkDepth reports an error when the JSON text data, nested in base levels, nests
// deeper than maxDepth. It checks brackets outside strings only (the text is
// validated elsewhere) and costs one pass, most of it inside strings skipped with
// IndexByte.
func checkDepth(data []byte, base, maxDepth int, path string) error {
	if maxDepth < 0 {
		return nil
	}
	depth := base
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			// Skip to the closing quote: one not preceded by an odd run of backslashes.
			for {
				j := bytes.IndexByte(data[i+1:], '"')
				if j < 0 {
					return nil // unterminated: the decoder reports it
				}
				i += 1 + j
				k := i - 1
				for k >= 0 && data[k] == '\\' {
					k--
				}
				if (i-1-k)%2 == 0 {
					break
				}
			}
		case '{', '[':
			depth++
			if depth > maxDepth {
				err := &LimitError{Limit: "MaxDepth", Value: int64(depth), Max: int64(maxDepth),
					Unit: "levels of nesting", Offset: int64(i)}
				if path == "" {
					return err
				}
				return &PathError{Path: path, Err: err}
			}
		case '}', ']':
			depth--
		}
	}
	return nil
}

// checkSections checks the limits of what decoding the top-level object gave: the
// components' nesting (before they are built: a Sequence builds its children
// recursively) and the padding asked for. The base nesting of a section is 1 (the
// top-level object).
func checkSections(file *topLevel, lim *Limits) error {
	for _, s := range []struct {
		name string
		data []byte
	}{
		{"normalizer", file.Normalizer},
		{"pre_tokenizer", file.PreTokenizer},
		{"post_processor", file.PostProcessor},
		{"decoder", file.Decoder},
		{"truncation", file.Truncation},
		{"padding", file.Padding},
	} {
		if err := checkDepth(s.data, 1, lim.MaxDepth, s.name); err != nil {
			return err
		}
	}
	return nil
}

// checkPaddingLimit checks a padding section read from a file against lim.
func checkPaddingLimit(p *PaddingParams, lim *Limits) error {
	maxLen := lim.MaxSequenceLength
	if maxLen < 0 {
		return nil
	}
	if p.Strategy == Fixed && p.Length > maxLen {
		return limitError("padding.strategy.Fixed", "MaxSequenceLength", int64(p.Length), int64(maxLen), "tokens")
	}
	if p.PadToMultipleOf > maxLen {
		return limitError("padding.pad_to_multiple_of", "MaxSequenceLength", int64(p.PadToMultipleOf), int64(maxLen), "tokens")
	}
	return nil
}

// checkModelLimits checks the model's sizes against lim.
func checkModelLimits(m Model, lim *Limits) error {
	if lim.MaxVocab >= 0 {
		if n := m.VocabSize(); n > lim.MaxVocab {
			return limitError("model.vocab", "MaxVocab", int64(n), int64(lim.MaxVocab), "entries")
		}
	}
	if lim.MaxMerges >= 0 {
		if mm, ok := m.(interface{ NumMerges() int }); ok {
			if n := mm.NumMerges(); n > lim.MaxMerges {
				return limitError("model.merges", "MaxMerges", int64(n), int64(lim.MaxMerges), "entries")
			}
		}
	}
	return nil
}

// checkPadLength refuses padding length tokens, rounded up to a multiple of multiple
// when that is positive, beyond DefaultLimits().MaxSequenceLength tokens (or to a
// length that overflows): PadEncodings would allocate them all. A negative length pads
// nothing.
func checkPadLength(length, multiple int) error {
	maxLen := DefaultLimits().MaxSequenceLength
	n := length
	if length <= maxLen && multiple <= maxLen {
		if length < 0 {
			return nil
		}
		if multiple > 0 && n%multiple > 0 {
			n += multiple - n%multiple // both at most maxLen: no overflow
		}
		if n <= maxLen {
			return nil
		}
	} else if multiple > n {
		n = multiple
	}
	return fmt.Errorf("padding: %w", &LimitError{Limit: "MaxSequenceLength", Value: int64(n), Max: int64(maxLen), Unit: "tokens", Offset: -1})
}
