package unigram

import "slices"

// trie is a double-array trie over the bytes of the vocabulary's pieces: the state
// reached from state s by byte c is t = units[s].base + c, valid when
// units[t].check == s. Each prefix search step is two array reads.
type trie struct {
	units  []unit
	scores []float64 // score of the piece ending at each state
}

type unit struct {
	base  int32 // transitions of this state start at base (+ byte)
	check int32 // parent state; -1 for a free slot, -2 for the root
	id    int32 // id of the piece ending at this state, or -1
}

// csrNode is a node of the temporary trie the double array is built from: its children
// are the nodes [first, first+count), sorted by label.
type csrNode struct {
	first, count int32
	id           int32
	score        float64
	label        byte
}

// newTrie builds the trie of the distinct non-empty pieces; idOf gives the id and score
// a piece stands for (the reference looks the piece up again in its token map, so a
// duplicated piece is its last id).
func newTrie(pieces []string, idOf func(string) (int32, float64)) *trie {
	sorted := make([]string, 0, len(pieces))
	for _, p := range pieces {
		if p != "" {
			sorted = append(sorted, p)
		}
	}
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)

	// Breadth-first temporary trie: each item is a node and the range of sorted pieces
	// below it (all sharing its depth-byte prefix, the one equal to it first).
	nodes := []csrNode{{id: -1}}
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
			nodes[it.node].id, nodes[it.node].score = idOf(sorted[lo])
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
			nodes = append(nodes, csrNode{id: -1, label: c})
			lo = hi
		}
		nodes[it.node].first = first
		nodes[it.node].count = int32(len(nodes)) - first
	}
	return buildDoubleArray(nodes)
}

// buildDoubleArray places the nodes of a temporary trie into a double array,
// breadth-first, each node's children at the first base (scanning the free slots in
// order) where all their slots are free.
func buildDoubleArray(nodes []csrNode) *trie {
	t := &trie{}
	// Free slots form a doubly linked list in slot order; freeNext[i] of the last one
	// and freePrev of the first are -1. Slot 0 (the root) is never free.
	var freeNext, freePrev []int32
	head, tail := int32(-1), int32(-1)
	grow := func(n int) {
		for len(t.units) < n {
			i := int32(len(t.units))
			t.units = append(t.units, unit{check: -1, id: -1})
			t.scores = append(t.scores, 0)
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
	t.units[0].check = -2 // the root: not free, and nobody's child
	type item struct{ node, state int32 }
	queue := []item{{0, 0}}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		nd := nodes[it.node]
		if nd.count == 0 {
			continue
		}
		kids := nodes[nd.first : nd.first+nd.count]
		first := int32(kids[0].label)
		var base int32
		for f := head; ; {
			if f < 0 {
				// No fit among the free slots: put the children past the end.
				base = max(int32(len(t.units)), first)
				base -= first
				for base+first < int32(len(t.units)) || base < 0 {
					base++
				}
				grow(int(base) + 256)
				break
			}
			base = f - first
			if base >= 0 {
				grow(int(base) + 256)
				ok := true
				for i := 1; ok && i < len(kids); i++ {
					ok = t.units[base+int32(kids[i].label)].check == -1
				}
				if ok {
					break
				}
			}
			f = freeNext[f]
		}
		t.units[it.state].base = base
		for i, k := range kids {
			s := base + int32(k.label)
			take(s)
			t.units[s].check = it.state
			t.units[s].id = k.id
			t.scores[s] = k.score
			queue = append(queue, item{nd.first + int32(i), s})
		}
	}
	n := len(t.units)
	for n > 1 && t.units[n-1].check == -1 {
		n--
	}
	t.units = t.units[:n:n]
	t.scores = t.scores[:n:n]
	return t
}
