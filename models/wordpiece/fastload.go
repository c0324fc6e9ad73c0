package wordpiece

import (
	"unsafe"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// parseFast decodes a WordPiece object in the common shape (the four fields, each
// once, plus an optional "type", with plain values) without the full decoder: the
// vocabulary goes straight into a pre-sized map and the key list the trie is built
// from. ok is false on anything else, and Parse then decodes data again with the
// full decoder, which gives the reference's errors.
func parseFast(data []byte) (w *WordPiece, ok bool) {
	s := jsonutil.Scanner{Data: data}
	var (
		scratch     []byte
		unk, prefix string
		maxChars    uint32
		keys        []string
		ids         []uint32
		seen        uint8 // bits: type, unk_token, prefix, max chars, vocab
	)
	member := func(k []byte) bool {
		var bit uint8
		ok := false
		switch string(k) {
		case "type":
			bit = 1
			v, okV := s.String(&scratch)
			ok = okV && string(v) == "WordPiece"
		case "unk_token":
			bit = 2
			var v []byte
			v, ok = s.String(&scratch)
			unk = string(v)
		case "continuing_subword_prefix":
			bit = 4
			var v []byte
			v, ok = s.String(&scratch)
			prefix = string(v)
		case "max_input_chars_per_word":
			bit = 8
			maxChars, ok = s.Uint32()
		case "vocab":
			bit = 16
			keys, ids, ok = parseVocab(&s)
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
	if seen|1 != 31 {
		return nil, false
	}
	// The map is filled while the trie is built.
	done := make(chan map[string]uint32, 1)
	go func() {
		m := make(map[string]uint32, len(keys))
		for i, k := range keys {
			m[k] = ids[i]
		}
		done <- m
	}()
	w = newIndex(keys, ids, Options{
		UnkToken:                unk,
		ContinuingSubwordPrefix: prefix,
		MaxInputCharsPerWord:    int(maxChars),
	})
	vocab := <-done
	if len(vocab) != len(keys) {
		return nil, false // a repeated token: the full decoder decides
	}
	w.setVocab(vocab)
	return w, true
}

// parseVocab reads the vocabulary object {"token": id, ...} into its tokens and ids
// in order (a token may repeat). ok is false on anything unusual.
func parseVocab(s *jsonutil.Scanner) (keys []string, ids []uint32, ok bool) {
	if !s.Consume('{') {
		return nil, nil, false
	}
	// Vocabulary entries take about 12 bytes of JSON or more.
	est := min((len(s.Data)-s.Pos)/12+1, 1<<20)
	keys = make([]string, 0, est)
	ids = make([]uint32, 0, est)
	if s.Consume('}') {
		return keys, ids, true
	}
	var (
		block   []byte // keys are copied here, back to back, and never written again
		scratch []byte
	)
	for {
		k, ok := s.String(&scratch)
		if !ok || !s.Consume(':') {
			return nil, nil, false
		}
		id, ok := s.Uint32()
		if !ok {
			return nil, nil, false
		}
		var key string
		if len(k) > 0 {
			if cap(block)-len(block) < len(k) {
				block = make([]byte, 0, max(64<<10, len(k)))
			}
			n := len(block)
			block = append(block, k...)
			key = unsafe.String(&block[n], len(k))
		}
		keys = append(keys, key)
		ids = append(ids, id)
		if s.Consume(',') {
			continue
		}
		if !s.Consume('}') {
			return nil, nil, false
		}
		return keys, ids, true
	}
}

// withoutVocabArray returns data with the value of its "vocab" field replaced by []
// when that value is an array (as in Unigram models, which the loader may try as a
// WordPiece first): the full decoder then fails with the same error, without
// decoding the whole array. ok is false unless data is an object, strictly valid,
// with one "vocab" field whose value is an array.
func withoutVocabArray(data []byte) (reduced []byte, ok bool) {
	s := jsonutil.Scanner{Data: data}
	if !s.Consume('{') || s.Consume('}') {
		return nil, false
	}
	var scratch []byte
	start, end := -1, -1
	for {
		k, ok := s.String(&scratch)
		if !ok || !s.Consume(':') {
			return nil, false
		}
		isVocab := string(k) == "vocab"
		if isVocab {
			if start >= 0 || s.Peek() != '[' {
				return nil, false
			}
			start = s.Pos
		}
		if !validValue(&s, &scratch, 0) {
			return nil, false
		}
		if isVocab {
			end = s.Pos
		}
		if s.Consume(',') {
			continue
		}
		if !s.Consume('}') || !s.AtEnd() || start < 0 {
			return nil, false
		}
		break
	}
	reduced = make([]byte, 0, len(data)-(end-start)+2)
	reduced = append(reduced, data[:start]...)
	reduced = append(reduced, "[]"...)
	return append(reduced, data[end:]...), true
}

// validValue reads one JSON value (after whitespace) and reports whether it is valid.
// It is stricter than JSON on strings (see jsonutil.Scanner.String) and nesting.
func validValue(s *jsonutil.Scanner, scratch *[]byte, depth int) bool {
	if depth > 64 {
		return false
	}
	switch s.Peek() {
	case '"':
		_, ok := s.String(scratch)
		return ok
	case '[':
		s.Pos++
		if s.Consume(']') {
			return true
		}
		for {
			if !validValue(s, scratch, depth+1) {
				return false
			}
			if s.Consume(',') {
				continue
			}
			return s.Consume(']')
		}
	case '{':
		s.Pos++
		if s.Consume('}') {
			return true
		}
		for {
			if _, ok := s.String(scratch); !ok || !s.Consume(':') || !validValue(s, scratch, depth+1) {
				return false
			}
			if s.Consume(',') {
				continue
			}
			return s.Consume('}')
		}
	case 't':
		return literal(s, "true")
	case 'f':
		return literal(s, "false")
	case 'n':
		return literal(s, "null")
	}
	return number(s)
}

// literal reads lit, which must not run into a following letter or digit.
func literal(s *jsonutil.Scanner, lit string) bool {
	rest := s.Data[s.Pos:]
	if len(rest) < len(lit) || string(rest[:len(lit)]) != lit ||
		len(rest) > len(lit) && isNumberByte(rest[len(lit)]) {
		return false
	}
	s.Pos += len(lit)
	return true
}

// isNumberByte reports whether c may continue a number or a literal.
func isNumberByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '.' || c == '+' || c == '-'
}

// number reads a JSON number.
func number(s *jsonutil.Scanner) bool {
	d, i := s.Data, s.Pos
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
		return false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	if i < len(d) && isNumberByte(d[i]) {
		return false
	}
	s.Pos = i
	return true
}
