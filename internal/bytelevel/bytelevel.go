// Package bytelevel holds GPT-2's byte ↔ character table (the reference's
// `bytes_char`, pre_tokenizers/byte_level.rs): every byte gets a printable character,
// so that any byte sequence becomes a string of visible characters.
package bytelevel

import "unicode/utf8"

var (
	// byteToRune maps a byte to its character.
	byteToRune [256]rune
	// byteToString maps a byte to its character as UTF-8.
	byteToString [256]string
	// runeToByte maps a character back to its byte; only the 256 characters of the table.
	runeToByte = map[rune]byte{}
)

func init() {
	n := 0
	for b := 0; b < 256; b++ {
		printable := (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)
		r := rune(b)
		if !printable {
			r = rune(256 + n)
			n++
		}
		byteToRune[b] = r
		byteToString[b] = string(r)
		runeToByte[r] = byte(b)
	}
}

// Rune returns the character of byte b.
func Rune(b byte) rune { return byteToRune[b] }

// String returns the character of byte b as a string.
func String(b byte) string { return byteToString[b] }

// Byte returns the byte of character r, and whether r is one of the table's characters.
func Byte(r rune) (byte, bool) {
	if r < 0x100 {
		b := byte(r)
		if byteToRune[b] == r {
			return b, true
		}
		return 0, false
	}
	b, ok := runeToByte[r]
	return b, ok
}

// Encode appends to dst the characters of the bytes of s.
func Encode(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = utf8.AppendRune(dst, byteToRune[s[i]])
	}
	return dst
}
