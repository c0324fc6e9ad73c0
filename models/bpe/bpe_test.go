package bpe

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fasttok/fasttok/tokenizer"
)

// The tests below are the reference's unit tests (models/bpe/model.rs,
// serialization.rs, models/mod.rs); their expectations are the reference's.

func tok(id uint32, v string, s, e int) tokenizer.Token {
	return tokenizer.Token{ID: id, Value: v, Offsets: tokenizer.Offsets{Start: s, End: e}}
}

func mustNew(t *testing.T, vocab map[string]uint32, merges [][2]string, opts ...Option) *BPE {
	t.Helper()
	m, err := New(vocab, merges, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func checkTokens(t *testing.T, m *BPE, word string, want []tokenizer.Token) {
	t.Helper()
	for pass := 0; pass < 2; pass++ {
		got, err := m.Tokenize(word)
		if err != nil {
			t.Fatalf("Tokenize(%q): %v", word, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Tokenize(%q) (-want +got):\n%s", word, diff)
		}
		ids, err := m.AppendIDs(nil, word)
		if err != nil {
			t.Fatal(err)
		}
		var wantIDs []uint32
		for _, tk := range want {
			wantIDs = append(wantIDs, tk.ID)
		}
		if !slices.Equal(ids, wantIDs) {
			t.Fatalf("AppendIDs(%q) = %v, want %v", word, ids, wantIDs)
		}
	}
}

func TestCacheIsPerInstance(t *testing.T) {
	a := mustNew(t, map[string]uint32{"h": 0, "e": 1, "l": 2, "o": 3, "he": 4, "hel": 5, "hell": 6, "hello": 7},
		[][2]string{{"h", "e"}, {"he", "l"}, {"hel", "l"}, {"hell", "o"}})
	b := mustNew(t, map[string]uint32{"h": 0, "e": 1, "l": 2, "o": 3}, nil)
	for i := 0; i < 2; i++ {
		ia, _ := a.AppendIDs(nil, "hello")
		ib, _ := b.AppendIDs(nil, "hello")
		if !slices.Equal(ia, []uint32{7}) || !slices.Equal(ib, []uint32{0, 1, 2, 2, 3}) {
			t.Fatalf("pass %d: %v %v", i, ia, ib)
		}
	}
}

func TestOrderedVocab(t *testing.T) {
	m := mustNew(t, map[string]uint32{"a": 0, "b": 1, "c": 2, "ab": 3}, nil)
	js, _ := m.MarshalJSON()
	if !strings.Contains(string(js), `"vocab":{"a":0,"b":1,"c":2,"ab":3}`) {
		t.Fatal(string(js))
	}
	// models/mod.rs: holes are skipped.
	m = mustNew(t, map[string]uint32{"Hi": 0, "There": 2}, nil)
	js, _ = m.MarshalJSON()
	if !strings.Contains(string(js), `"vocab":{"Hi":0,"There":2}`) {
		t.Fatal(string(js))
	}
}

func TestUnkNotFused(t *testing.T) {
	m := mustNew(t, map[string]uint32{"<unk>": 0, "a": 1, "b": 2}, nil, WithUnkToken("<unk>"))
	checkTokens(t, m, "c", []tokenizer.Token{tok(0, "<unk>", 0, 1)})
	checkTokens(t, m, "cc", []tokenizer.Token{tok(0, "<unk>", 0, 1), tok(0, "<unk>", 1, 2)})
	checkTokens(t, m, "accb", []tokenizer.Token{tok(1, "a", 0, 1), tok(0, "<unk>", 1, 2), tok(0, "<unk>", 2, 3), tok(2, "b", 3, 4)})
}

func TestUnkFused(t *testing.T) {
	m := mustNew(t, map[string]uint32{"<unk>": 0, "a": 1, "b": 2}, nil, WithUnkToken("<unk>"), WithFuseUnk(true))
	checkTokens(t, m, "c", []tokenizer.Token{tok(0, "<unk>", 0, 1)})
	checkTokens(t, m, "cc", []tokenizer.Token{tok(0, "<unk>", 0, 2)})
	checkTokens(t, m, "accb", []tokenizer.Token{tok(1, "a", 0, 1), tok(0, "<unk>", 1, 3), tok(2, "b", 3, 4)})
}

var unrelatedVocab = map[string]uint32{"u": 0, "n": 1, "r": 2, "e": 3, "l": 4, "a": 5, "t": 6, "d": 7,
	"re": 8, "at": 9, "ed": 10, "un": 11, "ated": 12, "rel": 13, "related": 14, "unrelated": 15}
var unrelatedMerges = [][2]string{{"r", "e"}, {"a", "t"}, {"e", "d"}, {"u", "n"}, {"at", "ed"}, {"re", "l"}, {"rel", "ated"}, {"un", "related"}}

func TestTokenizeWithAndWithoutDropout(t *testing.T) {
	m := mustNew(t, unrelatedVocab, unrelatedMerges)
	checkTokens(t, m, "unrelated", []tokenizer.Token{tok(15, "unrelated", 0, 9)})
	m = mustNew(t, unrelatedVocab, unrelatedMerges, WithDropout(0))
	checkTokens(t, m, "unrelated", []tokenizer.Token{tok(15, "unrelated", 0, 9)})
	m = mustNew(t, unrelatedVocab, unrelatedMerges, WithDropout(1))
	checkTokens(t, m, "unrelated", []tokenizer.Token{tok(0, "u", 0, 1), tok(1, "n", 1, 2), tok(2, "r", 2, 3),
		tok(3, "e", 3, 4), tok(4, "l", 4, 5), tok(5, "a", 5, 6), tok(6, "t", 6, 7), tok(3, "e", 7, 8), tok(7, "d", 8, 9)})
	m = mustNew(t, unrelatedVocab, unrelatedMerges, WithDropout(0.5))
	for i := 0; i < 20; i++ {
		toks, err := m.Tokenize("unrelated")
		if err != nil || len(toks) == 0 || len(toks) > 9 {
			t.Fatal(toks, err)
		}
	}
}

func TestDropoutZeroBuilds(t *testing.T) {
	m := mustNew(t, nil, nil, WithDropout(0))
	if p, ok := m.Dropout(); !ok || p != 0 {
		t.Fatal(p, ok)
	}
	if _, err := New(nil, nil, WithDropout(1.01)); !errors.Is(err, ErrInvalidDropout) {
		t.Fatal(err)
	}
	if _, err := New(nil, nil, WithDropout(-0.1)); !errors.Is(err, ErrInvalidDropout) {
		t.Fatal(err)
	}
}

func TestContinuingSubwordPrefix(t *testing.T) {
	m := mustNew(t, map[string]uint32{"a": 0, "##b": 1, "##c": 2, "ab": 3, "abc": 4},
		[][2]string{{"a", "##b"}, {"ab", "##c"}}, WithUnkToken("[UNK]"), WithContinuingSubwordPrefix("##"))
	checkTokens(t, m, "ab", []tokenizer.Token{tok(3, "ab", 0, 2)})
	checkTokens(t, m, "abc", []tokenizer.Token{tok(4, "abc", 0, 3)})
}

func TestReadFiles(t *testing.T) {
	vocab, merges, err := ReadFiles(strings.NewReader(`{"a": 0, "b": 1, "c": 2, "ab": 3}`), strings.NewReader("#version: 0.2\na b"))
	if err != nil {
		t.Fatal(err)
	}
	m := mustNew(t, vocab, merges)
	if r, id, ok := m.merges.get(0<<32 | 1); !ok || r != 0 || id != 3 {
		t.Fatal(r, id, ok)
	}
	for tk, id := range map[string]uint32{"a": 0, "b": 1, "c": 2, "ab": 3} {
		if got, ok := m.TokenToID(tk); !ok || got != id {
			t.Fatal(tk, got, ok)
		}
	}
	// Merge token out of vocabulary.
	vocab, merges, err = ReadFiles(strings.NewReader(`{"a": 0, "b": 1, "c": 2, "ab": 3}`), strings.NewReader("#version: 0.2\na b\na d"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(vocab, merges)
	var oov *OutOfVocabularyError
	if !errors.As(err, &oov) || oov.Token != "d" {
		t.Fatal(err)
	}
	// Bad merges.
	_, _, err = ReadFiles(strings.NewReader(`{"a": 0, "b": 1, "c": 2, "ab": 3}`), strings.NewReader("#version: 0.2\na b\nc"))
	var bad *BadMergesError
	if !errors.As(err, &bad) || bad.Line != 2 {
		t.Fatal(err)
	}
}

func TestByteFallback(t *testing.T) {
	m := mustNew(t, map[string]uint32{"<unk>": 0, "<0x61>": 1}, nil, WithUnkToken("<unk>"), WithByteFallback(true))
	checkTokens(t, m, "c", []tokenizer.Token{tok(0, "<unk>", 0, 1)})
	checkTokens(t, m, "a", []tokenizer.Token{tok(1, "<0x61>", 0, 1)})
	m = mustNew(t, map[string]uint32{"<unk>": 0, "<0x0A>": 1}, nil, WithUnkToken("<unk>"), WithByteFallback(true))
	checkTokens(t, m, "\n", []tokenizer.Token{tok(1, "<0x0A>", 0, 1)})
	// Three-byte characters (the character table of a model with byte fallback covers
	// them): one in the vocabulary, one in bytes, one unknown, and a four-byte one.
	vocab := map[string]uint32{"<unk>": 0, "中": 1, "<0xE5>": 2, "<0xAD>": 3, "<0x97>": 4, "中文": 5, "\ufffd": 6}
	m = mustNew(t, vocab, [][2]string{}, WithUnkToken("<unk>"), WithByteFallback(true))
	checkTokens(t, m, "中字文\ufffd😀", []tokenizer.Token{tok(1, "中", 0, 3), tok(2, "<0xE5>", 3, 4), tok(3, "<0xAD>", 4, 5),
		tok(4, "<0x97>", 5, 6), tok(0, "<unk>", 6, 9), tok(6, "\ufffd", 9, 12), tok(0, "<unk>", 12, 16)})
}

func TestIgnoreMerges(t *testing.T) {
	vocab := map[string]uint32{".:.:": 0, "Ġbelirtilen": 1, ".": 2, ":": 3, "bel": 4, "irtilen": 5, "Ġ": 6,
		".:": 7, "belirtilen": 8, ".:.": 9, "be": 10, "l": 11, "ir": 12, "ti": 13, "en": 14, "irtil": 15,
		"irti": 16, "i": 17, "r": 18, "t": 19, "b": 20, "e": 21, "n": 22}
	merges := [][2]string{{".", ":"}, {"b", "e"}, {"be", "l"}, {"i", "r"}, {"t", "i"}, {"ir", "ti"}, {"e", "n"}, {"irti", "l"}}
	m := mustNew(t, vocab, merges, WithIgnoreMerges(true))
	checkTokens(t, m, ".:.:", []tokenizer.Token{tok(0, ".:.:", 0, 4)})
	checkTokens(t, m, "Ġbelirtilen", []tokenizer.Token{tok(1, "Ġbelirtilen", 0, 12)})
	m = mustNew(t, vocab, merges)
	checkTokens(t, m, ".:.:", []tokenizer.Token{tok(7, ".:", 0, 2), tok(7, ".:", 2, 4)})
	checkTokens(t, m, "Ġbelirtilen", []tokenizer.Token{tok(6, "Ġ", 0, 2), tok(4, "bel", 2, 5), tok(15, "irtil", 5, 10), tok(14, "en", 10, 12)})
}

func TestSerialization(t *testing.T) {
	m := mustNew(t, map[string]uint32{"<unk>": 0, "a": 1, "b": 2, "ab": 3}, [][2]string{{"a", "b"}},
		WithUnkToken("<unk>"), WithIgnoreMerges(true))
	legacy := `{"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":true,"vocab":{"<unk>":0,"a":1,"b":2,"ab":3},"merges":["a b"]}`
	want := `{"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":true,"vocab":{"<unk>":0,"a":1,"b":2,"ab":3},"merges":[["a","b"]]}`
	fromLegacy, err := Parse([]byte(legacy))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*BPE{m, fromLegacy} {
		js, _ := x.MarshalJSON()
		if string(js) != want {
			t.Fatalf("got %s", js)
		}
	}
	// A space inside a token.
	m = mustNew(t, map[string]uint32{"<unk>": 0, "a": 1, "b c d": 2, "ab c d": 3}, [][2]string{{"a", "b c d"}},
		WithUnkToken("<unk>"), WithIgnoreMerges(true))
	js, _ := m.MarshalJSON()
	want = `{"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":true,"vocab":{"<unk>":0,"a":1,"b c d":2,"ab c d":3},"merges":[["a","b c d"]]}`
	if string(js) != want {
		t.Fatalf("got %s", js)
	}
	back, err := Parse(js)
	if err != nil {
		t.Fatal(err)
	}
	if js2, _ := back.MarshalJSON(); string(js2) != want {
		t.Fatalf("round trip %s", js2)
	}
}

func TestSerializationIgnoreMerges(t *testing.T) {
	// A missing ignore_merges is false.
	m, err := Parse([]byte(`{"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"vocab":{"<unk>":0,"a":1,"b":2},"merges":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.IgnoreMerges() {
		t.Fatal("ignore_merges")
	}
}

// TestErrorPaths checks that load errors name their JSON path.
func TestErrorPaths(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"vocab":{"a":0,"b":1,"ab":2},"merges":["a b","a x"]}`, "merges[1]: Token `x` out of vocabulary"},
		{`{"vocab":{"a":0,"b":1,"ab":2},"merges":["#version: 0.2","a b","c"]}`, "merges[2]: Merges text file invalid at line 2"},
		{`{"vocab":{"a":0},"merges":[],"dropout":2}`, "dropout: Dropout should be between 0 and 1, inclusive"},
		{`{"vocab":{"a":"x"},"merges":[]}`, "vocab: "},
		{`{"vocab":{"a":0},"merges":{}}`, "merges: data did not match any variant of untagged enum MergeType"},
		{`{"type":"WordPiece","vocab":{"a":0},"merges":[]}`, "type: invalid value: string \"WordPiece\", expected BPE"},
		{`{"vocab":{"a":0},"merges":[],"unk_token":1}`, "unk_token: "},
		{`[1]`, "invalid BPE model"},
		{`{"vocab":{"a":0,"##b":1},"merges":[["a","b"]],"continuing_subword_prefix":"##"}`, "merges[0]: Token `b` out of vocabulary"},
		// The reference panics on these (merged token longer than any token, second
		// part shorter than the prefix); fasttok reports the merged token.
		{`{"vocab":{"a":0,"b":1},"merges":[["a","b"]],"continuing_subword_prefix":"##"}`, "merges[0]: Token `a` out of vocabulary"},
		{`{"vocab":{"abcdef":0,"b":1},"merges":[["abcdef","b"]]}`, "merges[0]: Token `abcdefb` out of vocabulary"},
	} {
		_, err := Parse([]byte(tc.json))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q...", tc.json, err, tc.want)
		}
	}
}

// TestUnicodeAndInvalidUTF8 checks multi-byte characters, characters outside the
// tables and invalid UTF-8 (dropped, or unknown).
func TestUnicodeAndInvalidUTF8(t *testing.T) {
	m := mustNew(t, map[string]uint32{"<unk>": 0, "é": 1, "€": 2, "😀": 3, "é€": 4, "€😀": 5},
		[][2]string{{"€", "😀"}, {"é", "€"}}, WithUnkToken("<unk>"))
	checkTokens(t, m, "é€😀", []tokenizer.Token{tok(1, "é", 0, 2), tok(5, "€😀", 2, 9)})
	checkTokens(t, m, "é\xff€", []tokenizer.Token{tok(1, "é", 0, 2), tok(0, "<unk>", 2, 3), tok(2, "€", 3, 6)})
	m = mustNew(t, map[string]uint32{"<0xFF>": 0, "a": 1}, nil, WithByteFallback(true))
	checkTokens(t, m, "a\xff", []tokenizer.Token{tok(1, "a", 0, 1), tok(0, "<0xFF>", 1, 2)})
}

// TestCacheNoEffect (G.83): results with and without the cache are equal, also from
// many goroutines at once.
func TestCacheNoEffect(t *testing.T) {
	vocab := map[string]uint32{"a": 0, "b": 1, "ab": 2, "ba": 3, "aba": 4, "<unk>": 5}
	merges := [][2]string{{"a", "b"}, {"b", "a"}, {"ab", "a"}}
	cached := mustNew(t, vocab, merges, WithUnkToken("<unk>"), WithCacheCapacity(4))
	plain := mustNew(t, vocab, merges, WithUnkToken("<unk>"), WithCacheCapacity(0))
	words := []string{"a", "ab", "aba", "abab", "babab", "xabx", "bbbb", "aaab", "ababababa", strings.Repeat("ab", 200)}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				for _, w := range words {
					a, err1 := cached.Tokenize(w)
					b, err2 := plain.Tokenize(w)
					if err1 != nil || err2 != nil || !cmp.Equal(a, b) {
						t.Errorf("%q: %v %v / %v %v", w, a, err1, b, err2)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	cached.ClearCache()
	if a, _ := cached.Tokenize("aba"); len(a) != 1 || a[0].ID != 4 {
		t.Fatal(a)
	}
}

// TestDropoutSeed (G.82): a seeded dropout is reproducible; p = 1 skips every merge.
func TestDropoutSeed(t *testing.T) {
	run := func() [][]uint32 {
		m := mustNew(t, unrelatedVocab, unrelatedMerges, WithDropout(0.3))
		m.SetDropoutSeed(42)
		var out [][]uint32
		for i := 0; i < 30; i++ {
			ids, _ := m.AppendIDs(nil, "unrelated")
			out = append(out, ids)
		}
		return out
	}
	a, b := run(), run()
	if !cmp.Equal(a, b) {
		t.Fatal("seeded dropout differs between runs")
	}
	distinct := map[string]bool{}
	for _, ids := range a {
		distinct[fmtIDs(ids)] = true
	}
	if len(distinct) < 2 {
		t.Fatalf("dropout 0.3 gave one segmentation in 30 runs: %v", a[0])
	}
}

func fmtIDs(ids []uint32) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(string(rune('A' + id)))
	}
	return b.String()
}

// TestAppendReuse checks that AppendIDs and AppendTokens append to dst.
func TestAppendReuse(t *testing.T) {
	m := mustNew(t, unrelatedVocab, unrelatedMerges)
	ids, _ := m.AppendIDs([]uint32{99}, "unrelated")
	ids, _ = m.AppendIDs(ids, "ated")
	if !slices.Equal(ids, []uint32{99, 15, 12}) {
		t.Fatal(ids)
	}
	toks, _ := m.AppendTokens([]tokenizer.Token{tok(99, "x", 0, 0)}, "rel")
	if len(toks) != 2 || toks[1] != tok(13, "rel", 0, 3) {
		t.Fatal(toks)
	}
	if toks, err := m.Tokenize(""); err != nil || len(toks) != 0 {
		t.Fatal(toks, err)
	}
}

// TestLongWord checks a 100 KB word on the model of cases.json's G76_position, where
// the reference makes "aaaa" tokens and an "a" tail of 25 and 7 a's.
func TestLongWord(t *testing.T) {
	m := mustNew(t, map[string]uint32{"a": 0, "aa": 1, "aaaa": 2}, [][2]string{{"a", "a"}, {"aa", "aa"}})
	w := strings.Repeat("a", 100001)
	ids, err := m.AppendIDs(nil, w)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 25001 || ids[0] != 2 || ids[24999] != 2 || ids[25000] != 0 {
		t.Fatal(len(ids), ids[:3], ids[len(ids)-2:])
	}
}

// TestLongWordNoAllocs: a word longer than the symbols kept on the stack (and than the
// cache takes) is merged in a pooled buffer: encoding it again allocates nothing,
// with mergeScan (20 four-byte characters) and with the merge heap (600 letters).
func TestLongWordNoAllocs(t *testing.T) {
	vocab := map[string]uint32{"a": 0, "b": 1, "ab": 2, "abab": 3, "😀": 4, "😀😀": 5}
	m := mustNew(t, vocab, [][2]string{{"a", "b"}, {"ab", "ab"}, {"😀", "😀"}})
	for _, c := range []struct {
		word string
		want []uint32
	}{
		{strings.Repeat("😀", 20), slices.Repeat([]uint32{5}, 10)},
		{strings.Repeat("ab", 300), slices.Repeat([]uint32{3}, 150)},
	} {
		var ids []uint32
		allocs := testing.AllocsPerRun(20, func() {
			var err error
			if ids, err = m.AppendIDs(ids[:0], c.word); err != nil {
				t.Fatal(err)
			}
		})
		if !slices.Equal(ids, c.want) {
			t.Fatalf("%d bytes: ids %v, want %v", len(c.word), ids, c.want)
		}
		if allocs != 0 {
			t.Errorf("%d bytes: %v allocations per AppendIDs, want 0", len(c.word), allocs)
		}
	}
}
