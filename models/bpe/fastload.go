package bpe

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sync"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// The fast path of Parse: one pass over the model's JSON with a hand-written scanner,
// the vocabulary parsed (and its map built) on one goroutine while the merges are
// parsed on another, then the merges looked up in parallel. It accepts only common,
// well-formed input; on anything else (or any error in the vocabulary or merges) it
// reports !ok and Parse falls back to parseSlow, whose errors are the reference's.

// parsedVocab is the "vocab" object: keys[i] has ids[i] (in file order), all keys
// slices of one string.
type parsedVocab struct {
	keys []string
	ids  []uint32
	m    map[string]uint32
	ok   bool
}

// parsedMerges is the "merges" array: merge i is arena[ends[2i-1]:ends[2i]] and
// arena[ends[2i]:ends[2i+1]] (ends[-1] = 0), both parts unescaped.
type parsedMerges struct {
	arena []byte
	ends  []uint32
}

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
	)
	wait := func() {
		if vocabDone != nil {
			<-vocabDone
		}
	}
	fail := func() (*BPE, error, bool) {
		wait()
		return nil, nil, false
	}
	if !s.Consume('}') {
		for {
			s.Ensure(1 << 20)
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
				vocabDone = make(chan struct{})
				go func(vs jsonutil.Scanner) {
					defer close(vocabDone)
					vocab = parseVocab(&vs)
					vocabEnd = vs.Pos
				}(*s)
				if streaming {
					// The text arrives in order: the merges come after the vocabulary.
					wait()
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
				if merges, ok = parseMergesFast(s); !ok {
					return fail()
				}
				gotMerges = true
			default:
				raw, ok := s.Skip()
				if !ok || !json.Valid(raw) {
					return fail()
				}
				fields[key] = raw
			}
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
	if vocabDone == nil || !gotMerges {
		return nil, nil, false // missing: the slow path words the error
	}
	cfg, err := parseConfig(fields)
	if err != nil {
		return nil, err, true
	}
	if !vocab.ok || vocabEnd != skipEnd {
		return nil, nil, false
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
		if len(vocab.keys) == len(vocab.m) {
			m.buildReverseFrom(vocab.keys, vocab.ids)
		} else {
			m.buildReverse()
		}
	}()
	ok := m.buildMergesFast(&merges)
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

// parseVocab reads the "vocab" object.
func parseVocab(s *jsonutil.Scanner) parsedVocab {
	var v parsedVocab
	s.Ensure(entryAhead)
	if !s.Consume('{') {
		return v
	}
	arena := make([]byte, 0, 1<<16)
	var ends []uint32
	var scratch []byte
	if !s.Consume('}') {
		// About 20 bytes of JSON per entry.
		est := (len(s.Data) - s.Pos) / 24
		if est > 1<<20 {
			est = 1 << 20
		}
		ends = make([]uint32, 0, est)
		v.ids = make([]uint32, 0, est)
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
			arena = append(arena, k...)
			ends = append(ends, uint32(len(arena)))
			v.ids = append(v.ids, id)
			if s.Consume(',') {
				continue
			}
			if s.Consume('}') {
				break
			}
			return v
		}
	}
	all := string(arena)
	v.keys = make([]string, len(ends))
	v.m = make(map[string]uint32, len(ends))
	start := uint32(0)
	for i, end := range ends {
		k := all[start:end]
		v.keys[i] = k
		v.m[k] = v.ids[i]
		start = end
	}
	v.ok = true
	return v
}

// parseMergesFast reads the "merges" array: all pairs ["a", "b"] or all legacy
// strings "a b" (with exactly one space; "#version" lines are left to the slow path).
func parseMergesFast(s *jsonutil.Scanner) (parsedMerges, bool) {
	var p parsedMerges
	s.Ensure(entryAhead)
	if !s.Consume('[') {
		return p, false
	}
	if s.Consume(']') {
		return p, true
	}
	pairs := s.Peek() == '['
	est := (len(s.Data) - s.Pos) / 12
	if est > 1<<22 {
		est = 1 << 22
	}
	p.arena = make([]byte, 0, est*4)
	p.ends = make([]uint32, 0, est*2)
	var scratch []byte
	for {
		s.Ensure(entryAhead)
		if pairs {
			if !s.Consume('[') {
				return p, false
			}
			a, ok := s.String(&scratch)
			if !ok {
				return p, false
			}
			p.arena = append(p.arena, a...)
			p.ends = append(p.ends, uint32(len(p.arena)))
			if !s.Consume(',') {
				return p, false
			}
			b, ok := s.String(&scratch)
			if !ok || !s.Consume(']') {
				return p, false
			}
			p.arena = append(p.arena, b...)
			p.ends = append(p.ends, uint32(len(p.arena)))
		} else {
			line, ok := s.String(&scratch)
			if !ok {
				return p, false
			}
			sp := bytes.IndexByte(line, ' ')
			if sp < 0 || bytes.IndexByte(line[sp+1:], ' ') >= 0 || bytes.HasPrefix(line, []byte("#version")) {
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
		if s.Consume(',') {
			continue
		}
		if s.Consume(']') {
			return p, true
		}
		return p, false
	}
}

// buildReverseFrom is buildReverse over the vocabulary's entries in file order (keys
// distinct).
func (m *BPE) buildReverseFrom(keys []string, ids []uint32) {
	var maxID uint32
	for i, id := range ids {
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
func (m *BPE) buildMergesFast(p *parsedMerges) bool {
	n := p.n()
	m.merges = newMergeTable(n)
	if n == 0 {
		return true
	}
	type looked struct{ a, b, id uint32 }
	res := make([]looked, n)
	prefixLen := len(m.prefix)
	var stale, bad bool
	lookup := func(lo, hi int) (stale, bad bool) {
		var buf []byte
		for i := lo; i < hi; i++ {
			a, b := p.pair(i)
			aID, ok := m.vocab[string(a)]
			if !ok {
				return stale, true
			}
			bID, ok := m.vocab[string(b)]
			if !ok || len(b) < prefixLen {
				return stale, true
			}
			buf = append(append(buf[:0], a...), b[prefixLen:]...)
			newID, ok := m.vocab[string(buf)]
			if !ok {
				return stale, true
			}
			if len(b) == prefixLen {
				stale = true
			}
			res[i] = looked{aID, bID, newID}
		}
		return stale, false
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
	for i, r := range res {
		m.merges.put(uint64(r.a)<<32|uint64(r.b), uint32(i), r.id)
	}
	return true
}
