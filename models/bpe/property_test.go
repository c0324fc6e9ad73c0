package bpe

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomModel builds a model over a small alphabet whose merges are random pairs of
// existing tokens, in random order (so that ranks and new pairs interleave).
func randomModel(t *testing.T, r *rand.Rand, opts ...Option) *BPE {
	t.Helper()
	vocab := map[string]uint32{}
	var toks []string
	add := func(s string) {
		if _, ok := vocab[s]; !ok {
			vocab[s] = uint32(len(vocab))
			toks = append(toks, s)
		}
	}
	for _, c := range "abcdé" {
		add(string(c))
	}
	var merges [][2]string
	seen := map[[2]string]bool{}
	for len(merges) < 40 {
		a, b := toks[r.IntN(len(toks))], toks[r.IntN(len(toks))]
		if len(a)+len(b) > 8 || seen[[2]string{a, b}] {
			continue
		}
		seen[[2]string{a, b}] = true
		add(a + b)
		merges = append(merges, [2]string{a, b})
	}
	r.Shuffle(len(merges), func(i, j int) { merges[i], merges[j] = merges[j], merges[i] })
	m, err := New(vocab, merges, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestScanMatchesQueue checks that the linear scan used for short words gives the
// tokens of the reference's priority-queue algorithm (mergeAll).
func TestScanMatchesQueue(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	letters := []string{"a", "b", "c", "d", "é", "x"}
	for model := 0; model < 200; model++ {
		m := randomModel(t, r, WithCacheCapacity(0))
		if m.staleMatters {
			t.Fatal("unexpected staleMatters")
		}
		for w := 0; w < 50; w++ {
			var sb strings.Builder
			n := 1 + r.IntN(smallWord)
			for i := 0; i < n; i++ {
				sb.WriteString(letters[r.IntN(len(letters))])
			}
			word := sb.String()
			a, err := m.splitWord(word, nil)
			if err != nil {
				t.Fatal(err)
			}
			b := slices.Clone(a)
			scan := m.mergeScan(a)
			queue := m.mergeAll(b, new(scratch))
			if !slices.EqualFunc(scan, queue, func(x, y symbol) bool { return x.id == y.id && x.len == y.len }) {
				t.Fatalf("model %d word %q: scan %v, queue %v", model, word, scan, queue)
			}
		}
	}
}

// FuzzTokenize checks that no model or word makes the package panic, and that
// AppendIDs agrees with Tokenize.
func FuzzTokenize(f *testing.F) {
	f.Add(`{"vocab":{"a":0,"b":1,"ab":2,"<unk>":3,"<0x61>":4},"merges":["a b"],"unk_token":"<unk>","byte_fallback":true}`, "abxab")
	f.Add(`{"vocab":{"a":0,"##b":1,"ab":2},"merges":[["a","##b"]],"continuing_subword_prefix":"##","end_of_word_suffix":"</w>"}`, "abab")
	f.Add(`{"vocab":{"a":0,"b":1,"ab":2},"merges":["a b"],"fuse_unk":true,"unk_token":"a","ignore_merges":true}`, "a\xffb")
	f.Fuzz(func(t *testing.T, model, word string) {
		m, err := Parse([]byte(model))
		if err != nil {
			return
		}
		toks, err1 := m.Tokenize(word)
		ids, err2 := m.AppendIDs(nil, word)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("errors %v / %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		if len(ids) != len(toks) {
			t.Fatalf("%d ids, %d tokens", len(ids), len(toks))
		}
		for i, tk := range toks {
			if tk.ID != ids[i] {
				t.Fatalf("ids %v, tokens %v", ids, toks)
			}
		}
		if _, err := m.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
	})
}
