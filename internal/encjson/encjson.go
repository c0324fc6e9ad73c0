// Package encjson writes and reads encodings in the JSON Lines record format of the
// reference's golden files and of `fasttok encode --format jsonl`: one object with the
// fields ids, tokens, offsets, type_ids, attention_mask, special_tokens_mask, word_ids,
// sequence_ids, in that order, plus overflowing (a list of such objects) when there is
// any. Strings are escaped as JavaScript's JSON.stringify escapes them, so that records
// are byte for byte those of the reference's golden.js.
package encjson

import (
	"strconv"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// Record is one encoding as the golden files hold it. WordIDs and SequenceIDs hold -1
// for null.
type Record struct {
	IDs               []uint32
	Tokens            []string
	Offsets           [][2]int
	TypeIDs           []uint32
	AttentionMask     []uint32
	SpecialTokensMask []uint32
	WordIDs           []int
	SequenceIDs       []int
	Overflowing       []Record
	// Error is set instead of the fields when the reference refused the record.
	Error string
}

type recordJSON struct {
	IDs               []uint32     `json:"ids"`
	Tokens            []string     `json:"tokens"`
	Offsets           [][2]int     `json:"offsets"`
	TypeIDs           []uint32     `json:"type_ids"`
	AttentionMask     []uint32     `json:"attention_mask"`
	SpecialTokensMask []uint32     `json:"special_tokens_mask"`
	WordIDs           []*int       `json:"word_ids"`
	SequenceIDs       []*int       `json:"sequence_ids"`
	Overflowing       []recordJSON `json:"overflowing"`
	Error             string       `json:"error"`
}

func (j *recordJSON) record() Record {
	r := Record{IDs: j.IDs, Tokens: j.Tokens, Offsets: j.Offsets, TypeIDs: j.TypeIDs,
		AttentionMask: j.AttentionMask, SpecialTokensMask: j.SpecialTokensMask, Error: j.Error}
	r.WordIDs = nullable(j.WordIDs)
	r.SequenceIDs = nullable(j.SequenceIDs)
	for i := range j.Overflowing {
		r.Overflowing = append(r.Overflowing, j.Overflowing[i].record())
	}
	return r
}

func nullable(v []*int) []int {
	out := make([]int, len(v))
	for i, p := range v {
		if p == nil {
			out[i] = -1
		} else {
			out[i] = *p
		}
	}
	return out
}

// Parse reads one record.
func Parse(line []byte) (Record, error) {
	var j recordJSON
	if err := jsonutil.Unmarshal(line, &j); err != nil {
		return Record{}, err
	}
	return j.record(), nil
}

// FromEncoding returns e as a Record.
func FromEncoding(e *tokenizer.Encoding) Record {
	r := Record{IDs: e.IDs, Tokens: e.Tokens, TypeIDs: e.TypeIDs, AttentionMask: e.AttentionMask,
		SpecialTokensMask: e.SpecialTokensMask, WordIDs: e.WordIDs, SequenceIDs: e.SequenceIDs()}
	r.Offsets = make([][2]int, len(e.Offsets))
	for i, o := range e.Offsets {
		r.Offsets[i] = [2]int{o.Start, o.End}
	}
	for _, o := range e.Overflowing {
		r.Overflowing = append(r.Overflowing, FromEncoding(o))
	}
	return r
}

// Append appends e as one JSON object (no newline) to dst.
func Append(dst []byte, e *tokenizer.Encoding) []byte {
	dst = append(dst, `{"ids":`...)
	dst = appendUints(dst, e.IDs)
	dst = append(dst, `,"tokens":[`...)
	for i, t := range e.Tokens {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, t)
	}
	dst = append(dst, `],"offsets":[`...)
	for i, o := range e.Offsets {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '[')
		dst = strconv.AppendInt(dst, int64(o.Start), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(o.End), 10)
		dst = append(dst, ']')
	}
	dst = append(dst, `],"type_ids":`...)
	dst = appendUints(dst, e.TypeIDs)
	dst = append(dst, `,"attention_mask":`...)
	dst = appendUints(dst, e.AttentionMask)
	dst = append(dst, `,"special_tokens_mask":`...)
	dst = appendUints(dst, e.SpecialTokensMask)
	dst = append(dst, `,"word_ids":`...)
	dst = appendNullable(dst, e.WordIDs)
	dst = append(dst, `,"sequence_ids":`...)
	dst = appendNullable(dst, e.SequenceIDs())
	if len(e.Overflowing) > 0 {
		dst = append(dst, `,"overflowing":[`...)
		for i, o := range e.Overflowing {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = Append(dst, o)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

func appendUints(dst []byte, v []uint32) []byte {
	dst = append(dst, '[')
	for i, x := range v {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendUint(dst, uint64(x), 10)
	}
	return append(dst, ']')
}

func appendNullable(dst []byte, v []int) []byte {
	dst = append(dst, '[')
	for i, x := range v {
		if i > 0 {
			dst = append(dst, ',')
		}
		if x < 0 {
			dst = append(dst, "null"...)
		} else {
			dst = strconv.AppendInt(dst, int64(x), 10)
		}
	}
	return append(dst, ']')
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string escaped as JSON.stringify does: `"`, `\` and
// control characters below U+0020 only (invalid UTF-8 bytes become U+FFFD).
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, "\ufffd"...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, `\"`...)
		case '\\':
			dst = append(dst, `\\`...)
		case '\b':
			dst = append(dst, `\b`...)
		case '\f':
			dst = append(dst, `\f`...)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
