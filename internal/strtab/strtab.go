// Package strtab is a string → uint32 hash table for vocabularies: built once (while a
// tokenizer loads), then read by many goroutines without locks.
//
// It does what a map[string]uint32 does for the models' vocabularies, faster on both
// sides. Each slot is 16 bytes (four to a cache line): a hash tag, the key's length,
// its value, and the key itself when it is at most 8 bytes long (most tokens), else
// where its bytes are (copied back to back into large blocks, not one allocation
// each). Probing is linear and the load factor at most 1/2, so a lookup usually reads
// one slot, and the key's bytes only for a long key. Lookups take a string or a
// []byte without converting.
package strtab

import (
	"encoding/binary"
	"iter"
	"strings"
	"unsafe"

	"github.com/fasttok/fasttok/internal/hugepage"
	"github.com/fasttok/fasttok/internal/prefetch"
	"github.com/fasttok/fasttok/internal/strhash"
)

// slot is one entry. meta is 0 in an empty slot, else the upper 24 bits of the key's
// hash and, in its low byte, the key's kind: 1+len for a key of at most 8 bytes held
// in data (little-endian, zero-padded), kindBlock for a longer key in the blocks
// (data: its address << 32 | its length), kindBig for a key in big[data] (longer than
// half a block, or past the blocks' address space).
type slot struct {
	meta uint32
	val  uint32
	data uint64
}

const (
	kindBlock = 10
	kindBig   = 11

	blockShift = 20 // blocks of 1 MiB
	blockSize  = 1 << blockShift
	maxBlocks  = 1 << (32 - blockShift)
)

// Table maps strings to uint32 values. The zero Table is empty and ready to use. A
// Table must not be written while it is read; once written, it may be read by any
// number of goroutines.
type Table struct {
	seed   strhash.Seed
	seeded bool
	slots  []slot
	mask   uint64
	n      int
	blocks [][]byte
	big    []string
}

// New returns a table sized for about n keys.
func New(n int) *Table {
	t := &Table{}
	t.init(n)
	return t
}

func (t *Table) init(n int) {
	if !t.seeded {
		t.seed, t.seeded = strhash.New(), true
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	t.slots = hugepage.Slice[slot](size)
	t.mask = uint64(size - 1)
}

// Len returns the number of keys.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return t.n
}

// probe returns the meta of key (hash tag and kind), its inline data, and its home slot.
func (t *Table) probe(key string) (meta uint32, data uint64, home uint64) {
	var h uint64
	if len(key) <= 8 {
		data = strhash.Load8(key)
		h = t.seed.Short(data, len(key))
		meta = uint32(h>>32)&^0xFF | uint32(len(key)) + 1
	} else {
		h = t.seed.String(key)
		meta = uint32(h>>32)&^0xFF | kindBlock
	}
	return meta, data, h & t.mask
}

// key returns the key of a used slot; a short key is written to buf and the string
// is valid while buf is.
func (t *Table) key(s *slot, buf *[8]byte) string {
	if k := s.meta & 0xFF; k < kindBlock {
		binary.LittleEndian.PutUint64(buf[:], s.data)
		return unsafe.String(&buf[0], k-1)
	}
	return t.longKey(s)
}

// Get returns the value of key.
func (t *Table) Get(key string) (uint32, bool) {
	if t == nil || t.n == 0 {
		return 0, false
	}
	meta, data, i := t.probe(key)
	if len(key) <= 8 {
		for ; ; i = (i + 1) & t.mask {
			s := &t.slots[i]
			if s.meta == meta && s.data == data {
				return s.val, true
			}
			if s.meta == 0 {
				return 0, false
			}
		}
	}
	for ; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.meta == 0 {
			return 0, false
		}
		if t.holds(s, key, meta, data) {
			return s.val, true
		}
	}
}

// Probe is where a key's lookup starts in a table: its hash, computed ahead of the
// lookup by Ahead.
type Probe struct {
	meta       uint32
	data, home uint64
}

// Ahead hashes key and asks the processor for the table's slot where its lookup
// starts, for a GetAt of the same key a little later (the table unchanged in
// between): a loop of independent lookups then overlaps their cache misses.
func (t *Table) Ahead(key string) Probe {
	if t == nil || t.n == 0 {
		return Probe{}
	}
	return t.ahead(key)
}

// ahead is Ahead on a table with slots.
func (t *Table) ahead(key string) Probe {
	meta, data, home := t.probe(key)
	prefetch.Addr(unsafe.Pointer(&t.slots[home]))
	return Probe{meta, data, home}
}

// GetAt is Get of key, whose Probe Ahead returned.
func (t *Table) GetAt(key string, p Probe) (uint32, bool) {
	if t == nil || t.n == 0 {
		return 0, false
	}
	for i := p.home; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.meta == 0 {
			return 0, false
		}
		if t.holds(s, key, p.meta, p.data) {
			return s.val, true
		}
	}
}

// holds reports whether the used slot s holds key, whose meta and inline data probe
// gave.
func (t *Table) holds(s *slot, key string, meta uint32, data uint64) bool {
	if len(key) <= 8 {
		return s.meta == meta && s.data == data
	}
	return s.meta&^0xFF == meta&^0xFF && s.meta&0xFF >= kindBlock && t.longKey(s) == key
}

// longKey returns the key of a slot of kind kindBlock or kindBig.
func (t *Table) longKey(s *slot) string {
	if s.meta&0xFF == kindBig {
		return t.big[s.data]
	}
	addr, n := uint32(s.data>>32), int(uint32(s.data))
	blk := t.blocks[addr>>blockShift]
	return unsafe.String(&blk[addr&(blockSize-1)], n)
}

// GetBytes returns the value of the key whose bytes are key.
func (t *Table) GetBytes(key []byte) (uint32, bool) {
	return t.Get(unsafe.String(unsafe.SliceData(key), len(key)))
}

// PutBytes sets the value of the key whose bytes are key, as Put, and returns the
// table's copy of the key.
func (t *Table) PutBytes(key []byte, val uint32) string {
	return t.Put(unsafe.String(unsafe.SliceData(key), len(key)), val)
}

// Put sets the value of key (replacing any value it had) and returns a copy of the key
// that lives as long as the table.
func (t *Table) Put(key string, val uint32) string {
	t.reserve(1)
	meta, data, i := t.probe(key)
	s := t.put(key, val, meta, data, i)
	if len(key) <= 8 {
		return t.copyShort(key)
	}
	return t.longKey(s)
}

// putAhead is how many keys ahead of its write PutAll asks for a key's first slot.
const putAhead = 8

// PutAll sets the value of each key to the value of the same index, as Put on each in
// turn would (a repeated key keeps its last value), without returning copies of the
// keys. It asks the processor for each key's first slot putAhead keys before writing
// it (see internal/prefetch): in a table larger than the caches, the misses of the
// writes were most of the cost of filling it.
func (t *Table) PutAll(keys []string, vals []uint32) {
	t.reserve(len(keys))
	// ring[i%putAhead] is the probe of key i, from putAhead keys before its write
	// until that write (which frees its place for key i+putAhead).
	var ring [putAhead]Probe
	for i := range len(keys) + putAhead {
		p := &ring[i%putAhead]
		if j := i - putAhead; j >= 0 {
			t.put(keys[j], vals[j], p.meta, p.data, p.home)
		}
		if i < len(keys) {
			*p = t.ahead(keys[i])
		}
	}
}

// reserve grows the table so that n more keys keep its load factor at most 1/2.
func (t *Table) reserve(n int) {
	if t.slots == nil {
		t.init(n)
	}
	for 2*(t.n+n) > len(t.slots) {
		t.grow()
	}
}

// put sets the value of key, whose probe gave meta, data and home slot i, and returns
// its slot; there is room for it.
func (t *Table) put(key string, val uint32, meta uint32, data, i uint64) *slot {
	for ; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.meta == 0 {
			*s = slot{meta: meta, val: val, data: data}
			t.n++
			if len(key) <= 8 {
				return s
			}
			if len(key) > blockSize/2 || len(t.blocks) >= maxBlocks && !t.fits(len(key)) {
				t.big = append(t.big, strings.Clone(key))
				s.meta = s.meta&^0xFF | kindBig
				s.data = uint64(len(t.big) - 1)
			} else {
				s.data = uint64(t.store(key))<<32 | uint64(len(key))
			}
			return s
		}
		if t.holds(s, key, meta, data) {
			s.val = val
			return s
		}
	}
}

// fits reports whether n bytes fit in the last block.
func (t *Table) fits(n int) bool {
	last := len(t.blocks) - 1
	return last >= 0 && cap(t.blocks[last])-len(t.blocks[last]) >= n
}

// copyShort returns a copy of a key of at most 8 bytes, kept in the blocks for the
// caller of Put (the slot holds the key itself).
func (t *Table) copyShort(key string) string {
	if key == "" {
		return ""
	}
	addr := t.store(key)
	return unsafe.String(&t.blocks[addr>>blockShift][addr&(blockSize-1)], len(key))
}

// store copies key (non-empty, at most half a block long) into the blocks and
// returns its address.
func (t *Table) store(key string) uint32 {
	if !t.fits(len(key)) {
		t.blocks = append(t.blocks, make([]byte, 0, blockSize))
	}
	last := len(t.blocks) - 1
	blk := t.blocks[last]
	off := uint32(len(blk))
	t.blocks[last] = append(blk, key...)
	return uint32(last)<<blockShift | off
}

// grow doubles the slots.
func (t *Table) grow() {
	old := t.slots
	t.slots = hugepage.Slice[slot](2 * len(old))
	t.mask = uint64(len(t.slots) - 1)
	var buf [8]byte
	for _, s := range old {
		if s.meta == 0 {
			continue
		}
		h := t.seed.String(t.key(&s, &buf))
		for i := h & t.mask; ; i = (i + 1) & t.mask {
			if t.slots[i].meta == 0 {
				t.slots[i] = s
				break
			}
		}
	}
}

// All yields every key and its value, in no particular order. A key of at most 8
// bytes is only valid until the next iteration: clone the keys to keep
// (strings.Clone).
func (t *Table) All() iter.Seq2[string, uint32] {
	return func(yield func(string, uint32) bool) {
		if t == nil {
			return
		}
		var buf [8]byte
		for i := range t.slots {
			s := &t.slots[i]
			if s.meta != 0 && !yield(t.key(s, &buf), s.val) {
				return
			}
		}
	}
}

// Map returns the table as a new map.
func (t *Table) Map() map[string]uint32 {
	m := make(map[string]uint32, t.Len())
	for k, v := range t.All() {
		m[strings.Clone(k)] = v
	}
	return m
}
