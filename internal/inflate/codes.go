package inflate

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// A table entry: base<<16 | extra<<8 | kind<<5 | length. length is the bits the code
// takes (for a subtable pointer: the root's bits); base is a literal, a base length or
// distance, or a subtable's offset; extra the extra bits after the code (for a
// subtable pointer: the subtable's index bits).
const (
	kindLiteral = 0 << 5 // also "a distance" in the distance table
	kindLength  = 1 << 5
	kindEnd     = 2 << 5
	kindSub     = 3 << 5
	kindBad     = 4 << 5
	kindMask    = 7 << 5
)

const (
	litRootBits  = 11
	distRootBits = 8
	maxCodeBits  = 15
	// The tables' sizes: the root, then a subtable of 2^(longest - root) entries for
	// each code longer than the root, at most.
	litTableSize  = 1<<litRootBits + 288<<(maxCodeBits-litRootBits)
	distTableSize = 1<<distRootBits + 32<<(maxCodeBits-distRootBits)
	// The tables' arrays have a power of two of entries, at least the sizes above,
	// so that a masked index needs no bounds check.
	tableBits = 13
	tableMask = 1<<tableBits - 1

	maxMatch = 258
)

var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// clOrder is the order of the code length code's lengths in a dynamic header.
	clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// litEntry is the entry of literal/length symbol sym (without its length).
func litEntry(sym int) uint32 {
	switch {
	case sym < 256:
		return uint32(sym)<<16 | kindLiteral
	case sym == 256:
		return kindEnd
	case sym <= 285:
		return uint32(lengthBase[sym-257])<<16 | uint32(lengthExtra[sym-257])<<8 | kindLength
	}
	return kindBad
}

// distEntry is the entry of distance symbol sym (without its length).
func distEntry(sym int) uint32 {
	if sym < 30 {
		return uint32(distBase[sym])<<16 | uint32(distExtra[sym])<<8 | kindLiteral
	}
	return kindBad
}

// build fills table (root of rootBits, then subtables) with the canonical Huffman
// code of the code lengths lens, entry giving each symbol's entry. It reports false
// on an over-subscribed code; an incomplete one leaves kindBad entries, an error when
// decoded.
func build(table []uint32, rootBits uint, lens []uint8, entry func(int) uint32) bool {
	var count [maxCodeBits + 1]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	left := 1
	longest := uint(0)
	for l := 1; l <= maxCodeBits; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false
		}
		if count[l] > 0 {
			longest = uint(l)
		}
	}
	var next [maxCodeBits + 2]int
	code := 0
	for l := 1; l <= maxCodeBits; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	root := table[:1<<rootBits]
	for i := range root {
		root[i] = kindBad
	}
	subBits := uint(0)
	if longest > rootBits {
		subBits = longest - rootBits
	}
	free := 1 << rootBits
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		n := uint(l)
		c := next[l]
		next[l]++
		rev := int(bits.Reverse16(uint16(c)) >> (16 - n))
		e := entry(sym)
		if n <= rootBits {
			for i := rev; i < len(root); i += 1 << n {
				root[i] = e | uint32(n)
			}
			continue
		}
		r := rev & (1<<rootBits - 1)
		if root[r]&kindMask != kindSub {
			sub := table[free : free+1<<subBits]
			for i := range sub {
				sub[i] = kindBad
			}
			root[r] = uint32(free)<<16 | uint32(subBits)<<8 | kindSub | uint32(rootBits)
			free += 1 << subBits
		}
		base := int(root[r] >> 16)
		for i := rev >> rootBits; i < 1<<subBits; i += 1 << (n - rootBits) {
			table[base+i] = e | uint32(n-rootBits)
		}
	}
	return true
}

// fixedTables builds the tables of the fixed code.
func (d *decoder) fixedTables() {
	var lens [288 + 32]uint8
	for i := range 288 {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	for i := range 32 {
		lens[288+i] = 5
	}
	build(d.lit[:], litRootBits, lens[:288], litEntry)
	build(d.dist[:], distRootBits, lens[288:], distEntry)
}

// dynamicTables reads a dynamic block's header and builds its tables.
func (d *decoder) dynamicTables() error {
	d.refill()
	nlit := int(d.take(5)) + 257
	ndist := int(d.take(5)) + 1
	ncl := int(d.take(4)) + 4
	if nlit > 286 || ndist > 30 {
		return d.corrupt()
	}
	var clLens [19]uint8
	for i := range ncl {
		d.refill()
		clLens[clOrder[i]] = uint8(d.take(3))
	}
	var cl [1 << 7]uint32
	if !build(cl[:], 7, clLens[:], func(sym int) uint32 { return uint32(sym) << 16 }) {
		return d.corrupt()
	}
	var lens [286 + 30]uint8
	all := lens[:nlit+ndist]
	for i := 0; i < len(all); {
		d.refill()
		if d.eof {
			return errEOF
		}
		e := cl[d.bits&(1<<7-1)]
		if e&kindMask == kindBad {
			return d.corrupt()
		}
		d.take(uint(e & 31))
		sym := e >> 16
		if sym < 16 {
			all[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return d.corrupt()
			}
			v, rep = all[i-1], 3+int(d.take(2))
		case 17:
			rep = 3 + int(d.take(3))
		default:
			rep = 11 + int(d.take(7))
		}
		if i+rep > len(all) {
			return d.corrupt()
		}
		for range rep {
			all[i] = v
			i++
		}
	}
	if all[256] == 0 {
		return d.corrupt() // no end-of-block code
	}
	if !build(d.lit[:], litRootBits, all[:nlit], litEntry) || !build(d.dist[:], distRootBits, all[nlit:], distEntry) {
		return d.corrupt()
	}
	return nil
}

// codes decodes a block's codes up to its end-of-block code, into out.
func (d *decoder) codes() error {
	out, op := d.out, d.n
	bits, nbits := d.bits, d.nbits
	in, pos := d.in, d.pos
	end := d.end()
	lit := &d.lit
	base := unsafe.Pointer(unsafe.SliceData(out))
	inBase := unsafe.Pointer(unsafe.SliceData(in))
	for {
		if nbits < 48 {
			if pos+8 <= len(in) {
				bits |= load8(inBase, pos) << nbits
				pos += int(63-nbits) >> 3
				nbits |= 56
			} else {
				d.bits, d.nbits, d.pos = bits, nbits, pos
				d.refill()
				if d.eof {
					d.n = op
					return errEOF
				}
				bits, nbits, pos = d.bits, d.nbits, d.pos
			}
		}
		e := lit[bits&(1<<litRootBits-1)]
		if e&kindMask == kindSub {
			e = decodeSub(lit, litRootBits, bits, e)
		}
		bits >>= e & 31
		nbits -= uint(e & 31)
		if e&kindMask == kindLiteral {
			if op >= end {
				d.n = op
				if err := d.room(1); err != nil {
					return err
				}
				out, end = d.out, d.end()
				base = unsafe.Pointer(unsafe.SliceData(out))
			}
			// op < end, and end leaves slack past it.
			*(*byte)(unsafe.Add(base, op)) = byte(e >> 16)
			op++
			continue
		}
		if e&kindMask != kindLength {
			d.bits, d.nbits, d.pos, d.n = bits, nbits, pos, op
			if e&kindMask == kindEnd {
				d.progress()
				return nil
			}
			return d.corrupt()
		}
		extra := e >> 8 & 31
		length := int(e>>16) + int(bits&(1<<extra-1))
		bits >>= extra
		nbits -= uint(extra)
		e = d.dist[bits&(1<<distRootBits-1)]
		if e&kindMask == kindSub {
			e = decodeSub(&d.dist, distRootBits, bits, e)
		}
		bits >>= e & 31
		nbits -= uint(e & 31)
		if e&kindMask != kindLiteral {
			d.bits, d.nbits, d.pos, d.n = bits, nbits, pos, op
			return d.corrupt()
		}
		extra = e >> 8 & 31
		dist := int(e>>16) + int(bits&(1<<extra-1))
		bits >>= extra
		nbits -= uint(extra)
		if dist > op-d.memberStart {
			d.bits, d.nbits, d.pos, d.n = bits, nbits, pos, op
			return d.corrupt()
		}
		src := op - dist
		if op+length > end {
			d.n = op
			if err := d.room(length); err != nil {
				return err
			}
			out, end = d.out, d.end()
			base = unsafe.Pointer(unsafe.SliceData(out))
			if op+length > end { // near the end of the buffer: exactly
				for i := range length {
					out[op+i] = out[src+i]
				}
				op += length
				continue
			}
		}
		// op+length <= end leaves slack bytes past the match: the copies below may
		// write up to 7 bytes past it (the next symbols overwrite them).
		switch {
		case dist >= 8:
			for i := 0; i < length; i += 8 {
				put8(base, op+i, load8(base, src+i))
			}
		case dist == 1:
			w := uint64(*(*byte)(unsafe.Add(base, src))) * 0x0101010101010101
			for i := 0; i < length; i += 8 {
				put8(base, op+i, w)
			}
		default:
			for i := range length {
				*(*byte)(unsafe.Add(base, op+i)) = *(*byte)(unsafe.Add(base, src+i))
			}
		}
		op += length
		if op >= d.nextPub {
			d.n = op
			d.progress()
		}
	}
}

// load8 reads the 8 bytes at base+i.
func load8(base unsafe.Pointer, i int) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice((*byte)(unsafe.Add(base, i)), 8))
}

// put8 writes v as the 8 bytes at base+i.
func put8(base unsafe.Pointer, i int, v uint64) {
	binary.LittleEndian.PutUint64(unsafe.Slice((*byte)(unsafe.Add(base, i)), 8), v)
}

// decodeSub returns the entry of the code at the bottom of bits in table (a root of
// rootBits, then subtables) whose root entry e points to a subtable, its length
// field the whole code's length.
func decodeSub(table *[1 << tableBits]uint32, rootBits uint, bits uint64, e uint32) uint32 {
	// A subtable's entries count the bits past the root (at most 7: the sum stays in
	// the length field).
	return table[(e>>16+uint32(bits>>rootBits)&(1<<(e>>8&31)-1))&tableMask] + uint32(rootBits)
}

// end is the limit of the text for the fast checks of codes: a symbol may be written
// below it without room's checks.
func (d *decoder) end() int {
	e := len(d.out) - slack
	if d.limit >= 0 && int64(e) > d.limit {
		e = int(d.limit)
	}
	return e
}
