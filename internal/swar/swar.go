// Package swar finds bytes in 64-bit words (SIMD within a register): the scanners of
// the loader test 8 bytes of JSON text at a time with these.
package swar

const (
	lo8 = 0x0101010101010101
	// High has the high bit of each byte set: a mask of Eq's and Below's results, and
	// of the bytes that are not ASCII.
	High = 0x8080808080808080
	lo7  = 0x7F7F7F7F7F7F7F7F
)

// Eq has the high bit of each byte of w that is c set, and no other bit.
func Eq(w uint64, c byte) uint64 {
	x := w ^ lo8*uint64(c) // zero bytes where w has c
	// The low 7 bits of each byte plus 0x7F carry into its high bit (and never into
	// the next byte) unless they are zero.
	return ^((x&^High + lo7) | x) & High
}

// Below has the high bit of each byte of w that is below c (at most 0x80) set, and no
// other bit.
func Below(w uint64, c byte) uint64 {
	return ^((w | High) - lo8*uint64(c)) & ^w & High
}
