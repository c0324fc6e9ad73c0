package normalizers

import (
	"slices"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/unicodetables"
	"github.com/fasttok/fasttok/tokenizer"
)

// NFC is the "NFC" normalizer: canonical decomposition then canonical composition.
//
// The four Unicode normalizers use the tables of the reference's crate
// unicode-normalization-alignments 0.1.12, that is Unicode 9.0.0: characters assigned
// after 9.0 are left as they are (U+1FBF0 stays under NFKC).
type NFC struct{}

// NFD is the "NFD" normalizer: canonical decomposition.
type NFD struct{}

// NFKC is the "NFKC" normalizer: compatibility decomposition then canonical
// composition.
type NFKC struct{}

// NFKD is the "NFKD" normalizer: compatibility decomposition.
type NFKD struct{}

// Normalize applies NFC.
func (NFC) Normalize(n *tokenizer.NormalizedString) error {
	normalizeForm(n, unicodetables.NFC)
	return nil
}

// Normalize applies NFD.
func (NFD) Normalize(n *tokenizer.NormalizedString) error {
	normalizeForm(n, unicodetables.NFD)
	return nil
}

// Normalize applies NFKC.
func (NFKC) Normalize(n *tokenizer.NormalizedString) error {
	normalizeForm(n, unicodetables.NFKC)
	return nil
}

// Normalize applies NFKD.
func (NFKD) Normalize(n *tokenizer.NormalizedString) error {
	normalizeForm(n, unicodetables.NFKD)
	return nil
}

// MarshalJSON writes {"type":"NFC"}.
func (NFC) MarshalJSON() ([]byte, error) { return marshalType("NFC") }

// MarshalJSON writes {"type":"NFD"}.
func (NFD) MarshalJSON() ([]byte, error) { return marshalType("NFD") }

// MarshalJSON writes {"type":"NFKC"}.
func (NFKC) MarshalJSON() ([]byte, error) { return marshalType("NFKC") }

// MarshalJSON writes {"type":"NFKD"}.
func (NFKD) MarshalJSON() ([]byte, error) { return marshalType("NFKD") }

// normalizeForm applies the normalization form f to n, as the reference's
// NormalizedString::nfd/nfkd/nfc/nfkc: one transformation whose changes are the
// (char, change) pairs that unicode-normalization-alignments emits.
func normalizeForm(n *tokenizer.NormalizedString, f unicodetables.Form) {
	s := n.Normalized()
	// Quick check: up to the first character that a normalization could touch, the
	// text is its own normalization.
	first := -1
	prev := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			prev = i
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !f.Stable(r) {
			first = i
			break
		}
		prev = i
		i += size
	}
	whole := wholeRange(n)
	if first < 0 && whole {
		return // the transformation would be the identity
	}
	if !whole || first <= 0 {
		n.Transform(normalizeChanges(make([]tokenizer.Change, 0, len(s)), s, f), 0)
		return
	}
	// The characters before prev are stable and cannot combine with what follows
	// (prev, the last of them, can: it is where the work starts), so their changes
	// would be the identity: transform from prev only.
	tail := s[prev:]
	n.TransformRange(tokenizer.Normalized, tokenizer.Offsets{Start: prev, End: len(s)},
		normalizeChanges(make([]tokenizer.Change, 0, len(tail)), tail, f), 0)
}

// normalizeChanges appends to dst the changes that normalize s to form f.
func normalizeChanges(dst []tokenizer.Change, s string, f unicodetables.Form) []tokenizer.Change {
	start := len(dst)
	dst = decompose(dst, s, f.Compat())
	if f.Composes() {
		dst = dst[:start+recompose(dst[start:])]
	}
	return dst
}

// decompose appends the full decomposition of s with its combining marks in canonical
// order, as the crate's Decompositions iterator: the first character of a character's
// decomposition replaces it (change 0), the others are insertions (change 1); the
// changes travel with their characters when the marks are reordered.
func decompose(dst []tokenizer.Change, s string, compat bool) []tokenizer.Change {
	var buf [32]rune
	pending := len(dst) // start of the run not yet in canonical order
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			sortMarks(dst[pending:])
			pending = len(dst)
			dst = append(dst, tokenizer.Change{Rune: rune(c)})
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		for k, d := range unicodetables.AppendDecomposition(buf[:0], r, compat) {
			delta := 0
			if k > 0 {
				delta = 1
			}
			if unicodetables.CCC(d) == 0 {
				sortMarks(dst[pending:])
				pending = len(dst)
			}
			dst = append(dst, tokenizer.Change{Rune: d, Delta: delta})
		}
	}
	sortMarks(dst[pending:])
	return dst
}

// sortMarks puts a run (a starter, if any, then combining marks) in canonical order: a
// stable sort by combining class.
func sortMarks(run []tokenizer.Change) {
	if len(run) < 2 {
		return
	}
	sorted := true
	last := unicodetables.CCC(run[0].Rune)
	for _, c := range run[1:] {
		cc := unicodetables.CCC(c.Rune)
		if cc < last {
			sorted = false
			break
		}
		last = cc
	}
	if sorted {
		return
	}
	slices.SortStableFunc(run, func(a, b tokenizer.Change) int {
		return int(unicodetables.CCC(a.Rune)) - int(unicodetables.CCC(b.Rune))
	})
}

// recompose composes the decomposed changes in place, as the crate's Recompositions
// iterator (a composite gets the change composee + mark - 1), and returns how many
// changes are left.
func recompose(cs []tokenizer.Change) int {
	w := 0
	emit := func(c tokenizer.Change) {
		cs[w] = c
		w++
	}
	var composee tokenizer.Change
	haveComposee := false
	lastCCC := -1 // -1: no blocked mark since the composee
	var blockedArr [8]tokenizer.Change
	blocked := blockedArr[:0]
	for i := 0; i < len(cs); i++ {
		c := cs[i]
		cc := int(unicodetables.CCC(c.Rune))
		if !haveComposee {
			if cc != 0 {
				emit(c)
				continue
			}
			composee, haveComposee = c, true
			continue
		}
		if lastCCC >= 0 && lastCCC >= cc {
			// c is blocked from the composee.
			if cc == 0 {
				emit(composee)
				for _, b := range blocked {
					emit(b)
				}
				blocked = blocked[:0]
				composee = c
				lastCCC = -1
				continue
			}
			blocked = append(blocked, c)
			lastCCC = cc
			continue
		}
		if r, ok := unicodetables.Compose(composee.Rune, c.Rune); ok {
			composee = tokenizer.Change{Rune: r, Delta: composee.Delta + c.Delta - 1}
			continue
		}
		if cc == 0 {
			// Only reachable without blocked marks (lastCCC < 0).
			emit(composee)
			composee = c
			continue
		}
		blocked = append(blocked, c)
		lastCCC = cc
	}
	if haveComposee {
		emit(composee)
		for _, b := range blocked {
			emit(b)
		}
	}
	return w
}

// CutSafe implements tokenizer.CutSafe: the normalization forms keep ASCII as it is,
// and nothing composes with a "\n" or an ASCII letter or digit that begins a part.
func (NFC) CutSafe() bool { return true }

// CutSafe implements tokenizer.CutSafe (see NFC.CutSafe).
func (NFD) CutSafe() bool { return true }

// CutSafe implements tokenizer.CutSafe (see NFC.CutSafe).
func (NFKC) CutSafe() bool { return true }

// CutSafe implements tokenizer.CutSafe (see NFC.CutSafe).
func (NFKD) CutSafe() bool { return true }
