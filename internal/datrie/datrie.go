// Package datrie is a static double-array trie over byte strings, for the models'
// prefix searches: one step is two array reads, with no hashing and no allocation.
package datrie

import "slices"

// Trie maps byte strings to int32 values (>= 0). The zero Trie is empty.
type Trie struct {
	units []unit
}

type unit struct {
	base  int32 // the child along byte c is state base+c
	check int32 // parent state; -1 for a free slot, -2 for the root
	value int32 // value of the key ending at this state, or -1
}

// Root is the state of the empty prefix.
const Root int32 = 0

// Build returns the trie of keys (value values[i] for keys[i]). Empty keys are
// ignored; for a repeated key the last value wins.
func Build(keys []string, values []int32) *Trie {
	idx := make([]int, 0, len(keys))
	for i, k := range keys {
		if k != "" {
			idx = append(idx, i)
		}
	}
	// Sort by key, then by position so that the last duplicate is the last of its run.
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case keys[a] < keys[b]:
			return -1
		case keys[a] > keys[b]:
			return 1
		}
		return 0
	})
	sorted := make([]string, 0, len(idx))
	vals := make([]int32, 0, len(idx))
	for _, i := range idx {
		if n := len(sorted); n > 0 && sorted[n-1] == keys[i] {
			vals[n-1] = values[i]
			continue
		}
		sorted = append(sorted, keys[i])
		vals = append(vals, values[i])
	}

	// Breadth-first temporary trie: each item is a node and the range of sorted keys
	// below it (all sharing its depth-byte prefix, the one equal to it first).
	type node struct {
		first, count int32
		value        int32
		label        byte
	}
	nodes := []node{{value: -1}}
	type item struct {
		node   int32
		lo, hi int
		depth  int
	}
	queue := []item{{node: 0, lo: 0, hi: len(sorted), depth: 0}}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		lo := it.lo
		if it.depth > 0 && len(sorted[lo]) == it.depth {
			nodes[it.node].value = vals[lo]
			lo++
		}
		first := int32(len(nodes))
		for lo < it.hi {
			c := sorted[lo][it.depth]
			hi := lo + 1
			for hi < it.hi && sorted[hi][it.depth] == c {
				hi++
			}
			queue = append(queue, item{node: int32(len(nodes)), lo: lo, hi: hi, depth: it.depth + 1})
			nodes = append(nodes, node{value: -1, label: c})
			lo = hi
		}
		nodes[it.node].first = first
		nodes[it.node].count = int32(len(nodes)) - first
	}

	// Place the nodes breadth-first, each node's children at the first base (scanning
	// the free slots in order) where all their slots are free. Free slots form a doubly
	// linked list in slot order.
	t := &Trie{}
	var freeNext, freePrev []int32
	head, tail := int32(-1), int32(-1)
	grow := func(n int) {
		for len(t.units) < n {
			i := int32(len(t.units))
			t.units = append(t.units, unit{check: -1, value: -1})
			freeNext = append(freeNext, -1)
			freePrev = append(freePrev, tail)
			if i == 0 {
				continue // the root
			}
			if tail >= 0 {
				freeNext[tail] = i
			} else {
				head = i
			}
			tail = i
		}
	}
	take := func(i int32) {
		p, n := freePrev[i], freeNext[i]
		if p >= 0 {
			freeNext[p] = n
		} else {
			head = n
		}
		if n >= 0 {
			freePrev[n] = p
		} else {
			tail = p
		}
	}
	grow(512)
	t.units[0].check = -2
	type place struct{ node, state int32 }
	pq := []place{{0, Root}}
	for len(pq) > 0 {
		it := pq[0]
		pq = pq[1:]
		nd := nodes[it.node]
		if nd.count == 0 {
			continue
		}
		kids := nodes[nd.first : nd.first+nd.count]
		first := int32(kids[0].label)
		var base int32
		for f := head; ; f = freeNext[f] {
			if f < 0 {
				base = max(int32(len(t.units)), first) - first
				grow(int(base) + 256)
				break
			}
			if base = f - first; base < 0 {
				continue
			}
			grow(int(base) + 256)
			ok := true
			for i := 1; ok && i < len(kids); i++ {
				ok = t.units[base+int32(kids[i].label)].check == -1
			}
			if ok {
				break
			}
		}
		t.units[it.state].base = base
		for i, k := range kids {
			s := base + int32(k.label)
			take(s)
			t.units[s].check = it.state
			t.units[s].value = k.value
			pq = append(pq, place{nd.first + int32(i), s})
		}
	}
	n := len(t.units)
	for n > 1 && t.units[n-1].check == -1 {
		n--
	}
	t.units = t.units[:n:n]
	return t
}

// Next returns the state reached from state s by byte c, or -1.
func (t *Trie) Next(s int32, c byte) int32 {
	n := t.units[s].base + int32(c)
	if uint(n) < uint(len(t.units)) && t.units[n].check == s {
		return n
	}
	return -1
}

// Value returns the value of the key ending at state s, or -1.
func (t *Trie) Value(s int32) int32 { return t.units[s].value }

// States returns the number of states; states are 0..States()-1 (not all used).
func (t *Trie) States() int { return len(t.units) }

// Walk follows key from state s and returns the state reached, or -1.
func (t *Trie) Walk(s int32, key string) int32 {
	for i := 0; i < len(key) && s >= 0; i++ {
		s = t.Next(s, key[i])
	}
	return s
}

// Get returns the value of key, and whether key is in the trie.
func (t *Trie) Get(key string) (int32, bool) {
	if t == nil || len(t.units) == 0 || key == "" {
		return -1, false
	}
	s := t.Walk(Root, key)
	if s < 0 || t.units[s].value < 0 {
		return -1, false
	}
	return t.units[s].value, true
}
