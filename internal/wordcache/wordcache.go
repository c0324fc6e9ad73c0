// Package wordcache is the word → tokens cache of the models (BPE, Unigram): it only
// saves time and never changes a result.
package wordcache

import (
	"math/rand/v2"
	"strings"
	"sync/atomic"

	"github.com/fasttok/fasttok/internal/strhash"
)

// Cache remembers the tokens of words, as the reference's per-thread cache does:
// it only saves time and never changes a result. It takes no lock: a table of atomic
// pointers to immutable entries (capacity rounded up to a power of two), two slots
// per word (its hash slot and the neighbour). A new word takes a free slot of its
// two, else replaces one of them (chosen by the hash), so the cache follows the text
// rather than keeping the first words it saw. Lookups by many goroutines only read
// shared memory.
type Cache struct {
	table    atomic.Pointer[cacheTable]
	capacity int
	seed     strhash.Seed
}

type cacheTable struct {
	slots []atomic.Pointer[Entry]
	// tags[i] is the upper half of the hash of the word in slots[i] (0: none
	// seen), so that a lookup reads an entry only when it may be the word's: on a
	// cold cache most lookups miss, and each entry read would miss the processor's
	// caches. A tag may briefly disagree with its slot while a Put runs: a lookup
	// then misses or checks an entry for nothing, and is never wrong, since the
	// entry itself is compared with the word.
	tags []atomic.Uint32
	mask uint64
}

// Entry is the result for one word: its token ids and their end byte offsets.
// A short word with few tokens is held inline, in one 64-byte block, so that a hit
// costs one memory access; others are in long.
type Entry struct {
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
func (e *Entry) match(word string) bool {
	if e.long != nil {
		return e.long.key == word
	}
	return int(e.klen) == len(word) && string(e.key[:e.klen]) == word
}

// AppendIDs appends the cached ids to dst.
func (e *Entry) AppendIDs(dst []uint32) []uint32 {
	if e.long != nil {
		return append(dst, e.long.ids...)
	}
	return append(dst, e.ids[:e.n]...)
}

// Token returns the id and end offset of the i-th token and whether there is one.
func (e *Entry) Token(i int) (id uint32, end int, ok bool) {
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

// New returns a cache of about capacity words.
func New(capacity int) *Cache {
	c := &Cache{capacity: capacity, seed: strhash.New()}
	c.table.Store(c.newTable())
	return c
}

func (c *Cache) newTable() *cacheTable {
	size := 2
	for size < c.capacity {
		size <<= 1
	}
	return &cacheTable{slots: make([]atomic.Pointer[Entry], size), tags: make([]atomic.Uint32, size), mask: uint64(size - 1)}
}

// Clear empties the cache.
func (c *Cache) Clear() { c.table.Store(c.newTable()) }

// Get returns the entry of word (nil if absent) and the word's hash for Put.
func (c *Cache) Get(word string) (*Entry, uint64) {
	h := c.seed.String(word)
	t := c.table.Load()
	i := h & t.mask
	tag := uint32(h >> 32)
	if t.tags[i].Load() == tag {
		if e := t.slots[i].Load(); e != nil && e.match(word) {
			return e, h
		}
	}
	if t.tags[i^1].Load() == tag {
		if e := t.slots[i^1].Load(); e != nil && e.match(word) {
			return e, h
		}
	}
	return nil, h
}

// replaceOdds: a word whose two slots are taken replaces one of them once in
// replaceOdds misses, so that the cache adapts to the text without allocating on
// every miss.
const replaceOdds = 16

// Put stores the tokens of word (h from Get): their ids and the end byte offset of each
// in word. It copies what it keeps.
func (c *Cache) Put(h uint64, word string, ids, ends []uint32) {
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
	e := new(Entry)
	if len(word) <= inlineKey && len(ids) <= inlineTokens {
		e.klen, e.n = uint8(len(word)), uint8(len(ids))
		copy(e.key[:], word)
		for j, id := range ids {
			if ends[j] > 0xFFFF {
				return // offsets past the word (byte fallback with a long prefix)
			}
			e.ids[j], e.ends[j] = id, uint16(ends[j])
		}
	} else {
		k := len(ids)
		buf := make([]uint32, 2*k)
		l := &longEntry{key: strings.Clone(word), ids: buf[:k:k], ends: buf[k:]}
		copy(l.ids, ids)
		copy(l.ends, ends)
		e.long = l
	}
	t.slots[i].Store(e)
	t.tags[i].Store(uint32(h >> 32))
}
