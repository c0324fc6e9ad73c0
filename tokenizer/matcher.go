package tokenizer

import "sort"

// tokenMatcher finds added tokens in a text: the leftmost match, and the longest of the
// matches that start there (the reference's daachorse automaton with
// MatchKind::LeftmostLongest). It is a byte trie stored in flat arrays, with a table of
// the bytes that can start a token to skip the rest quickly.
type tokenMatcher struct {
	first [256]bool
	// node i has children labels[lo:hi] / targets[lo:hi] with lo, hi = start[i], start[i+1];
	// value[i] is the id of the token ending at node i, when final[i].
	start   []int32
	labels  []byte
	targets []int32
	value   []uint32
	final   []bool
}

type matcherEntry struct {
	pattern string
	id      uint32
}

// newTokenMatcher builds a matcher; it returns nil when there is nothing to match. When
// two entries have the same pattern the last one wins.
func newTokenMatcher(entries []matcherEntry) *tokenMatcher {
	type node struct {
		children map[byte]int
		value    uint32
		final    bool
	}
	nodes := []node{{}}
	any := false
	for _, e := range entries {
		if e.pattern == "" {
			continue
		}
		any = true
		cur := 0
		for i := 0; i < len(e.pattern); i++ {
			b := e.pattern[i]
			if nodes[cur].children == nil {
				nodes[cur].children = map[byte]int{}
			}
			nx, ok := nodes[cur].children[b]
			if !ok {
				nodes = append(nodes, node{})
				nx = len(nodes) - 1
				nodes[cur].children[b] = nx
			}
			cur = nx
		}
		nodes[cur].value = e.id
		nodes[cur].final = true
	}
	if !any {
		return nil
	}
	m := &tokenMatcher{
		start: make([]int32, len(nodes)+1),
		value: make([]uint32, len(nodes)),
		final: make([]bool, len(nodes)),
	}
	for b := range nodes[0].children {
		m.first[b] = true
	}
	for i, n := range nodes {
		m.start[i] = int32(len(m.labels))
		keys := make([]int, 0, len(n.children))
		for b := range n.children {
			keys = append(keys, int(b))
		}
		sort.Ints(keys)
		for _, b := range keys {
			m.labels = append(m.labels, byte(b))
			m.targets = append(m.targets, int32(n.children[byte(b)]))
		}
		m.value[i] = n.value
		m.final[i] = n.final
	}
	m.start[len(nodes)] = int32(len(m.labels))
	return m
}

func (m *tokenMatcher) child(node int32, b byte) int32 {
	lo, hi := m.start[node], m.start[node+1]
	if hi-lo <= 8 {
		for i := lo; i < hi; i++ {
			if m.labels[i] == b {
				return m.targets[i]
			}
		}
		return -1
	}
	for lo < hi {
		mid := int32(uint32(lo+hi) >> 1)
		switch l := m.labels[mid]; {
		case l == b:
			return m.targets[mid]
		case l < b:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return -1
}

// leftmostLongest returns the first match that starts at or after from: its byte range
// and token id.
func (m *tokenMatcher) leftmostLongest(s string, from int) (start, end int, id uint32, ok bool) {
	for i := from; i < len(s); i++ {
		if !m.first[s[i]] {
			continue
		}
		node := int32(0)
		found := false
		for j := i; j < len(s); j++ {
			node = m.child(node, s[j])
			if node < 0 {
				break
			}
			if m.final[node] {
				end, id, found = j+1, m.value[node], true
			}
		}
		if found {
			return i, end, id, true
		}
	}
	return 0, 0, 0, false
}
