// Package strhash hashes the short strings the models look up (tokens, words) with a
// random seed: a few multiplications for a string of at most 16 bytes, maphash for a
// longer one. A call to maphash costs more than the rest of a lookup in a table that
// fits the processor's caches, and most tokens and words are that short.
package strhash

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
	"unsafe"
)

// Seed selects a hash function. The zero Seed is not usable: use New.
type Seed struct {
	k    [3]uint64
	long maphash.Seed
}

// New returns a random seed.
func New() Seed {
	return Seed{k: [3]uint64{rand.Uint64(), rand.Uint64(), rand.Uint64()}, long: maphash.MakeSeed()}
}

// String returns the hash of s.
func (sd *Seed) String(s string) uint64 {
	n := len(s)
	switch {
	case n <= 8:
		return sd.Short(Load8(s), n)
	case n <= 16:
		// The first eight bytes and the last eight (overlapping when shorter).
		p := unsafe.StringData(s)
		a := binary.LittleEndian.Uint64(unsafe.Slice(p, 8))
		b := binary.LittleEndian.Uint64(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(p), n-8)), 8))
		hi, lo := bits.Mul64(a^sd.k[0], b^sd.k[1])
		return sd.fold(hi^lo, n)
	}
	return maphash.String(sd.long, s)
}

// Short returns the hash of a string of n ≤ 8 bytes whose Load8 is data: String of
// that string.
func (sd *Seed) Short(data uint64, n int) uint64 {
	hi, lo := bits.Mul64(data^sd.k[0], sd.k[1]^0x9E3779B97F4A7C15)
	return sd.fold(hi^lo, n)
}

// fold mixes the length into h, and h's bits into all of the result's.
func (sd *Seed) fold(h uint64, n int) uint64 {
	hi, lo := bits.Mul64(h^sd.k[2], uint64(n)*0xBF58476D1CE4E5B9+0x94D049BB133111EB)
	return hi ^ lo
}

// Load8 returns the bytes of s (at most 8) as a little-endian, zero-padded uint64.
func Load8(s string) uint64 {
	n := len(s)
	p := unsafe.StringData(s)
	switch {
	case n == 8:
		return binary.LittleEndian.Uint64(unsafe.Slice(p, 8))
	case n >= 4:
		// The first four bytes and the last four (overlapping when shorter).
		lo := binary.LittleEndian.Uint32(unsafe.Slice(p, 4))
		hi := binary.LittleEndian.Uint32(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(p), n-4)), 4))
		return uint64(lo) | uint64(hi)<<(8*(n-4))
	case n > 0:
		// The first, middle and last bytes (some of them the same byte).
		return uint64(s[0]) | uint64(s[n/2])<<(8*(n/2)) | uint64(s[n-1])<<(8*(n-1))
	}
	return 0
}
