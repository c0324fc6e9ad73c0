package tokenizer

import (
	"context"
	"strings"
	"unicode"
)

// CutSafe is implemented by normalizers and pre-tokenizers that can say whether their
// result on a text cut at a "newline cut" is the concatenation of their results on
// the two parts. A newline cut is the place right after a "\n" that follows a
// printable ASCII character other than the space (U+0021 to U+007E) and precedes an
// ASCII letter or digit. A normalizer must moreover keep those three characters
// printable ASCII, "\n" and an ASCII letter or digit (its result on the whole then
// has a newline cut where the text had one, for the pre-tokenizer). AppendIDs cuts a
// long text into parts encoded on several goroutines (EncodeOptions.Workers) only
// when its normalizer and pre-tokenizer are CutSafe and report true.
type CutSafe interface {
	CutSafe() bool
}

// cutMinText is the length from which AppendIDs cuts a text: a part is at least a few
// hundred KB, so that its goroutine's start and the copy of its ids are negligible.
var cutMinText = 1 << 20

// cutSafe reports whether the ids of a text are the concatenation of the ids of its
// parts, cut at newline cuts (the post-processor's ids aside): the normalizer and the
// pre-tokenizer say so, and no added token can match across a cut (no whitespace in
// its content or normalized form, no lstrip, which would take in the "\n" of the cut).
// Without a pre-tokenizer the model sees whole texts: never.
func (t *Tokenizer) cutSafe() bool {
	if t.preTokenizer == nil {
		return false
	}
	if c, ok := t.preTokenizer.(CutSafe); !ok || !c.CutSafe() {
		return false
	}
	if t.normalizer != nil {
		if c, ok := t.normalizer.(CutSafe); !ok || !c.CutSafe() {
			return false
		}
	}
	for id, tok := range t.added.idToToken {
		if tok.LStrip || strings.ContainsFunc(tok.Content, unicode.IsSpace) || strings.ContainsFunc(t.added.normalizedCache[id], unicode.IsSpace) {
			return false
		}
	}
	return true
}

// isNewlineCut reports whether text has a newline cut at i (see CutSafe).
func isNewlineCut(text string, i int) bool {
	if i < 2 || i >= len(text) || text[i-1] != '\n' {
		return false
	}
	x, y := text[i-2], text[i]
	return x > ' ' && x < 0x7F && (y|0x20 >= 'a' && y|0x20 <= 'z' || y >= '0' && y <= '9')
}

// newlineCuts returns up to parts-1 newline cuts of text, in order, each the first
// one at or after an even share of the text (a share without one gives none).
func newlineCuts(text string, parts int) []int {
	var cuts []int
	prev := 0
	for k := 1; k < parts; k++ {
		for i := max(prev+1, k*len(text)/parts); i < len(text) && i < (k+1)*len(text)/parts; i++ {
			if isNewlineCut(text, i) {
				cuts = append(cuts, i)
				prev = i
				break
			}
		}
	}
	return cuts
}

// cutsPerWorker is how many parts a long text is cut into per worker, at least, so
// that the workers end together.
const cutsPerWorker = 4

// cutPart is about the size of the parts of a long text: the pieces and ids of a part
// stay in the processor's caches (in parts, one worker encodes bench/heldout's
// multi.jsonl, 73% of which is one text of 1.7 MB, 5-17% faster).
const cutPart = 256 << 10

// appendIDsCut is appendIDsFast on a long text cut at newline cuts, when the pipeline
// allows it (else the text is encoded whole), into parts of about cutPart bytes, on up
// to workers goroutines: with one, the parts are encoded in order into dst; with more,
// each into a buffer of its own, then copied into dst in order.
func (t *Tokenizer) appendIDsCut(dst []uint32, text string, workers int, fn FastNormalizer, fp FastPreTokenizer, m IDAppender) ([]uint32, error) {
	var cuts []int
	if t.cutSafe() {
		cuts = newlineCuts(text, max(workers*cutsPerWorker, len(text)/cutPart))
	}
	if len(cuts) == 0 {
		return t.appendIDsFast(dst, text, true, fn, fp, m)
	}
	bounds := append(cuts, len(text))
	if workers == 1 {
		lo, start := 0, len(dst)
		for _, hi := range bounds {
			var err error
			if dst, err = t.appendIDsFast(dst, text[lo:hi], lo == 0, fn, fp, m); err != nil {
				// The error of the whole text (an error may depend on where it is met).
				return t.appendIDsFast(dst[:start], text, true, fn, fp, m)
			}
			lo = hi
		}
		return dst, nil
	}
	ids, err := appendChunks(context.Background(), dst, bounds, workers, func(buf []uint32, lo, hi int) ([]uint32, int, error) {
		buf, err := t.appendIDsFast(buf, text[lo:hi], lo == 0, fn, fp, m)
		return buf, lo, err
	})
	if err != nil {
		// The error of the whole text, as one goroutine meets it first (a later part
		// may have failed before an earlier one began).
		return t.appendIDsFast(dst, text, true, fn, fp, m)
	}
	return ids, nil
}
