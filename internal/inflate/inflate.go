// Package inflate decompresses gzip data held in memory (RFC 1952: members of DEFLATE
// data, RFC 1951) straight into one growing buffer, for the loader of
// tokenizer.json.gz files: the output is its own window (no copy from a ring
// buffer), codes are decoded with one table lookup (two for the rare long codes) from
// a 64-bit bit buffer refilled 7 bytes at a time, and matches are copied 8 bytes at
// a time. The buffer can be published as it fills, for a parser that reads the text
// while the rest is decompressed.
//
// Each member's CRC-32 and size are checked, so that corrupt input fails rather than
// giving wrong text.
package inflate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// ErrLimit is the error of Gunzip when the text is longer than its limit.
var ErrLimit = errors.New("inflate: text longer than the limit")

// Errors of corrupt or truncated input.
var (
	ErrHeader   = errors.New("gzip: invalid header")
	ErrChecksum = errors.New("gzip: invalid checksum")
	errEOF      = errors.New("gzip: unexpected EOF")
)

// corruptError is corrupt DEFLATE data, at about the given input offset.
type corruptError int64

func (e corruptError) Error() string {
	return fmt.Sprintf("gzip: corrupt input before offset %d", int64(e))
}

// publishEvery is how much text Gunzip decompresses between two calls of publish.
const publishEvery = 128 << 10

// slack is the room past the text that the fast path of codes needs (a longest
// match, then up to 7 bytes its 8-byte stores write past it: bytes overwritten later
// or never part of the text). Nearer the end of the buffer, codes copies exactly, so
// that a buffer of the text's size (the gzip trailer's) is never outgrown.
const slack = 8 + maxMatch

// Gunzip decompresses the gzip data src, every member of it, appending the text to
// dst (whose spare capacity it uses first; a longer text moves to a larger array, the
// old one keeping what was published in it). publish, when not nil, is called with the
// text so far about every 128 KiB, and its slices are never written again. limit,
// when not negative, bounds the text: one byte more fails with ErrLimit.
func Gunzip(dst, src []byte, limit int64, publish func([]byte)) ([]byte, error) {
	d := decoder{out: dst[:cap(dst)], n: len(dst), limit: limit, publish: publish, nextPub: math.MaxInt}
	if publish != nil {
		d.nextPub = d.n + publishEvery
	}
	for {
		if err := d.member(src); err != nil {
			return d.out[:d.n], err
		}
		if d.pos == len(src) {
			return d.out[:d.n], nil
		}
	}
}

// decoder is the state of Gunzip.
type decoder struct {
	out     []byte // the text is out[:n]; the rest is room
	n       int
	limit   int64
	publish func([]byte)
	nextPub int

	in    []byte
	pos   int    // next input byte to load into bits (past the end: zeros were fed)
	bits  uint64 // bit buffer, least significant bit first
	nbits uint   // valid bits in bits
	eof   bool   // bits past the end of in were used
	// memberStart is where the member's text starts (matches reach no further back).
	memberStart int

	lit  [1 << tableBits]uint32 // litTableSize used
	dist [1 << tableBits]uint32 // distTableSize used
}

// member decodes one gzip member at d.pos of src.
func (d *decoder) member(src []byte) error {
	p := d.pos
	switch {
	case len(src)-p == 0:
		return errEOF
	case len(src)-p < 10:
		return ErrHeader
	}
	if src[p] != 0x1f || src[p+1] != 0x8b || src[p+2] != 8 {
		return ErrHeader
	}
	flg := src[p+3] // its reserved bits are ignored, as compress/gzip does
	p += 10
	if flg&4 != 0 { // FEXTRA
		if len(src)-p < 2 {
			return errEOF
		}
		xlen := int(binary.LittleEndian.Uint16(src[p:]))
		p += 2
		if len(src)-p < xlen {
			return errEOF
		}
		p += xlen
	}
	for _, f := range []byte{8, 16} { // FNAME, FCOMMENT: zero-terminated
		if flg&f != 0 {
			for {
				if p >= len(src) {
					return errEOF
				}
				p++
				if src[p-1] == 0 {
					break
				}
			}
		}
	}
	if flg&2 != 0 { // FHCRC
		if len(src)-p < 2 {
			return errEOF
		}
		if uint16(crc32.ChecksumIEEE(src[d.pos:p])) != binary.LittleEndian.Uint16(src[p:]) {
			return ErrHeader
		}
		p += 2
	}
	start := d.n
	d.in, d.pos, d.bits, d.nbits, d.eof, d.memberStart = src, p, 0, 0, false, start
	if err := d.deflate(); err != nil {
		return err
	}
	// Back to the byte boundary: give back the whole bytes left in the bit buffer.
	d.pos -= int(d.nbits / 8)
	if d.pos > len(src) || len(src)-d.pos < 8 {
		return errEOF
	}
	sum := crc32.ChecksumIEEE(d.out[start:d.n])
	if binary.LittleEndian.Uint32(src[d.pos:]) != sum || binary.LittleEndian.Uint32(src[d.pos+4:]) != uint32(d.n-start) {
		return ErrChecksum
	}
	d.pos += 8
	if d.publish != nil {
		d.publish(d.out[:d.n:d.n])
		d.nextPub = d.n + publishEvery
	}
	return nil
}

// refill tops the bit buffer up to at least 56 bits.
func (d *decoder) refill() {
	if d.pos+8 <= len(d.in) {
		d.bits |= binary.LittleEndian.Uint64(d.in[d.pos:]) << d.nbits
		d.pos += int(63-d.nbits) >> 3
		d.nbits |= 56
		return
	}
	if d.pos-int(d.nbits/8) > len(d.in) {
		d.eof = true // bits past the end were taken
	}
	for d.nbits <= 56 {
		if d.pos < len(d.in) {
			d.bits |= uint64(d.in[d.pos]) << d.nbits
		} // else zeros: an error if they are taken
		d.pos++
		d.nbits += 8
	}
}

// take removes n bits (n <= nbits) and returns them.
func (d *decoder) take(n uint) uint64 {
	v := d.bits & (1<<n - 1)
	d.bits >>= n
	d.nbits -= n
	return v
}

// deflate decodes DEFLATE blocks until the last one.
func (d *decoder) deflate() error {
	for {
		d.refill()
		final := d.take(1)
		switch d.take(2) {
		case 0:
			if err := d.stored(); err != nil {
				return err
			}
		case 1:
			d.fixedTables()
			if err := d.codes(); err != nil {
				return err
			}
		case 2:
			if err := d.dynamicTables(); err != nil {
				return err
			}
			if err := d.codes(); err != nil {
				return err
			}
		default:
			return d.corrupt()
		}
		if d.eof || d.pos-int(d.nbits/8) > len(d.in) {
			return errEOF // bits past the end of the input were taken
		}
		if final == 1 {
			return nil
		}
	}
}

// corrupt is the error of corrupt data at the current input offset.
func (d *decoder) corrupt() error {
	if d.eof || d.pos-int(d.nbits/8) > len(d.in) {
		return errEOF
	}
	return corruptError(int64(d.pos) - int64(d.nbits/8))
}

// stored copies a stored block.
func (d *decoder) stored() error {
	d.take(d.nbits % 8)
	d.pos -= int(d.nbits / 8) // back to the byte after the block header
	d.bits, d.nbits = 0, 0
	if d.eof || len(d.in)-d.pos < 4 {
		return errEOF
	}
	n := int(binary.LittleEndian.Uint16(d.in[d.pos:]))
	if binary.LittleEndian.Uint16(d.in[d.pos+2:]) != ^uint16(n) {
		return corruptError(d.pos)
	}
	d.pos += 4
	if len(d.in)-d.pos < n {
		return errEOF
	}
	if err := d.room(n); err != nil {
		return err
	}
	copy(d.out[d.n:], d.in[d.pos:d.pos+n])
	d.n += n
	d.pos += n
	d.progress()
	return nil
}

// room makes sure out has n more bytes after the text.
func (d *decoder) room(n int) error {
	if d.limit >= 0 && int64(d.n)+int64(n) > d.limit {
		return ErrLimit
	}
	if d.n+n <= len(d.out) {
		return nil
	}
	grown := make([]byte, max(2*len(d.out), d.n+n+slack, 1<<16))
	copy(grown, d.out[:d.n])
	d.out = grown
	return nil
}

// progress publishes the text when enough is new.
func (d *decoder) progress() {
	if d.publish != nil && d.n >= d.nextPub {
		d.publish(d.out[:d.n:d.n])
		d.nextPub = d.n + publishEvery
	}
}
