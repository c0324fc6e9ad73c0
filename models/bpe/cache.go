package bpe

import (
	"hash/maphash"
	"math/rand/v2"
	"strings"
	"sync/atomic"
)

// wordCache remembers the tokens of words, as the reference's per-thread cache does:
// it only saves time and never changes a result. It takes no lock: a table of atomic
// pointers to immutable entries (capacity rounded up to a power of two), two slots
// per word (its hash slot and the neighbour). A new word takes a free slot of its
// two, else replaces one of them (chosen by the hash), so the cache follows the text
// rather than keeping the first words it saw. Lookups by many goroutines only read
// shared memory.
type wordCache struct {
	table    atomic.Pointer[cacheTable]
	capacity int
	seed     maphash.Seed
}

type cacheTable struct {
	slots []atomic.Pointer[cacheEntry]
	mask  uint64
}

// cacheEntry is the result for one word: its token ids and their end byte offsets.
// A short word with few tokens is held inline, in one 64-byte block, so that a hit
// costs one memory access; others are in long.
type cacheEntry struct {
	klen uint8
	n    uint8
	key  [inlineKey]byte
	ids  [inlineTokens]uint32
	ends [inlineTokens]uint16
	long *longEntry
}

const (
	inlineKey    = 18
	inlineTokens = 6
)

// longEntry is a cached word that does not fit inline.
type longEntry struct {
	key  string
	ids  []uint32
	ends []uint32
}

// match reports whether e is the entry of word.
func (e *cacheEntry) match(word string) bool {
	if e.long != nil {
		return e.long.key == word
	}
	return int(e.klen) == len(word) && string(e.key[:e.klen]) == word
}

// appendIDs appends the cached ids to dst.
func (e *cacheEntry) appendIDs(dst []uint32) []uint32 {
	if e.long != nil {
		return append(dst, e.long.ids...)
	}
	return append(dst, e.ids[:e.n]...)
}

// token returns the id and end offset of the i-th token and whether there is one.
func (e *cacheEntry) token(i int) (id uint32, end int, ok bool) {
	if e.long != nil {
		if i >= len(e.long.ids) {
			return 0, 0, false
		}
		return e.long.ids[i], int(e.long.ends[i]), true
	}
	if i >= int(e.n) {
		return 0, 0, false
	}
	return e.ids[i], int(e.ends[i]), true
}

func newWordCache(capacity int) *wordCache {
	c := &wordCache{capacity: capacity, seed: maphash.MakeSeed()}
	c.table.Store(c.newTable())
	return c
}

func (c *wordCache) newTable() *cacheTable {
	size := 2
	for size < c.capacity {
		size <<= 1
	}
	return &cacheTable{slots: make([]atomic.Pointer[cacheEntry], size), mask: uint64(size - 1)}
}

func (c *wordCache) clear() { c.table.Store(c.newTable()) }

// get returns the entry of word (nil if absent) and the word's hash for put.
func (c *wordCache) get(word string) (*cacheEntry, uint64) {
	h := maphash.String(c.seed, word)
	t := c.table.Load()
	i := h & t.mask
	if e := t.slots[i].Load(); e != nil && e.match(word) {
		return e, h
	}
	if e := t.slots[i^1].Load(); e != nil && e.match(word) {
		return e, h
	}
	return nil, h
}

// replaceOdds: a word whose two slots are taken replaces one of them once in
// replaceOdds misses, so that the cache adapts to the text without allocating on
// every miss.
const replaceOdds = 16

// put stores the tokens of a merged word.
func (c *wordCache) put(h uint64, word string, syms []symbol) {
	t := c.table.Load()
	i := h & t.mask
	if t.slots[i].Load() != nil {
		if t.slots[i^1].Load() == nil {
			i ^= 1
		} else {
			if rand.Uint32()&(replaceOdds-1) != 0 {
				return
			}
			i ^= h >> 63
		}
	}
	e := new(cacheEntry)
	end := uint32(0)
	if len(word) <= inlineKey && len(syms) <= inlineTokens {
		e.klen, e.n = uint8(len(word)), uint8(len(syms))
		copy(e.key[:], word)
		for j, s := range syms {
			end += s.len
			if end > 0xFFFF {
				return // offsets past the word (byte fallback with a long prefix)
			}
			e.ids[j], e.ends[j] = s.id, uint16(end)
		}
	} else {
		k := len(syms)
		buf := make([]uint32, 2*k)
		l := &longEntry{key: strings.Clone(word), ids: buf[:k:k], ends: buf[k:]}
		for j, s := range syms {
			end += s.len
			l.ids[j], l.ends[j] = s.id, end
		}
		e.long = l
	}
	t.slots[i].Store(e)
}
