package strhash

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strings"
	"testing"
)

func TestLoad8(t *testing.T) {
	for n := 0; n <= 8; n++ {
		s := "\x01\x82\x03\xf4\x05\x06\x07\x08"[:n]
		var buf [8]byte
		copy(buf[:], s)
		if got, want := Load8(s), binary.LittleEndian.Uint64(buf[:]); got != want {
			t.Errorf("Load8(%q) = %#x, want %#x", s, got, want)
		}
	}
}

// TestString checks that String is a function of the string (not of where its bytes
// are), that Short agrees with it, and that its bits spread: over many similar
// strings of each length, every bit of the hash is set about half the time and no two
// strings collide.
func TestString(t *testing.T) {
	sd := New()
	for n := 0; n <= 24; n++ {
		const count = 1 << 14
		seen := make(map[uint64]string, count)
		var ones [64]int
		for i := range count {
			s := fmt.Sprintf("%0*d", n, i)
			if n < 5 {
				var buf [4]byte
				binary.LittleEndian.PutUint32(buf[:], uint32(i))
				s = string(buf[:n])
			}
			h := sd.String(s)
			if h2 := sd.String(strings.Clone("x" + s)[1:]); h2 != h {
				t.Fatalf("String(%q) differs with the same bytes elsewhere", s)
			}
			if n <= 8 && sd.Short(Load8(s), n) != h {
				t.Fatalf("Short and String disagree on %q", s)
			}
			if prev, ok := seen[h]; ok {
				if prev != s {
					t.Fatalf("%q and %q collide", prev, s)
				}
				continue
			}
			seen[h] = s
			for b := h; b != 0; b &= b - 1 {
				ones[bits.TrailingZeros64(b)]++
			}
		}
		if len(seen) < 1000 {
			continue // too few distinct strings to judge the bits
		}
		for b, c := range ones {
			if frac := float64(c) / float64(len(seen)); frac < 0.4 || frac > 0.6 {
				t.Errorf("length %d: bit %d set in %.2f of the hashes", n, b, frac)
			}
		}
	}
	other := New()
	if other.String("token") == sd.String("token") && other.String("tokens") == sd.String("tokens") {
		t.Error("two seeds give the same hashes")
	}
}

func BenchmarkString(b *testing.B) {
	sd := New()
	for _, n := range []int{3, 7, 12, 20} {
		s := strings.Repeat("x", n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var sink uint64
			for b.Loop() {
				sink += sd.String(s)
			}
			_ = sink
		})
	}
}
