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
//
// The trie is built breadth-first: each state's keys are partitioned by their next
// byte with a counting sort (so no global sort of the keys is needed), and its
// children are placed at the first base, scanning the free slots in order, where all
// their slots are free. Free slots that keep failing to start a placement are
// dropped from the scan so that dense regions are not rescanned.
func Build(keys []string, values []int32) *Trie {
	b := builder{keys: keys, values: values}
	return b.build()
}

// maxTrials is how many failed placements a free slot takes before the scan skips it.
const maxTrials = 16

// unlisted marks, in freePrev, a free slot removed from the scan list.
const unlisted = -3

type builder struct {
	keys   []string
	values []int32

	units              []unit
	freeNext, freePrev []int32
	trials             []uint8
	head, tail         int32
}

// item is a state to expand: keys idx[lo:hi] all start with its depth-byte prefix.
type item struct {
	state, lo, hi, depth int32
}

func (b *builder) build() *Trie {
	idx := make([]int32, 0, len(b.keys))
	total := 0
	for i, k := range b.keys {
		if k != "" {
			idx = append(idx, int32(i))
			total += len(k)
		}
	}
	if len(idx) == 0 {
		return &Trie{units: []unit{{check: -2, value: -1}}}
	}
	tmp := make([]int32, len(idx))
	// A trie has at most total+1 states; real vocabularies share prefixes, so
	// reserve about half of that and let append grow if needed.
	estimate := total/2 + 512
	b.units = make([]unit, 0, estimate)
	b.freeNext = make([]int32, 0, estimate)
	b.freePrev = make([]int32, 0, estimate)
	b.trials = make([]uint8, 0, estimate)
	b.head, b.tail = -1, -1
	b.grow(256)
	b.units[0].check = -2

	queue := make([]item, 1, estimate)
	queue[0] = item{state: Root, lo: 0, hi: int32(len(idx))}
	var count [256]int32
	var labels []byte
	var next []int16 // the next byte of each key of the item, -1 for the end
	var ranges [256][2]int32
	for q := 0; q < len(queue); q++ {
		it := queue[q]
		d := int(it.depth)
		if it.hi-it.lo == 1 {
			// One key: a chain of single children, placed at once.
			k, s := b.keys[idx[it.lo]], it.state
			for ; d < len(k); d++ {
				s = b.placeOne(s, k[d])
			}
			b.units[s].value = b.values[idx[it.lo]]
			continue
		}
		// Count the next bytes; keys ending here give the state's value (the last of
		// them in input order, which the stable partition keeps).
		term := int32(-1)
		labels = labels[:0]
		next = next[:0]
		for _, i := range idx[it.lo:it.hi] {
			k := b.keys[i]
			if len(k) == d {
				term = i
				next = append(next, -1)
				continue
			}
			c := k[d]
			next = append(next, int16(c))
			if count[c] == 0 {
				labels = append(labels, c)
			}
			count[c]++
		}
		if term >= 0 {
			b.units[it.state].value = b.values[term]
		}
		if len(labels) == 0 {
			continue
		}
		slices.Sort(labels)
		pos := it.lo
		for _, c := range labels {
			ranges[c] = [2]int32{pos, pos + count[c]}
			count[c] = pos // next write position
			pos += ranges[c][1] - ranges[c][0]
		}
		if len(labels) > 1 {
			for j, i := range idx[it.lo:it.hi] {
				if c := next[j]; c >= 0 {
					tmp[count[c]] = i
					count[c]++
				}
			}
			copy(idx[it.lo:pos], tmp[it.lo:pos])
		} else if term >= 0 {
			// Drop the terminal keys, keeping the order.
			w := it.lo
			for j, i := range idx[it.lo:it.hi] {
				if next[j] >= 0 {
					idx[w] = i
					w++
				}
			}
		}
		base := b.findBase(labels)
		b.units[it.state].base = base
		for _, c := range labels {
			s := base + int32(c)
			b.take(s)
			b.units[s].check = it.state
			queue = append(queue, item{state: s, lo: ranges[c][0], hi: ranges[c][1], depth: it.depth + 1})
			count[c] = 0
		}
	}
	n := len(b.units)
	for n > 1 && b.units[n-1].check == -1 {
		n--
	}
	return &Trie{units: b.units[:n:n]}
}

// grow appends free slots up to n slots.
func (b *builder) grow(n int) {
	old := len(b.units)
	if n <= old {
		return
	}
	b.units = slices.Grow(b.units, n-old)[:n]
	b.freeNext = slices.Grow(b.freeNext, n-old)[:n]
	b.freePrev = slices.Grow(b.freePrev, n-old)[:n]
	b.trials = slices.Grow(b.trials, n-old)[:n]
	for i := int32(old); int(i) < n; i++ {
		b.units[i] = unit{check: -1, value: -1}
		b.freeNext[i] = i + 1
		b.freePrev[i] = i - 1
		b.trials[i] = 0
	}
	b.freeNext[n-1] = -1
	first := int32(old)
	if old == 0 {
		b.freePrev[0] = unlisted // the root
		first = 1
		if n == 1 {
			return
		}
		b.freePrev[1] = -1
	}
	// Link the new slots first..n-1 after the list's tail.
	b.freePrev[first] = b.tail
	if b.tail >= 0 {
		b.freeNext[b.tail] = first
	} else {
		b.head = first
	}
	b.tail = int32(n - 1)
}

// unlink removes free slot i from the scan list.
func (b *builder) unlink(i int32) {
	p, n := b.freePrev[i], b.freeNext[i]
	if p == unlisted {
		return
	}
	if p >= 0 {
		b.freeNext[p] = n
	} else {
		b.head = n
	}
	if n >= 0 {
		b.freePrev[n] = p
	} else {
		b.tail = p
	}
	b.freePrev[i] = unlisted
}

// take marks free slot i used.
func (b *builder) take(i int32) { b.unlink(i) }

// placeOne gives state s the single child along c and returns the child.
func (b *builder) placeOne(s int32, c byte) int32 {
	if b.head < 0 {
		b.grow(len(b.units) + 256)
	}
	child := b.head
	b.units[s].base = child - int32(c)
	b.take(child)
	b.units[child].check = s
	return child
}

// findBase returns a base where the slots of all labels (sorted, non-empty) are free.
// Bases may be negative: Next bounds-checks base+c.
func (b *builder) findBase(labels []byte) int32 {
	first, last := int32(labels[0]), int32(labels[len(labels)-1])
	for f := b.head; f >= 0; {
		base := f - first
		if need := int(base + last + 1); need > len(b.units) {
			b.grow(need)
		}
		ok := true
		for _, c := range labels[1:] {
			if b.units[base+int32(c)].check != -1 {
				ok = false
				break
			}
		}
		if ok {
			return base
		}
		next := b.freeNext[f]
		if b.trials[f]++; b.trials[f] >= maxTrials {
			b.unlink(f)
		}
		f = next
	}
	base := int32(len(b.units)) - first
	b.grow(int(base + last + 1))
	return base
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
