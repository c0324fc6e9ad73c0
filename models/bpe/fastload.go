package bpe

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"runtime"
	"sync"
	"unsafe"

	"github.com/fasttok/fasttok/internal/hugepage"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/prefetch"
	"github.com/fasttok/fasttok/internal/strtab"
	"github.com/fasttok/fasttok/internal/swar"
)

// The fast path of Parse: one pass over the model's JSON with a hand-written scanner.
// The vocabulary is parsed (and its map filled) on one goroutine while the merges are
// parsed on another, then the merges are looked up on two goroutines and put in the
// merge table in rank order. On a streaming scanner (the loader decompressing a .gz
// while the model is read, see tokenizer.RegisterModelScanner) the text arrives in
// order: the vocabulary is parsed as it arrives, then the merges, looked up batch by
// batch by a helper goroutine while the reader goes on. The fast path accepts only
// common, well-formed input; on anything else (or any error in the vocabulary or
// merges) it reports !ok and Parse falls back to parseSlow, whose errors are the
// reference's.

// parsedVocab is the "vocab" object: keys[i] has ids[i] (in file order), and m maps
// every key to its id (the last one of a repeated key). The keys are m's copies.
type parsedVocab struct {
	keys []string
	ids  []uint32
	m    *strtab.Table
	ok   bool
	// inserted, when not nil, is closed once m holds every key (parseVocab with
	// async fills m on another goroutine).
	inserted chan struct{}
}

// wait waits until m holds every key.
func (v *parsedVocab) wait() {
	if v.inserted != nil {
		<-v.inserted
	}
}

// parsedMerges is the "merges" array: merge i is arena[ends[2i-1]:ends[2i]] and
// arena[ends[2i]:ends[2i+1]] (ends[-1] = 0), both parts unescaped.
type parsedMerges struct {
	arena []byte
	ends  []uint32
	// looked holds the merges' ids when they were looked up as they were read
	// (streaming), with the continuing-subword prefix then assumed and whether a
	// merge's second part is just that prefix.
	looked      []looked
	lookedFor   string
	lookedStale bool
}

// looked is a merge's pair of ids and the id of its result.
type looked struct{ a, b, id uint32 }

func (p *parsedMerges) n() int { return len(p.ends) / 2 }

func (p *parsedMerges) pair(i int) (a, b []byte) {
	start := uint32(0)
	if i > 0 {
		start = p.ends[2*i-1]
	}
	return p.arena[start:p.ends[2*i]], p.arena[p.ends[2*i]:p.ends[2*i+1]]
}

// parseFast returns the model (or a configuration error) and true, or false when
// Parse must take the slow path.
func parseFast(data []byte) (*BPE, error, bool) {
	s := jsonutil.Scanner{Data: data}
	m, err, ok := parseFastFrom(&s)
	if !ok || !s.AtEnd() {
		return nil, nil, false
	}
	return m, err, true
}

// entryAhead is how much text must be in before the parsers read an entry of the
// vocabulary or merges (an entry is a few bytes; a longer one makes the fast path fail).
const entryAhead = 64 << 10

// parseFastFrom is parseFast on a scanner positioned at the model's object; it does
// not check what follows the object.
func parseFastFrom(s *jsonutil.Scanner) (*BPE, error, bool) {
	streaming := s.More != nil
	s.Ensure(entryAhead)
	if !s.Consume('{') {
		return nil, nil, false
	}
	fields := make(map[string]json.RawMessage, 12)
	var (
		vocab     parsedVocab
		vocabDone chan struct{}
		vocabEnd  = -1
		skipEnd   = -2
		merges    parsedMerges
		gotMerges bool
		scratch   []byte
		// The text of the vocabulary and the merges that follow it, [vocabStart,
		// lendTo) (lendTo set only then), on a stream whose memory the merge table may
		// reuse once they are read (see Scanner.Lend).
		vocabStart, lendTo = -1, -1
		prevKey            string
	)
	wait := func() {
		if vocabDone != nil {
			<-vocabDone
			vocab.wait()
		}
	}
	fail := func() (*BPE, error, bool) {
		wait()
		return nil, nil, false
	}
	if !s.Consume('}') {
		for {
			s.Ensure(entryAhead)
			kb, ok := s.String(&scratch)
			if !ok || !s.Consume(':') {
				return fail()
			}
			key := string(kb)
			if _, dup := fields[key]; dup || (key == "vocab" && vocabDone != nil) || (key == "merges" && gotMerges) {
				return fail()
			}
			switch key {
			case "vocab":
				s.SkipSpace()
				vocabStart = s.Pos
				vocabDone = make(chan struct{})
				go func(vs jsonutil.Scanner) {
					defer close(vocabDone)
					vocab = parseVocab(&vs, streaming)
					vocabEnd = vs.Pos
				}(*s)
				if streaming {
					// The text arrives in order: the merges come after the vocabulary
					// (whose table may still be filling: the lookups wait for it).
					<-vocabDone
					s.Pos, s.Data = vocabEnd, s.More(vocabEnd)
					skipEnd = vocabEnd
				} else {
					if _, ok := s.Skip(); !ok {
						return fail()
					}
					skipEnd = s.Pos
				}
			case "merges":
				var ok bool
				var lk *lookups
				if streaming && vocabDone != nil {
					// The vocabulary is read (the streaming path waited for it): look
					// the merges up as they arrive (once the vocabulary's table is
					// full), with the prefix known so far (checked once all the
					// fields are read).
					<-vocabDone
					if vocab.ok {
						var prefix string
						if raw, ok := fields["continuing_subword_prefix"]; ok && !jsonutil.IsNull(raw) {
							if jsonutil.Unmarshal(raw, &prefix) != nil {
								return fail()
							}
						}
						// About 12 bytes of JSON per merge (the model is the
						// file's last section).
						lk = newLookups(&vocab, prefix, (max(len(s.Data), s.Size)-s.Pos)/10, vocab.inserted)
					}
				}
				if merges, ok = parseMergesFast(s, lk); !ok {
					return fail()
				}
				gotMerges = true
				if streaming && prevKey == "vocab" {
					lendTo = s.Pos
				}
			default:
				raw, ok := s.Skip()
				if !ok || !json.Valid(raw) {
					return fail()
				}
				fields[key] = raw
			}
			prevKey = key
			if s.Consume(',') {
				continue
			}
			if s.Consume('}') {
				break
			}
			return fail()
		}
	}
	wait()
	if vocabDone != nil && (!vocab.ok || vocabEnd != skipEnd) {
		return nil, nil, false
	}
	cfg, err := parseConfig(fields)
	if err != nil {
		return nil, err, true
	}
	if vocabDone == nil || !gotMerges {
		return nil, ErrMissingVocabMerges, true
	}
	m, err := newBPE(&cfg, vocab.m)
	if err != nil {
		return nil, nil, false
	}
	// The id → token tables (from the keys in order, when no key repeats) while the
	// merges are looked up.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if len(vocab.keys) == vocab.m.Len() {
			m.buildReverseFrom(vocab.keys, vocab.ids)
		} else {
			m.buildReverse()
		}
	}()
	// Every key of the vocabulary and every merge is copied: the table may reuse the
	// memory of their text.
	var mem []byte
	if s.Lend != nil && lendTo > vocabStart && vocabStart >= 0 {
		mem = s.Lend(vocabStart, lendTo)
	}
	ok := m.buildMergesFast(&merges, &vocab, mem)
	wg.Wait()
	if !ok {
		return nil, nil, false
	}
	if m.dupIDs {
		m.staleMatters = true
	}
	m.finish(&cfg)
	return m, nil, true
}

// parseVocab reads the "vocab" object, filling the map as it goes (on a streaming
// scanner, while the rest of the file is still being decompressed).
//
// With async, the table is filled on another goroutine, batch by batch, while the
// scanner goes on (on a streaming scanner, the table's cache misses then no longer hold
// up the reading of the rest); v.inserted says when it is full.
func parseVocab(s *jsonutil.Scanner, async bool) parsedVocab {
	var v parsedVocab
	s.Ensure(entryAhead)
	if !s.Consume('{') {
		return v
	}
	// About 20 bytes of JSON per entry, or, when the text is still arriving, about
	// 70 bytes of model per entry (a BPE's merges take about 3 times its vocabulary).
	// The table is sized from the estimate (its slots are all written); the entries'
	// slices have room for about 40 bytes of model per entry (the pages they do not
	// reach are never touched), so that they do not grow when the merges are fewer: a
	// BPE with about as many merges as tokens (gpt4o-o200k: 48 bytes per entry) has
	// more entries than the estimate.
	est := (len(s.Data) - s.Pos) / 24
	room := est
	if s.More != nil {
		est = max(est, (s.Size-s.Pos)/70)
		room = max(room, (s.Size-s.Pos)/40)
	}
	est, room = min(est, 1<<20), min(room, 1<<22)
	v.keys = make([]string, room)[:0]
	v.ids = make([]uint32, room)[:0]
	v.m = strtab.New(est)
	var (
		scratch []byte
		block   []byte // async: the keys are copied here, back to back
		batches chan vocabBatch
		sent    int
	)
	if async {
		batches = make(chan vocabBatch, 256)
		v.inserted = make(chan struct{})
		go func(m *strtab.Table) {
			defer close(v.inserted)
			for b := range batches {
				m.PutAll(b.keys[b.lo:], b.ids[b.lo:])
			}
		}(v.m)
		defer func() {
			if sent < len(v.keys) {
				batches <- vocabBatch{v.keys, v.ids, sent}
			}
			close(batches)
		}()
	}
	if !s.Consume('}') {
		for {
			s.Ensure(entryAhead)
			k, ok := s.String(&scratch)
			if !ok || !s.Consume(':') {
				return v
			}
			id, ok := s.Uint32()
			if !ok {
				return v
			}
			if async {
				var key string
				if len(k) > 0 {
					if cap(block)-len(block) < len(k) {
						block = make([]byte, 0, max(256<<10, len(k)))
					}
					n := len(block)
					block = append(block, k...)
					key = unsafe.String(&block[n], len(k))
				}
				v.keys = append(v.keys, key)
				v.ids = append(v.ids, id)
				if len(v.keys)-sent == vocabBatchSize {
					// The batch's slices are snapshots: appends never change them.
					batches <- vocabBatch{v.keys, v.ids, sent}
					sent = len(v.keys)
				}
			} else {
				v.keys = append(v.keys, v.m.PutBytes(k, id))
				v.ids = append(v.ids, id)
			}
			if s.Consume(',') {
				continue
			}
			if s.Consume('}') {
				break
			}
			return v
		}
	}
	v.ok = true
	return v
}

// vocabBatch is entries [lo, len(keys)) of the vocabulary, for the goroutine that
// fills its table.
type vocabBatch struct {
	keys []string
	ids  []uint32
	lo   int
}

const vocabBatchSize = 4096

// parseMergesFast reads the "merges" array: all pairs ["a", "b"] or all legacy
// strings "a b" (with exactly one space; "#version" lines are left to the slow path).
//
// The parts are not checked for valid UTF-8: every merge is then looked up in the
// vocabulary (whose keys are valid), and the fast path fails on a part, or a result,
// that is not there.
func parseMergesFast(s *jsonutil.Scanner, lk *lookups) (p parsedMerges, ok bool) {
	if lk != nil {
		defer func() {
			// Always wait for the helper; keep its results only on success.
			res, stale, okL := lk.finish(&p)
			if ok && okL {
				p.looked, p.lookedFor, p.lookedStale = res, lk.prefix, stale
			}
		}()
	}
	s.Ensure(entryAhead)
	if !s.Consume('[') {
		return p, false
	}
	if s.Consume(']') {
		return p, true
	}
	pairs := s.Peek() == '['
	// About 12 bytes of JSON per merge, of which 4 to 6 are kept. On a streaming
	// scanner the rest of the text is still arriving: the size hint says how much
	// (the model is the file's last section). Over-estimating is cheap: the pages of
	// a large allocation that are never written are never touched.
	rest := len(s.Data) - s.Pos
	if s.More != nil {
		rest = max(rest, s.Size-s.Pos)
	}
	est := min(rest/12, 1<<22)
	p.arena = make([]byte, rest/2)[:0]
	p.ends = make([]uint32, est*2)[:0]
	var scratch []byte
	str := func() ([]byte, bool) {
		if v, ok := s.RawString(); ok {
			return v, true
		}
		return s.String(&scratch)
	}
	published := 0
	for {
		s.Ensure(entryAhead)
		if pairs {
			if !s.Consume('[') {
				return p, false
			}
			a, ok := str()
			if !ok {
				return p, false
			}
			p.arena = append(p.arena, a...)
			p.ends = append(p.ends, uint32(len(p.arena)))
			if !s.Consume(',') {
				return p, false
			}
			b, ok := str()
			if !ok || !s.Consume(']') {
				return p, false
			}
			p.arena = append(p.arena, b...)
			p.ends = append(p.ends, uint32(len(p.arena)))
		} else if !p.fastLine(s) {
			line, ok := str()
			if !ok {
				return p, false
			}
			sp := -1
			for j, c := range line {
				if c == ' ' {
					if sp >= 0 {
						return p, false // more than one space
					}
					sp = j
				}
			}
			if sp < 0 || bytes.HasPrefix(line, []byte("#version")) {
				return p, false
			}
			p.arena = append(p.arena, line[:sp]...)
			p.ends = append(p.ends, uint32(len(p.arena)))
			p.arena = append(p.arena, line[sp+1:]...)
			p.ends = append(p.ends, uint32(len(p.arena)))
		}
		if uint64(len(p.arena)) >= 1<<32-1 {
			return p, false
		}
		if lk != nil && p.n()-published >= lookupBatchSize {
			if !lk.publish(&p, false) {
				return p, false
			}
			published = p.n()
		}
		if s.Consume(',') {
			continue
		}
		if s.Consume(']') {
			return p, true
		}
		return p, false
	}
}

// fastLine reads a legacy merge "a b" with no escapes (after whitespace) into p. It
// reports false, with s unmoved, on anything else (parseMergesFast then reads the
// element with the scanner's general methods). Whitespace and strings are scanned 8
// bytes at a time.
func (p *parsedMerges) fastLine(s *jsonutil.Scanner) bool {
	d, i := s.Data, s.Pos
	for {
		if i+8 > len(d) {
			return false
		}
		w := binary.LittleEndian.Uint64(d[i:])
		text := ^(swar.Eq(w, ' ') | swar.Eq(w, '\n') | swar.Eq(w, '\r') | swar.Eq(w, '\t')) & swar.High
		if text != 0 {
			i += bits.TrailingZeros64(text) / 8
			break
		}
		i += 8
	}
	if d[i] != '"' || i+9 > len(d) {
		return false
	}
	start := i + 1
	if d[start] == '#' {
		return false // maybe a "#version" line
	}
	sp, end := -1, -1
	for j := start; j+8 <= len(d); j += 8 {
		w := binary.LittleEndian.Uint64(d[j:])
		valid := ^uint64(0) // the bytes before the closing quote
		quote := swar.Eq(w, '"')
		if quote != 0 {
			valid = quote&-quote - 1 // the bits below the first quote
		}
		if (swar.Eq(w, '\\')|swar.Below(w, ' '))&valid != 0 {
			return false // an escape or a control character
		}
		if spaces := swar.Eq(w, ' ') & valid; spaces != 0 {
			if sp >= 0 || spaces&(spaces-1) != 0 {
				return false // more than one space
			}
			sp = j + bits.TrailingZeros64(spaces)/8
		}
		if quote != 0 {
			end = j + bits.TrailingZeros64(quote)/8
			break
		}
	}
	if end < 0 || sp < 0 {
		return false
	}
	p.arena = append(p.arena, d[start:sp]...)
	p.ends = append(p.ends, uint32(len(p.arena)))
	p.arena = append(p.arena, d[sp+1:end]...)
	p.ends = append(p.ends, uint32(len(p.arena)))
	s.Pos = end + 1
	return true
}

// lookups looks merges up in the vocabulary while they are read: every lookupBatch
// (lookupBatchSize) merges the reader publishes a batch, which a helper goroutine (and the reader, once
// it has read everything) looks up.
type lookups struct {
	vocab   *parsedVocab
	prefix  string
	batches chan *lookupBatch
	all     []*lookupBatch // in order
	helper  sync.WaitGroup
	// slab holds the batches' results in order while they fit (then the results
	// need no copying).
	slab []looked
	// ready, when not nil, is closed once vocab is full: lookups wait for it.
	ready <-chan struct{}
}

const lookupBatchSize = 8192

// lookupBatch is merges [lo, hi) of a snapshot of the parsed merges (the parser only
// appends, so the snapshot's bytes never change) and their ids once looked up.
type lookupBatch struct {
	p      parsedMerges
	lo, hi int
	out    []looked
	stale  bool
	bad    bool
}

func newLookups(vocab *parsedVocab, prefix string, est int, ready <-chan struct{}) *lookups {
	l := &lookups{vocab: vocab, prefix: prefix, batches: make(chan *lookupBatch, 1024), slab: make([]looked, est), ready: ready}
	l.helper.Add(1)
	go func() {
		defer l.helper.Done()
		l.work()
	}()
	return l
}

// work looks up the batches until there are no more.
func (l *lookups) work() {
	if l.ready != nil {
		<-l.ready
	}
	res := newResolver(l.vocab, l.prefix)
	for b := range l.batches {
		b.stale, b.bad = res.lookupRange(&b.p, b.lo, b.hi, b.out)
	}
}

// publish hands the merges read since the last batch to the lookups.
func (l *lookups) publish(p *parsedMerges, final bool) bool {
	lo := 0
	if n := len(l.all); n > 0 {
		lo = l.all[n-1].hi
	}
	hi := p.n()
	if hi > lo && (final || hi-lo >= lookupBatchSize) {
		b := &lookupBatch{p: parsedMerges{arena: p.arena, ends: p.ends}, lo: lo, hi: hi}
		if hi <= len(l.slab) {
			b.out = l.slab[lo:hi:hi]
		} else {
			b.out = make([]looked, hi-lo)
		}
		l.all = append(l.all, b)
		select {
		case l.batches <- b:
		default:
			return false // far behind: give up (the slow path is exact)
		}
	}
	return true
}

// finish publishes the last merges, helps with the lookups and returns their results
// in order.
func (l *lookups) finish(p *parsedMerges) (res []looked, stale, ok bool) {
	ok = l.publish(p, true)
	close(l.batches)
	l.work()
	l.helper.Wait()
	if !ok {
		return nil, false, false
	}
	n := p.n()
	inSlab := n <= len(l.slab)
	for _, b := range l.all {
		if b.bad {
			return nil, false, false
		}
		stale = stale || b.stale
	}
	if inSlab {
		return l.slab[:n], stale, true
	}
	res = make([]looked, 0, n)
	for _, b := range l.all {
		res = append(res, b.out...)
	}
	return res, stale, true
}

// resolver looks merges up in the vocabulary. A merge's result is most often the
// token of the last result's id or the next one (the merges of files converted from
// ranked vocabularies, and of most trained ones, come in the order of their results'
// ids): when keys and ids are the vocabulary's entries in file order, and no key
// repeats, the result is first looked for there, by comparing the strings of those
// two entries, which are read in order, instead of hashing it and probing the table
// at random. keys nil: every part is hashed.
type resolver struct {
	vocab  *strtab.Table
	prefix string
	keys   []string
	ids    []uint32
	next   uint32 // the guess for the next result
	// guessed is whether the last lookup found its result by the guess (at first:
	// whether there are guesses).
	guessed bool
	buf     []byte
}

// newResolver returns a resolver over v's table; v's keys and ids serve as the
// guesses' entries when no key repeats (v's table must be full).
func newResolver(v *parsedVocab, prefix string) resolver {
	r := resolver{vocab: v.m, prefix: prefix}
	if v.m.Len() == len(v.keys) {
		r.keys, r.ids, r.guessed = v.keys, v.ids, true
	}
	return r
}

// lookAhead is how many merges ahead of its lookup lookupRange hashes a merge's
// strings and asks for their slots in the vocabulary's table (strtab.Table.Ahead):
// the table is larger than the processor's caches, and the misses of independent
// lookups overlap when they are asked for early.
const lookAhead = 8

// probes are the vocabulary probes of a merge's strings, made lookAhead merges
// before its lookup: its parts', and its result's (withResult) when the lookup made
// last before them did not find its result by the guess (resolver.guessed).
type probes struct {
	a, b, result strtab.Probe
	withResult   bool
}

// lookupRange looks up merges [lo, hi) of p into out (out[i-lo] is merge i's). stale
// reports whether the second part of one of them is just the prefix; it stops with
// bad at the first merge whose part or result is not in the vocabulary.
func (r *resolver) lookupRange(p *parsedMerges, lo, hi int, out []looked) (stale, bad bool) {
	var ring [lookAhead]probes
	for i := lo; i < hi+lookAhead; i++ {
		pr := &ring[i%lookAhead]
		if j := i - lookAhead; j >= lo {
			a, b := p.pair(j)
			l, st, ok := r.lookup(a, b, pr)
			if !ok {
				return stale, true
			}
			stale = stale || st
			out[j-lo] = l
		}
		if i < hi {
			a, b := p.pair(i)
			pr.a, pr.b = r.vocab.Ahead(bytesString(a)), r.vocab.Ahead(bytesString(b))
			pr.withResult = !r.guessed && len(b) >= len(r.prefix)
			if pr.withResult {
				r.buf = append(append(r.buf[:0], a...), b[len(r.prefix):]...)
				pr.result = r.vocab.Ahead(bytesString(r.buf))
			}
		}
	}
	return stale, false
}

// lookup looks up the merge a b, whose probes pr holds: its ids, whether b is just
// the prefix, and false if a part or the result is not in the vocabulary.
func (r *resolver) lookup(a, b []byte, pr *probes) (looked, bool, bool) {
	aID, ok := r.vocab.GetAt(bytesString(a), pr.a)
	if !ok {
		return looked{}, false, false
	}
	bID, ok := r.vocab.GetAt(bytesString(b), pr.b)
	if !ok || len(b) < len(r.prefix) {
		return looked{}, false, false
	}
	rest := b[len(r.prefix):]
	stale := len(b) == len(r.prefix)
	for _, g := range [2]uint32{r.next, r.next + 1} {
		if uint64(g) < uint64(len(r.keys)) && r.ids[g] == g && isConcat(r.keys[g], a, rest) {
			r.next, r.guessed = g, true
			return looked{aID, bID, g}, stale, true
		}
	}
	r.buf = append(append(r.buf[:0], a...), rest...)
	var newID uint32
	if pr.withResult {
		newID, ok = r.vocab.GetAt(bytesString(r.buf), pr.result)
	} else {
		newID, ok = r.vocab.GetBytes(r.buf)
	}
	if !ok {
		return looked{}, false, false
	}
	r.next, r.guessed = newID, false
	return looked{aID, bID, newID}, stale, true
}

// isConcat reports whether k is a followed by b.
func isConcat(k string, a, b []byte) bool {
	return len(k) == len(a)+len(b) && k[:len(a)] == string(a) && k[len(a):] == string(b)
}

// buildReverseFrom is buildReverse over the vocabulary's entries in file order (keys
// distinct).
func (m *BPE) buildReverseFrom(keys []string, ids []uint32) {
	var maxID uint32
	inOrder := true // ids[i] == i: the keys are the table
	for i, id := range ids {
		inOrder = inOrder && id == uint32(i)
		if id > maxID {
			maxID = id
		}
		if id == noID {
			m.sentinelID = true
		}
		if keys[i] == "" {
			m.hasEmpty, m.emptyID = true, id
		}
	}
	n := len(keys)
	if n > 0 && inOrder {
		m.byID = keys[:n:n] // no id repeats, none is missing: no copy
		return
	}
	if n == 0 || uint64(maxID) >= 2*uint64(n)+1024 {
		m.buildReverse()
		return
	}
	m.byID = make([]string, int(maxID)+1)
	set := make([]bool, int(maxID)+1)
	for i, id := range ids {
		tok := keys[i]
		if set[id] {
			m.dupIDs = true
		}
		if !set[id] || tok < m.byID[id] {
			m.byID[id], set[id] = tok, true
		}
	}
	if m.hasEmpty && m.byID[m.emptyID] != "" {
		m.hasEmpty = false
	}
}

// buildMergesFast is buildMerges over parsed merges: the lookups run on up to two
// goroutines, then the table is filled in rank order. It reports false on a merge
// that is not in the vocabulary (the slow path words the error).
//
// mem, when not nil, is memory the table may use (the text the merges were read from,
// lent by the loader: see jsonutil.Scanner.Lend), rather than new memory.
func (m *BPE) buildMergesFast(p *parsedMerges, v *parsedVocab, mem []byte) bool {
	n := p.n()
	var reused bool
	m.merges, reused = newMergeTableIn(n, mem)
	if n == 0 {
		return true
	}
	// The table's memory is cleared (reused) or its page faults taken (megabytes of
	// fresh memory) on another goroutine while the merges are looked up and sorted.
	faulted := make(chan struct{})
	go func() {
		defer close(faulted)
		if reused {
			clear(m.merges.slots)
		} else {
			hugepage.Prefault(m.merges.slots)
		}
	}()
	defer func() { <-faulted }() // on failure too: the table is not in use meanwhile
	if len(p.looked) == n && p.lookedFor == m.prefix {
		if p.lookedStale {
			m.staleMatters = true
		}
		putAll(&m.merges, p.looked, p, faulted)
		return true
	}
	res := make([]looked, n)
	var stale, bad bool
	lookup := func(lo, hi int) (stale, bad bool) {
		rv := newResolver(v, m.prefix)
		return rv.lookupRange(p, lo, hi, res[lo:hi])
	}
	if n < 4096 || runtime.GOMAXPROCS(0) < 2 {
		stale, bad = lookup(0, n)
	} else {
		half := n / 2
		var stale2, bad2 bool
		done := make(chan struct{})
		go func() {
			defer close(done)
			stale2, bad2 = lookup(half, n)
		}()
		stale, bad = lookup(0, half)
		<-done
		stale, bad = stale || stale2, bad || bad2
	}
	if bad {
		return false
	}
	if stale {
		m.staleMatters = true
	}
	putAll(&m.merges, res, p, faulted)
	return true
}

// putAllAhead is how many merges ahead of its write putAll asks for a merge's first
// slot in the table.
const putAllAhead = 16

// putAll puts the merges (res[i] has rank i) into t in rank order, so that a later
// duplicate of a pair replaces an earlier one. The table is larger than the
// processor's caches and its writes fall at random: each merge's first slot is asked
// for (internal/prefetch) putAllAhead merges before its write, so that their misses
// overlap. (Sorting the merges by slot first, to write the table front to back, took
// longer.) The parsed merges' strings (p) are no longer needed, and dropped. The
// table is written once faulted is closed (see hugepage.Prefault).
func putAll(t *mergeTable, res []looked, p *parsedMerges, faulted <-chan struct{}) {
	p.ends, p.arena = nil, nil
	<-faulted
	for i := range len(res) + putAllAhead {
		if j := i - putAllAhead; j >= 0 {
			r := &res[j]
			t.put(uint64(r.a)<<32|uint64(r.b), uint32(j), r.id)
		}
		if i < len(res) {
			r := &res[i]
			prefetch.Addr(unsafe.Pointer(&t.slots[t.index(uint64(r.a)<<32|uint64(r.b))]))
		}
	}
}

// bytesString returns b as a string without copying; b must not change while the
// string is in use.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
