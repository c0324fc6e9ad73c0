package unigram

import (
	"unsafe"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serdefmt"
)

// parseFast decodes a Unigram object in the common shape ("vocab" and optionally
// "type", "unk_id" and "byte_fallback", each once, with plain values) without the
// full decoder, reading the vocabulary straight into its pieces. ok is false on
// anything else, a model New rejects included, and Parse then decodes data again
// with the full decoder, which gives the reference's errors.
func parseFast(data []byte) (u *Unigram, ok bool) {
	s := jsonutil.Scanner{Data: data}
	var (
		scratch      []byte
		unkID        = -1
		byteFallback bool
		vocab        []Piece
		seen         uint8 // bits: type, unk_id, vocab, byte_fallback
	)
	member := func(k []byte) bool {
		var bit uint8
		ok := false
		switch string(k) {
		case "type":
			bit = 1
			v, okV := s.String(&scratch)
			ok = okV && string(v) == "Unigram"
		case "unk_id":
			bit = 2
			var id uint32
			id, ok = s.Uint32()
			ok = ok && id <= 1<<31-1
			unkID = int(id)
		case "vocab":
			bit = 4
			vocab, ok = parseVocab(&s)
		case "byte_fallback":
			bit = 8
			byteFallback, ok = parseBool(&s)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}
	if !s.Object(member) || !s.AtEnd() {
		return nil, false
	}
	if seen&4 == 0 {
		return nil, false
	}
	u, err := New(vocab, unkID, byteFallback)
	if err != nil {
		return nil, false
	}
	return u, true
}

// parseBool reads the literal true or false.
func parseBool(s *jsonutil.Scanner) (v, ok bool) {
	s.SkipSpace()
	rest := s.Data[s.Pos:]
	for _, lit := range [...]string{"false", "true"} {
		if len(rest) >= len(lit) && string(rest[:len(lit)]) == lit &&
			(len(rest) == len(lit) || !isWordByte(rest[len(lit)])) {
			s.Pos += len(lit)
			return lit == "true", true
		}
	}
	return false, false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// parseVocab reads the vocabulary array [["piece", score], ...]. ok is false on
// anything unusual.
func parseVocab(s *jsonutil.Scanner) (vocab []Piece, ok bool) {
	if !s.Consume('[') {
		return nil, false
	}
	// Entries take about 20 bytes of JSON or more.
	vocab = make([]Piece, 0, min((len(s.Data)-s.Pos)/20+1, 1<<20))
	if s.Consume(']') {
		return vocab, true
	}
	var (
		block   []byte // pieces are copied here, back to back, and never written again
		scratch []byte
	)
	for {
		if !s.Consume('[') {
			return nil, false
		}
		k, ok := s.String(&scratch)
		if !ok || !s.Consume(',') {
			return nil, false
		}
		num, ok := scanNumber(s)
		if !ok || !s.Consume(']') {
			return nil, false
		}
		score, err := serdefmt.ParseFloat64(unsafe.String(unsafe.SliceData(num), len(num)))
		if err != nil {
			return nil, false
		}
		var tok string
		if len(k) > 0 {
			if cap(block)-len(block) < len(k) {
				block = make([]byte, 0, max(64<<10, len(k)))
			}
			n := len(block)
			block = append(block, k...)
			tok = unsafe.String(&block[n], len(k))
		}
		vocab = append(vocab, Piece{tok, score})
		if s.Consume(',') {
			continue
		}
		if !s.Consume(']') {
			return nil, false
		}
		return vocab, true
	}
}

// scanNumber reads a JSON number (after whitespace) and returns its text.
func scanNumber(s *jsonutil.Scanner) ([]byte, bool) {
	s.SkipSpace()
	d, start := s.Data, s.Pos
	i := start
	digits := func() bool {
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	if i < len(d) && d[i] == '0' {
		i++
	} else if !digits() {
		return nil, false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return nil, false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return nil, false
		}
	}
	if i < len(d) && (d[i] >= '0' && d[i] <= '9' || d[i] == '.' || isWordByte(d[i])) {
		return nil, false
	}
	s.Pos = i
	return d[start:i], true
}
