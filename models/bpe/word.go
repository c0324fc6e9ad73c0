package bpe

import (
	"math"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/fasttok/fasttok/internal/hugepage"
)

// symbol is one token of a word being merged. In mergeAll, symbols stay at their
// index; a merge folds the right symbol into the left one (len 0 marks the folded
// one) and relinks the neighbours.
type symbol struct {
	id   uint32
	len  uint32 // bytes of the word it covers
	prev int32  // index of the previous live symbol, -1 for none
	next int32  // index of the next live symbol, -1 for none
}

// mergeEntry is a candidate merge of the pair starting at symbol pos. Entries are
// popped by lowest (rank, pos), as the reference's priority queue.
type mergeEntry struct {
	key   uint64 // rank<<32 | pos
	newID uint32
	// span is the bytes the pair covered when the entry was made. Symbols only grow,
	// so the pair at pos is unchanged exactly when it still covers span bytes.
	span uint32
}

// scratch is the reusable working memory of the heap merge.
type scratch struct {
	heap []mergeEntry
	skip []mergeEntry
	syms []symbol // see symbolsFor
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPooled bounds the buffers a pooled scratch keeps (a 1 MB word should not pin
// megabytes of heap).
const maxPooled = 1 << 14

func putScratch(sc *scratch) {
	if cap(sc.heap) > maxPooled {
		sc.heap = nil
	}
	if cap(sc.skip) > maxPooled {
		sc.skip = nil
	}
	if cap(sc.syms) > maxPooled {
		sc.syms = nil
	}
	scratchPool.Put(sc)
}

// symbolsFor returns a buffer for the symbols of word: stack (the caller's array)
// when the word has at most cap(stack) bytes, else the symbol buffer of a pooled
// scratch, with room for one symbol per byte, that the caller gives back with
// releaseSymbols once done with the symbols (a long word, not cached, is merged
// again each time it is met: it should not allocate each time).
func symbolsFor(stack []symbol, word string) ([]symbol, *scratch) {
	if len(word) <= cap(stack) {
		return stack[:0], nil
	}
	sc := scratchPool.Get().(*scratch)
	if cap(sc.syms) < len(word) {
		sc.syms = make([]symbol, 0, len(word))
	}
	return sc.syms[:0], sc
}

// releaseSymbols gives back the scratch of symbolsFor (nil: none).
func releaseSymbols(sc *scratch) {
	if sc != nil {
		putScratch(sc)
	}
}

// smallWord is the number of symbols up to which mergeScan is used.
const smallWord = 24

// stackSymbols is the size of the symbol arrays the callers keep on the stack.
const stackSymbols = 64

// tokenizeWord splits word into symbols, appended to syms[:0], and merges them; the
// result holds the final tokens in order.
func (m *BPE) tokenizeWord(word string, syms []symbol) ([]symbol, error) {
	if len(word) >= math.MaxInt32 {
		return syms[:0], errWordTooLong
	}
	if len(word) > 2*cap(syms) {
		// At most one symbol per byte, but for the prefix/suffix bytes of byte
		// fallback (append grows the slice then).
		syms = make([]symbol, 0, len(word))
	}
	syms, err := m.splitWord(word, syms[:0])
	if err != nil || len(syms) < 2 {
		return syms, err
	}
	if len(syms) <= smallWord && !m.dropoutOn && !m.staleMatters {
		return m.mergeScan(syms), nil
	}
	sc := scratchPool.Get().(*scratch)
	syms = m.mergeAll(syms, sc)
	putScratch(sc)
	return syms, nil
}

// splitWord appends the word's initial symbols to syms, as the reference's
// merge_word: each character is looked up with the continuing-subword prefix (all but
// the first) and the end-of-word suffix (the last); an unknown one becomes its byte
// tokens (byte fallback, when all exist), else the unknown token (fused with a
// preceding unknown one when fuse_unk), else nothing.
func (m *BPE) splitWord(word string, syms []symbol) ([]symbol, error) {
	var (
		pendID  uint32
		pendLen uint32
		pending bool
	)
	n := len(word)
	for i := 0; i < n; {
		c := word[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(word[i:])
			if r == utf8.RuneError && size == 1 {
				r = -1 // an invalid byte: a one-byte "character" no token matches
			}
		}
		v := 0
		if i != 0 {
			v = 1
		}
		if i+size == n {
			v |= 2
		}
		var id uint32
		found := false
		if t := m.charIDs[v]; uint32(r) < uint32(len(t)) {
			id = t[r]
			found = id != noID
			if !found && m.sentinelID {
				id, found = m.lookupChar(word[i:i+size], v)
			}
		} else {
			id, found = m.lookupChar(word[i:i+size], v)
		}
		if found {
			if pending {
				syms = append(syms, symbol{id: pendID, len: pendLen})
				pending = false
			}
			syms = append(syms, symbol{id: id, len: uint32(size)})
			i += size
			continue
		}
		if m.byteFallback && m.fallbackOK(word[i:i+size], v) {
			syms = m.appendFallback(syms, word[i:i+size], v)
			i += size
			continue
		}
		if m.hasUnk {
			if pending && m.fuseUnk {
				pendLen += uint32(size)
			} else {
				if pending {
					syms = append(syms, symbol{id: pendID, len: pendLen})
				}
				if !m.unkInVocab {
					return syms, &UnkTokenError{Token: m.unkToken}
				}
				pendID, pendLen, pending = m.unkID, uint32(size), true
			}
		}
		i += size
	}
	if pending {
		syms = append(syms, symbol{id: pendID, len: pendLen})
	}
	return syms, nil
}

// lookupChar looks the character ch up in the vocabulary with the prefix (v&1) and
// the suffix (v&2) when they are set.
func (m *BPE) lookupChar(ch string, v int) (uint32, bool) {
	addPrefix, addSuffix := v&1 != 0 && m.usePrefix, v&2 != 0 && m.useSuffix
	if !addPrefix && !addSuffix {
		return m.vocab.Get(ch)
	}
	var buf [64]byte
	b := buf[:0]
	if addPrefix {
		b = append(b, m.prefix...)
	}
	b = append(b, ch...)
	if addSuffix {
		b = append(b, m.suffix...)
	}
	return m.vocab.GetBytes(b)
}

// fallbackOK reports whether every byte of the looked-up form of ch (with prefix and
// suffix, as the reference) has its "<0xXX>" token.
func (m *BPE) fallbackOK(ch string, v int) bool {
	if v&1 != 0 && m.usePrefix {
		for i := 0; i < len(m.prefix); i++ {
			if !m.byteOK[m.prefix[i]] {
				return false
			}
		}
	}
	for i := 0; i < len(ch); i++ {
		if !m.byteOK[ch[i]] {
			return false
		}
	}
	if v&2 != 0 && m.useSuffix {
		for i := 0; i < len(m.suffix); i++ {
			if !m.byteOK[m.suffix[i]] {
				return false
			}
		}
	}
	return true
}

// appendFallback appends the byte tokens of ch, each one byte long (so that, with a
// prefix or suffix, the offsets run past the character, as the reference's do).
func (m *BPE) appendFallback(syms []symbol, ch string, v int) []symbol {
	if v&1 != 0 && m.usePrefix {
		for i := 0; i < len(m.prefix); i++ {
			syms = append(syms, symbol{id: m.byteIDs[m.prefix[i]], len: 1})
		}
	}
	for i := 0; i < len(ch); i++ {
		syms = append(syms, symbol{id: m.byteIDs[ch[i]], len: 1})
	}
	if v&2 != 0 && m.useSuffix {
		for i := 0; i < len(m.suffix); i++ {
			syms = append(syms, symbol{id: m.byteIDs[m.suffix[i]], len: 1})
		}
	}
	return syms
}

// noMerge is the scan key of a pair without merge.
const noMerge = ^uint64(0)

// mergeScan merges a short word (at most smallWord symbols) by scanning its pairs for
// the lowest rank (the leftmost among equals), merging it, and again. Without dropout,
// and when a changed pair can never make the token of the pair it replaced
// (!staleMatters), this is the order of the reference's priority queue: its valid
// entries are exactly the current pairs, popped by (rank, position).
//
// keys[i] is rank<<8 | i for the pair that starts at symbol i (noMerge for none, or
// for a symbol merged away), so one branch-free min finds the pair to merge.
func (m *BPE) mergeScan(syms []symbol) []symbol {
	n := len(syms)
	if n < 2 {
		return syms
	}
	// Arrays sized to the word: Go zeroes them on every call.
	if n <= 16 {
		var (
			keys [16]uint64
			nids [16]uint32
		)
		return m.mergeScanWith(syms, keys[:n-1], nids[:n-1])
	}
	var (
		keys [smallWord]uint64
		nids [smallWord]uint32
	)
	return m.mergeScanWith(syms, keys[:n-1], nids[:n-1])
}

// mergeScanWith is mergeScan with keys and nids of len(syms)-1 pairs.
func (m *BPE) mergeScanWith(syms []symbol, keys []uint64, nids []uint32) []symbol {
	n := len(syms)
	setKey := func(i int, left, right uint32) {
		if rank, newID, ok := m.merges.get(uint64(left)<<32 | uint64(right)); ok {
			keys[i], nids[i] = uint64(rank)<<8|uint64(i), newID
		} else {
			keys[i] = noMerge
		}
	}
	for i := 0; i+1 < n; i++ {
		syms[i].prev, syms[i].next = int32(i)-1, int32(i)+1
		setKey(i, syms[i].id, syms[i+1].id)
	}
	syms[n-1].prev, syms[n-1].next = int32(n)-2, -1
	for {
		best := noMerge
		for _, k := range keys {
			best = min(best, k)
		}
		if best == noMerge {
			break
		}
		i := int(best & 0xFF)
		s := &syms[i]
		r := s.next
		right := &syms[r]
		s.id = nids[i]
		s.len += right.len
		s.next = right.next
		right.len = 0
		if int(r) < len(keys) {
			keys[r] = noMerge
		}
		if s.prev >= 0 {
			setKey(int(s.prev), syms[s.prev].id, s.id)
		}
		if s.next >= 0 {
			syms[s.next].prev = int32(i)
			setKey(i, s.id, syms[s.next].id)
		} else {
			keys[i] = noMerge
		}
	}
	// Keep the live symbols, in order.
	out := syms[:0]
	for i := 0; i < n; i++ {
		if syms[i].len != 0 {
			out = append(out, syms[i])
		}
	}
	return out
}

// mergeAll applies the merges to syms, as the reference's Word::merge_all, and
// returns the remaining symbols: the candidate of lowest (rank, position) first; a
// candidate whose pair has changed since it was queued is dropped unless the current
// pair makes the same token. With dropout, each popped candidate is skipped with
// probability p, and the skipped ones are queued again after the next merge that is
// not skipped.
func (m *BPE) mergeAll(syms []symbol, sc *scratch) []symbol {
	if len(syms) < 2 {
		return syms
	}
	for i := range syms {
		syms[i].prev = int32(i) - 1
		syms[i].next = int32(i) + 1
	}
	syms[len(syms)-1].next = -1
	h := sc.heap[:0]
	if cap(h) < len(syms) {
		h = make([]mergeEntry, 0, len(syms))
	}
	for i := 0; i+1 < len(syms); i++ {
		pair := uint64(syms[i].id)<<32 | uint64(syms[i+1].id)
		if rank, newID, ok := m.merges.get(pair); ok {
			h = append(h, mergeEntry{key: uint64(rank)<<32 | uint64(i), newID: newID, span: syms[i].len + syms[i+1].len})
		}
	}
	if len(h) == 0 {
		sc.heap = h
		return syms
	}
	heapify(h)
	skip := sc.skip[:0]
	for len(h) > 0 {
		top := h[0]
		h = heapPop(h)
		if m.dropoutOn && m.randFloat32() < m.dropout {
			skip = append(skip, top)
			continue
		}
		for _, e := range skip {
			h = heapPush(h, e)
		}
		skip = skip[:0]

		pos := int32(uint32(top.key))
		s := &syms[pos]
		if s.len == 0 || s.next < 0 {
			continue
		}
		right := &syms[s.next]
		if s.len+right.len != top.span {
			// The pair changed: stale, unless it still makes the same token (the
			// reference only compares the new id; see staleMatters).
			if !m.staleMatters {
				continue
			}
			if _, newID, ok := m.merges.get(uint64(s.id)<<32 | uint64(right.id)); !ok || newID != top.newID {
				continue
			}
		}
		s.id = top.newID
		s.len += right.len
		s.next = right.next
		right.len = 0
		if s.next >= 0 {
			syms[s.next].prev = pos
		}
		if s.prev >= 0 {
			pair := uint64(syms[s.prev].id)<<32 | uint64(s.id)
			if rank, newID, ok := m.merges.get(pair); ok {
				h = heapPush(h, mergeEntry{key: uint64(rank)<<32 | uint64(uint32(s.prev)), newID: newID, span: syms[s.prev].len + s.len})
			}
		}
		if s.next >= 0 {
			pair := uint64(s.id)<<32 | uint64(syms[s.next].id)
			if rank, newID, ok := m.merges.get(pair); ok {
				h = heapPush(h, mergeEntry{key: uint64(rank)<<32 | uint64(uint32(pos)), newID: newID, span: s.len + syms[s.next].len})
			}
		}
	}
	sc.heap = h
	sc.skip = skip
	// Keep the live symbols, in order.
	out := syms[:0]
	for i := range syms {
		if syms[i].len != 0 {
			out = append(out, syms[i])
		}
	}
	return out
}

// The queue is a 4-ary min-heap on key (four 16-byte children share a cache line).

// heapify orders h as a heap.
func heapify(h []mergeEntry) {
	for i := (len(h) - 2) / 4; i >= 0; i-- {
		siftDown(h, i, h[i])
	}
}

func siftDown(h []mergeEntry, i int, e mergeEntry) {
	n := len(h)
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if h[j].key < h[best].key {
				best = j
			}
		}
		if e.key <= h[best].key {
			break
		}
		h[i] = h[best]
		i = best
	}
	h[i] = e
}

// heapPop removes the minimum h[0].
func heapPop(h []mergeEntry) []mergeEntry {
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	if n > 0 {
		siftDown(h, 0, last)
	}
	return h
}

func heapPush(h []mergeEntry, e mergeEntry) []mergeEntry {
	h = append(h, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if h[p].key <= e.key {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
	return h
}

// mergeTable maps a pair (left id<<32 | right id) to its rank and new id: open
// addressing with linear probing, Fibonacci hashing, load factor at most 0.7.
type mergeTable struct {
	slots []mergeSlot
	mask  uint64
	shift uint
	n     int
	// The key 0 marks free slots (so a new table needs no initialization); the pair
	// (0, 0), if any, is kept here.
	hasZero bool
	zeroVal uint64
}

type mergeSlot struct {
	key uint64
	val uint64 // rank<<32 | new id
}

func newMergeTable(n int) mergeTable {
	t, _ := newMergeTableIn(n, nil)
	return t
}

// newMergeTableIn is newMergeTable with the slots in mem (whose contents it does not
// clear: the caller must) when they fit, reporting whether they do; else in new
// memory, zeroed.
func newMergeTableIn(n int, mem []byte) (mergeTable, bool) {
	size, bits := 8, uint(3)
	for size*7 < n*10 {
		size <<= 1
		bits++
	}
	t := mergeTable{mask: uint64(size - 1), shift: 64 - bits}
	const align = unsafe.Alignof(mergeSlot{})
	if len(mem) > 0 {
		skip := int((align - uintptr(unsafe.Pointer(unsafe.SliceData(mem)))%align) % align)
		if len(mem)-skip >= size*int(unsafe.Sizeof(mergeSlot{})) {
			t.slots = unsafe.Slice((*mergeSlot)(unsafe.Pointer(&mem[skip])), size)
			return t, true
		}
	}
	t.slots = hugepage.Slice[mergeSlot](size)
	return t, false
}

func (t *mergeTable) index(key uint64) uint64 { return (key * 0x9E3779B97F4A7C15) >> t.shift }

// get returns the rank and new id of pair.
func (t *mergeTable) get(pair uint64) (rank, newID uint32, ok bool) {
	if pair == 0 {
		return uint32(t.zeroVal >> 32), uint32(t.zeroVal), t.hasZero
	}
	i := t.index(pair)
	for {
		s := &t.slots[i]
		if s.key == pair {
			return uint32(s.val >> 32), uint32(s.val), true
		}
		if s.key == 0 {
			return 0, 0, false
		}
		i = (i + 1) & t.mask
	}
}

// put sets the rank and new id of pair, replacing any earlier ones.
func (t *mergeTable) put(pair uint64, rank, newID uint32) {
	val := uint64(rank)<<32 | uint64(newID)
	if pair == 0 {
		if !t.hasZero {
			t.n++
		}
		t.hasZero, t.zeroVal = true, val
		return
	}
	i := t.index(pair)
	for {
		s := &t.slots[i]
		if s.key == pair {
			s.val = val
			return
		}
		if s.key == 0 {
			s.key, s.val = pair, val
			t.n++
			return
		}
		i = (i + 1) & t.mask
	}
}

// each calls fn for every pair.
func (t *mergeTable) each(fn func(pair uint64, rank, newID uint32)) {
	if t.hasZero {
		fn(0, uint32(t.zeroVal>>32), uint32(t.zeroVal))
	}
	for _, s := range t.slots {
		if s.key != 0 {
			fn(s.key, uint32(s.val>>32), uint32(s.val))
		}
	}
}
