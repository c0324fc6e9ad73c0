package tokenizer

import (
	"sync"
	"unsafe"
)

// The ids-only path. Components that can do their work without alignments implement
// the interfaces below; when every component of a tokenizer does, AppendIDs runs the
// whole pipeline on byte buffers that are reused from call to call, with no
// NormalizedString, no PreTokenizedString and no Token. Each implementation must give
// exactly what its general path gives (its tests compare the two).

// FastNormalizer is implemented by normalizers that can write the normalized text of s
// without computing alignments.
type FastNormalizer interface {
	// AppendNormalized appends the normalization of s to dst.
	AppendNormalized(dst []byte, s string) ([]byte, error)
}

// Pieces is the output of a FastPreTokenizer: pieces stored back to back in Buf, piece
// i being Buf[Ends[i-1]:Ends[i]] (Buf[:Ends[0]] for the first). AtStart[i] reports
// whether piece i begins at offset 0 of the whole input (what Metaspace's "first"
// scheme looks at).
type Pieces struct {
	Buf     []byte
	Ends    []int
	AtStart []bool
}

// Reset empties p, keeping its memory.
func (p *Pieces) Reset() {
	p.Buf, p.Ends, p.AtStart = p.Buf[:0], p.Ends[:0], p.AtStart[:0]
}

// Len returns the number of pieces.
func (p *Pieces) Len() int { return len(p.Ends) }

// Piece returns piece i. It is valid until p changes.
func (p *Pieces) Piece(i int) []byte {
	start := 0
	if i > 0 {
		start = p.Ends[i-1]
	}
	return p.Buf[start:p.Ends[i]]
}

// End closes the piece made of the bytes appended to Buf since the previous piece. An
// empty piece is dropped, as the general path drops empty splits.
func (p *Pieces) End(atStart bool) {
	start := 0
	if n := len(p.Ends); n > 0 {
		start = p.Ends[n-1]
	}
	if len(p.Buf) == start {
		return
	}
	p.Ends = append(p.Ends, len(p.Buf))
	p.AtStart = append(p.AtStart, atStart)
}

// AddString appends s as a piece.
func (p *Pieces) AddString(s string, atStart bool) {
	p.Buf = append(p.Buf, s...)
	p.End(atStart)
}

// FastPreTokenizer is implemented by pre-tokenizers that can write their pieces
// without computing alignments.
type FastPreTokenizer interface {
	// AppendPieces appends to p the pieces of s (one split of the input, with its
	// normalized text). atStart reports whether s begins at offset 0 of the whole input.
	AppendPieces(p *Pieces, s string, atStart bool) error
}

// StartSensitive is implemented by pre-tokenizers whose output depends on whether a
// piece begins the input (Metaspace with the "first" scheme). After a normalizer, the
// ids-only path cannot tell where a piece began in the input, so such a tokenizer takes
// the general path.
type StartSensitive interface {
	StartSensitive() bool
}

// fastScratch holds the buffers of one AppendIDs call.
type fastScratch struct {
	norm    []byte
	matches []piece
	sub     []piece
	pieces  Pieces
}

var fastPool = sync.Pool{New: func() any { return new(fastScratch) }}

// bytesString returns b as a string without copying; the string must not outlive b's
// next change. Components called on it must not keep it (they copy what they keep).
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// fastPath reports whether the ids-only path can run on t.
func (t *Tokenizer) fastPath() (FastNormalizer, FastPreTokenizer, IDAppender, bool) {
	m, ok := t.model.(IDAppender)
	if !ok {
		return nil, nil, nil, false
	}
	var fn FastNormalizer
	if t.normalizer != nil {
		if fn, ok = t.normalizer.(FastNormalizer); !ok {
			return nil, nil, nil, false
		}
		// A composite normalizer (Sequence) with a child that is not fast runs the
		// general path inside: nothing to gain.
		if f, ok := t.normalizer.(interface{ Fast() bool }); ok && !f.Fast() {
			return nil, nil, nil, false
		}
	}
	var fp FastPreTokenizer
	if t.preTokenizer != nil {
		if fp, ok = t.preTokenizer.(FastPreTokenizer); !ok {
			return nil, nil, nil, false
		}
		if ss, ok := t.preTokenizer.(StartSensitive); ok && ss.StartSensitive() && fn != nil {
			return nil, nil, nil, false
		}
	}
	return fn, fp, m, true
}

// appendIDsFast is the ids-only pipeline: added tokens in the raw text, then for each
// piece between them normalization, added tokens in the normalized text,
// pre-tokenization and the model.
func (t *Tokenizer) appendIDsFast(dst []uint32, text string, textAtStart bool, fn FastNormalizer, fp FastPreTokenizer, m IDAppender) ([]uint32, error) {
	sc := fastPool.Get().(*fastScratch)
	defer fastPool.Put(sc)
	var err error
	sc.matches = t.added.findMatches(text, t.added.raw, sc.matches[:0])
	for _, c := range sc.matches {
		if c.isToken {
			dst = append(dst, c.id)
			continue
		}
		chunk := text[c.start:c.end]
		atStart := textAtStart && c.start == 0
		if fn != nil {
			if sc.norm, err = fn.AppendNormalized(sc.norm[:0], chunk); err != nil {
				return dst, err
			}
			chunk = bytesString(sc.norm)
		}
		if chunk == "" {
			continue
		}
		sc.sub = t.added.findMatches(chunk, t.added.norm, sc.sub[:0])
		for _, s := range sc.sub {
			if s.isToken {
				dst = append(dst, s.id)
				continue
			}
			part := chunk[s.start:s.end]
			if part == "" {
				continue
			}
			if fp == nil {
				if dst, err = m.AppendIDs(dst, part); err != nil {
					return dst, err
				}
				continue
			}
			sc.pieces.Reset()
			if err := fp.AppendPieces(&sc.pieces, part, atStart && s.start == 0); err != nil {
				return dst, err
			}
			for i := 0; i < sc.pieces.Len(); i++ {
				if dst, err = m.AppendIDs(dst, bytesString(sc.pieces.Piece(i))); err != nil {
					return dst, err
				}
			}
		}
	}
	return dst, nil
}
