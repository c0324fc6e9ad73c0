package swar

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestEqBelow compares Eq and Below with a byte-by-byte loop on random words and on
// words made of the bytes around the interesting ones.
func TestEqBelow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	edge := []byte{0, 1, 0x1F, 0x20, 0x21, '"', '\\', 0x7F, 0x80, 0x81, 0xFE, 0xFF}
	for n := 0; n < 200000; n++ {
		var b [8]byte
		for i := range b {
			if n%2 == 0 {
				b[i] = edge[r.IntN(len(edge))]
			} else {
				b[i] = byte(r.Uint32())
			}
		}
		w := binary.LittleEndian.Uint64(b[:])
		for _, c := range []byte{0, 1, ' ', '"', '\\', 0x7F, 0x80} {
			var eq, below uint64
			for i, x := range b {
				if x == c {
					eq |= 0x80 << (8 * i)
				}
				if x < c {
					below |= 0x80 << (8 * i)
				}
			}
			if got := Eq(w, c); got != eq {
				t.Fatalf("Eq(%x, %#x) = %x, want %x", w, c, got, eq)
			}
			if got := Below(w, c); got != below {
				t.Fatalf("Below(%x, %#x) = %x, want %x", w, c, got, below)
			}
		}
	}
}
