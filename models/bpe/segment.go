package bpe

import (
	"strings"
	"unicode/utf8"

	"github.com/fasttok/fasttok/tokenizer"
)

// Segmentation of long words. Tokenizers without a pre-tokenizer (Llama 2, Mistral,
// Gemma: SentencePiece-style BPE) hand the model a whole text as one word, with its
// spaces replaced by "▁". The merge loop is then slow (no cache, a long heap), although
// no merge can join two words: the vocabulary has no token in which "▁" follows another
// character (other than "▁" itself). Where that holds, a word is cut before each "▁"
// that follows another character, and the pieces are tokenized one by one (with the
// cache): the merges of one piece never involve another, so the tokens are exactly
// those of the whole word.
//
// The cut is only made when nothing else depends on where a symbol sits in the word:
// no continuing-subword prefix or end-of-word suffix, no dropout and no ignore_merges
// (which looks the whole word up).

// segmentRunes are the characters tried as cut points, in order.
var segmentRunes = []rune{'▁', ' '}

// findSegmenter sets m.segment when one of segmentRunes is a safe cut point for m's
// vocabulary.
func (m *BPE) findSegmenter() {
	if m.usePrefix || m.useSuffix || m.hasPrefix && m.prefix != "" || m.dropoutOn || m.ignoreMerges {
		return
	}
	for _, r := range segmentRunes {
		s := string(r)
		if _, ok := m.vocab.Get(s); !ok {
			continue
		}
		safe := true
		for tok := range m.vocab.All() {
			if !safeForCut(tok, s) {
				safe = false
				break
			}
		}
		if safe {
			m.segment = s
			return
		}
	}
}

// safeForCut reports whether tok never has s right after a character other than s.
func safeForCut(tok, s string) bool {
	for i := 1; i < len(tok); {
		j := strings.Index(tok[i:], s)
		if j < 0 {
			return true
		}
		at := i + j
		prev, _ := utf8.DecodeLastRuneInString(tok[:at])
		if string(prev) != s {
			return false
		}
		i = at + len(s)
	}
	return true
}

// nextCut returns the end of the segment of word that starts at start: the next
// occurrence of m.segment after start that follows another character, or len(word).
func (m *BPE) nextCut(word string, start int) int {
	s := m.segment
	i := start + 1
	for i < len(word) {
		j := strings.Index(word[i:], s)
		if j < 0 {
			return len(word)
		}
		at := i + j
		if !strings.HasSuffix(word[:at], s) {
			return at
		}
		i = at + len(s)
	}
	return len(word)
}

// hasCut reports whether word has a cut point.
func (m *BPE) hasCut(word string) bool {
	return m.segment != "" && m.nextCut(word, 0) < len(word)
}

func (m *BPE) appendIDsSegmented(dst []uint32, word string) ([]uint32, error) {
	n0 := len(dst)
	var err error
	for start := 0; start < len(word); {
		end := m.nextCut(word, start)
		if dst, err = m.appendIDsWord(dst, word[start:end]); err != nil {
			return dst[:n0], err
		}
		start = end
	}
	return dst, nil
}

func (m *BPE) appendTokensSegmented(dst []tokenizer.Token, word string) ([]tokenizer.Token, error) {
	n0 := len(dst)
	var err error
	for start := 0; start < len(word); {
		end := m.nextCut(word, start)
		n := len(dst)
		if dst, err = m.appendTokensWord(dst, word[start:end]); err != nil {
			return dst[:n0], err
		}
		for i := n; i < len(dst); i++ {
			dst[i].Offsets.Start += start
			dst[i].Offsets.End += start
		}
		start = end
	}
	return dst, nil
}
