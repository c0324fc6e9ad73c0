// Package strtab is a string → uint32 hash table for vocabularies: built once (while a
// tokenizer loads), then read by many goroutines without locks.
//
// It does what a map[string]uint32 does for the models' vocabularies, faster on both
// sides: the keys are copied back to back into large blocks (not one allocation each),
// each slot holds the key's hash tag, its value and where its bytes are (16 bytes, one
// cache line holds four), probing is linear, and the load factor stays at most 1/2, so
// that a lookup usually reads one slot and the key's bytes. Lookups take a string or a
// []byte without converting.
package strtab

import (
	"hash/maphash"
	"iter"
	"strings"
	"unsafe"
)

// slot is one entry: the upper 32 bits of the key's hash, its value, and where its
// bytes are. n is 0 in an empty slot; bigKey|1 for a key kept in big[off] (longer than
// half a block, or past the blocks' address space); else the key's length + 1, the key
// being in blocks[off>>blockShift] at offset off&(blockSize-1).
type slot struct {
	tag uint32
	val uint32
	off uint32
	n   uint32
}

const (
	blockShift = 20 // blocks of 1 MiB
	blockSize  = 1 << blockShift
	maxBlocks  = 1 << (32 - blockShift)
	bigKey     = 1 << 31
)

// Table maps strings to uint32 values. The zero Table is empty and ready to use. A
// Table must not be written while it is read; once written, it may be read by any
// number of goroutines.
type Table struct {
	seed   maphash.Seed
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
		t.seed, t.seeded = maphash.MakeSeed(), true
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	t.slots = make([]slot, size)
	t.mask = uint64(size - 1)
}

// Len returns the number of keys.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return t.n
}

// key returns the bytes of s's key.
func (t *Table) key(s *slot) string {
	if s.n&bigKey != 0 {
		return t.big[s.off]
	}
	n := int(s.n - 1)
	if n == 0 {
		return ""
	}
	blk := t.blocks[s.off>>blockShift]
	off := int(s.off & (blockSize - 1))
	return unsafe.String(&blk[off], n)
}

// Get returns the value of key.
func (t *Table) Get(key string) (uint32, bool) {
	if t == nil || t.n == 0 {
		return 0, false
	}
	h := maphash.String(t.seed, key)
	tag := uint32(h >> 32)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.n == 0 {
			return 0, false
		}
		if s.tag == tag && t.keyLen(s) == len(key) && t.key(s) == key {
			return s.val, true
		}
	}
}

// GetBytes returns the value of the key whose bytes are key.
func (t *Table) GetBytes(key []byte) (uint32, bool) {
	return t.Get(unsafe.String(unsafe.SliceData(key), len(key)))
}

// PutBytes sets the value of the key whose bytes are key, as Put, and returns the
// table's copy of the key (valid as long as the table).
func (t *Table) PutBytes(key []byte, val uint32) string {
	return t.Put(unsafe.String(unsafe.SliceData(key), len(key)), val)
}

// Put sets the value of key (replacing any value it had) and returns the table's copy
// of the key (valid as long as the table).
func (t *Table) Put(key string, val uint32) string {
	if t.slots == nil {
		t.init(0)
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	h := maphash.String(t.seed, key)
	tag := uint32(h >> 32)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.n == 0 {
			*s = slot{tag: tag, val: val}
			if len(key) > blockSize/2 || len(t.blocks) >= maxBlocks {
				t.big = append(t.big, strings.Clone(key))
				s.off, s.n = uint32(len(t.big)-1), bigKey|1
			} else {
				s.off, s.n = t.store(key), uint32(len(key))+1
			}
			t.n++
			return t.key(s)
		}
		if s.tag == tag && t.keyLen(s) == len(key) && t.key(s) == key {
			s.val = val
			return t.key(s)
		}
	}
}

// store copies key (at most half a block long) into the blocks and returns its
// address.
func (t *Table) store(key string) uint32 {
	if len(key) == 0 {
		return 0
	}
	last := len(t.blocks) - 1
	if last < 0 || cap(t.blocks[last])-len(t.blocks[last]) < len(key) {
		t.blocks = append(t.blocks, make([]byte, 0, blockSize))
		last++
	}
	blk := t.blocks[last]
	off := uint32(len(blk))
	t.blocks[last] = append(blk, key...)
	return uint32(last)<<blockShift | off
}

// keyLen returns the length of s's key.
func (t *Table) keyLen(s *slot) int {
	if s.n&bigKey != 0 {
		return len(t.big[s.off])
	}
	return int(s.n - 1)
}

// grow doubles the slots.
func (t *Table) grow() {
	old := t.slots
	t.slots = make([]slot, 2*len(old))
	t.mask = uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.n == 0 {
			continue
		}
		h := maphash.String(t.seed, t.key(&s))
		for i := h & t.mask; ; i = (i + 1) & t.mask {
			if t.slots[i].n == 0 {
				t.slots[i] = s
				break
			}
		}
	}
}

// All yields every key and its value, in no particular order.
func (t *Table) All() iter.Seq2[string, uint32] {
	return func(yield func(string, uint32) bool) {
		if t == nil {
			return
		}
		for i := range t.slots {
			s := &t.slots[i]
			if s.n != 0 && !yield(t.key(s), s.val) {
				return
			}
		}
	}
}

// Map returns the table as a new map.
func (t *Table) Map() map[string]uint32 {
	m := make(map[string]uint32, t.Len())
	for k, v := range t.All() {
		m[k] = v
	}
	return m
}
