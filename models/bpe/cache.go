package bpe

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// wordCache remembers the tokens of words, as the reference's per-thread cache does:
// it only saves time and never changes a result. It takes no lock: a table of atomic
// pointers to immutable entries, two slots per word (its hash slot and the neighbour),
// filled until capacity and never evicted (as the reference, which stops inserting
// when full). Lookups by many goroutines only read shared memory.
type wordCache struct {
	table    atomic.Pointer[cacheTable]
	capacity int
	seed     maphash.Seed
}

type cacheTable struct {
	slots []atomic.Pointer[cacheEntry]
	mask  uint64
	n     atomic.Int64 // entries stored
}

// cacheEntry is the result for one word: token ids and their end byte offsets.
type cacheEntry struct {
	key  string
	ids  []uint32
	ends []uint32
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
	if e := t.slots[i].Load(); e != nil && e.key == word {
		return e, h
	}
	if e := t.slots[i^1].Load(); e != nil && e.key == word {
		return e, h
	}
	return nil, h
}

// put stores the tokens of a merged word, if there is room.
func (c *wordCache) put(h uint64, word string, syms []symbol) {
	t := c.table.Load()
	if t.n.Load() >= int64(c.capacity) {
		return
	}
	i := h & t.mask
	if t.slots[i].Load() != nil {
		i ^= 1
		if t.slots[i].Load() != nil {
			return
		}
	}
	k := len(syms)
	buf := make([]uint32, 2*k)
	e := &cacheEntry{key: strings.Clone(word), ids: buf[:k:k], ends: buf[k:]}
	end := uint32(0)
	for j, s := range syms {
		end += s.len
		e.ids[j], e.ends[j] = s.id, end
	}
	if t.slots[i].CompareAndSwap(nil, e) {
		t.n.Add(1)
	}
}
