package unigram

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fasttok/fasttok/tokenizer"
	"github.com/google/go-cmp/cmp"
)

func mustNew(t testing.TB, vocab []Piece, unk int, bf bool) *Unigram {
	t.Helper()
	u, err := New(vocab, unk, bf)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func pieces(t testing.TB, u *Unigram, s string) []string {
	t.Helper()
	toks, err := u.Tokenize(s)
	if err != nil {
		t.Fatalf("Tokenize(%q): %v", s, err)
	}
	var out []string
	for _, tk := range toks {
		out = append(out, tk.Value)
	}
	return out
}

// From the reference's models/unigram/model.rs tests (test_encode, test_encode2,
// fuse_unk on, optimized encoder).
func TestEncodeReference(t *testing.T) {
	u := mustNew(t, []Piece{{"<unk>", 0}, {"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}, {"cd", 1}, {"ab", 2}, {"abc", 5}, {"abcd", 10}}, 0, false)
	if got := pieces(t, u, "abcd"); !cmp.Equal(got, []string{"abcd"}) {
		t.Errorf("abcd: %q", got)
	}
	u = mustNew(t, []Piece{
		{"<unk>", 0}, {"ab", 0}, {"cd", -0.1}, {"abc", -0.2}, {"a", -0.3}, {"b", -0.4}, {"c", -0.5},
		{"ABC", -0.5}, {"abcdabcd", 20}, {"q", 20.5}, {"r", 20.5}, {"qr", -0.5},
	}, 0, false)
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"abc", []string{"abc"}},
		{"AB", []string{"AB"}},
		{"abcd", []string{"ab", "cd"}},
		{"abcc", []string{"abc", "c"}},
		{"xabcabaabcdd", []string{"x", "abc", "ab", "a", "ab", "cd", "d"}},
		{"xyz東京", []string{"xyz東京"}},
		{"ABC", []string{"ABC"}},
		{"abABCcd", []string{"ab", "ABC", "cd"}},
		{"ababcdabcdcd", []string{"ab", "abcdabcd", "cd"}},
		{"abqrcd", []string{"ab", "q", "r", "cd"}},
		{"", nil},
	} {
		if got := pieces(t, u, tc.in); !cmp.Equal(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// From the reference's test_unigram_bytefallback.
func TestByteFallbackReference(t *testing.T) {
	u := mustNew(t, []Piece{{"<unk>", 0}, {"<0xC3>", -0.01}, {"<0xA9>", -0.03}}, 0, true)
	toks, err := u.Tokenize("é")
	if err != nil {
		t.Fatal(err)
	}
	want := []tokenizer.Token{{ID: 1, Value: "<0xC3>", Offsets: tokenizer.Offsets{Start: 0, End: 2}}, {ID: 2, Value: "<0xA9>", Offsets: tokenizer.Offsets{Start: 0, End: 2}}}
	if !cmp.Equal(toks, want) {
		t.Errorf("é: %+v", toks)
	}
	toks, err = u.Tokenize("?é")
	if err != nil {
		t.Fatal(err)
	}
	if toks[0].ID != 0 {
		t.Errorf("?é: %+v", toks)
	}
}

// PARITY G.88-G.91 on tiny vocabularies. Expected values: the reference's output for
// the same model behind a WhitespaceSplit pre-tokenizer (testdata/ref_cases.js).
func TestParity(t *testing.T) {
	type tok struct {
		Value      string
		ID         uint32
		Start, End int
	}
	for _, tc := range []struct {
		vocab []Piece
		unk   int
		bf    bool
		word  string
		want  []tok
		err   string
	}{
		// G.88: unknowns scored min-10 and fused.
		{[]Piece{{"<unk>", 0}, {"a", -1}, {"b", -1}, {"ab", -1.5}}, 0, false, "abxxa",
			[]tok{{"ab", 3, 0, 2}, {"xx", 0, 2, 4}, {"a", 1, 4, 5}}, ""},
		// G.89: byte fallback needs every byte token of the unknown run.
		{[]Piece{{"<unk>", 0}, {"a", -1}, {"<0x78>", -1}}, 0, true, "axy",
			[]tok{{"a", 1, 0, 1}, {"xy", 0, 1, 3}}, ""},
		{[]Piece{{"<unk>", 0}, {"a", -1}, {"<0x78>", -1}}, 0, true, "axa",
			[]tok{{"a", 1, 0, 1}, {"<0x78>", 2, 1, 2}, {"a", 1, 2, 3}}, ""},
		// G.91: unk_id needed only when an unknown occurs.
		{[]Piece{{"a", -1}}, -1, false, "aa", []tok{{"a", 0, 0, 1}, {"a", 0, 1, 2}}, ""},
		{[]Piece{{"a", -1}}, -1, false, "ab", nil, "Encountered an unknown token but `unk_id` is missing"},
		// A duplicated piece is its last id; "<unk>" matched in the text is not fused.
		{[]Piece{{"<unk>", 0}, {"a", -1}, {"<unk>", -2}}, 0, false, "a<unk>x",
			[]tok{{"a", 1, 0, 1}, {"<unk>", 2, 1, 6}, {"x", 0, 6, 7}}, ""},
		// Scores so high that two unknowns beat a piece.
		{[]Piece{{"<unk>", 30}, {"xy", 30}, {"z", 30}}, 0, false, "yz",
			[]tok{{"y", 0, 0, 1}, {"z", 2, 1, 2}}, ""},
		{[]Piece{{"<unk>", 30}, {"xy", 30}, {"z", 30}}, 0, false, "xy",
			[]tok{{"xy", 1, 0, 2}}, ""},
	} {
		u := mustNew(t, tc.vocab, tc.unk, tc.bf)
		toks, err := u.Tokenize(tc.word)
		ids, err2 := u.AppendIDs([]uint32{7}, tc.word)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err || err2 == nil {
				t.Errorf("%q: got %v / %v, want error %q", tc.word, err, err2, tc.err)
			}
			continue
		}
		if err != nil || err2 != nil {
			t.Fatalf("%q: %v %v", tc.word, err, err2)
		}
		var got []tok
		wantIDs := []uint32{7}
		for _, tk := range toks {
			got = append(got, tok{tk.Value, tk.ID, tk.Offsets.Start, tk.Offsets.End})
		}
		for _, tk := range tc.want {
			wantIDs = append(wantIDs, tk.ID)
		}
		if !cmp.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.word, got, tc.want)
		}
		if !cmp.Equal(ids, wantIDs) {
			t.Errorf("%q: AppendIDs got %v, want %v", tc.word, ids, wantIDs)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ json, err string }{
		{`{"type":"Unigram","unk_id":3,"vocab":[["a",0.0]]}`, "Unable to load vocab UnkIdNotInVocabulary"},
		{`{"type":"Unigram","unk_id":0,"vocab":[]}`, "Unable to load vocab EmptyVocabulary"},
		{`{"type":"Unigram","unk_id":0}`, "Missing vocab"},
		{`{"type":"Unigram","unk_id":-1,"vocab":[["a",0.0]]}`, "unk_id"},
		{`{"type":"Unigram","vocab":[["a",0.0,1]]}`, "vocab[0]"},
		{`{"type":"Unigram","vocab":[["a","x"]]}`, "vocab[0]"},
	} {
		_, err := Parse([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want %q", tc.json, err, tc.err)
		}
	}
	u, err := Parse([]byte(`{"type":"Unigram","vocab":[["a",-1]],"unk_id":null}`))
	if err != nil || u.UnkID() != -1 {
		t.Errorf("null unk_id: %v", err)
	}
}

func TestMarshalJSON(t *testing.T) {
	// Expected: what the reference saved for the same model (testdata/ref_save.js).
	in := `{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["j",-0.0],["c",1e16],["c2",1.25e16],["c3",9999999999999998.0],["m",5e-324],["n",1.7976931348623157e308],["o",123],["p",0.0001234],["b\"\u2028\n\u0001",-1.2345678901234567e-7]],"byte_fallback":false}`
	want := `{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["j",-0.0],["c",1e+16],["c2",1.25e+16],["c3",9999999999999998.0],["m",5e-324],["n",1.7976931348623157e+308],["o",123.0],["p",0.0001234],["b\"` + "\u2028" + `\n\u0001",-1.2345678901234568e-7]],"byte_fallback":false}`
	u, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := u.MarshalJSON()
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	u, _ = Parse([]byte(`{"type":"Unigram","unk_id":null,"vocab":[["a",-0.5]],"byte_fallback":true}`))
	b, _ = u.MarshalJSON()
	if want := `{"type":"Unigram","unk_id":null,"vocab":[["a",-0.5]],"byte_fallback":true}`; string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// TestTrieEdgeBytes checks pieces with NUL and high bytes, and prefix searches that
// must not wander into the root or other states.
func TestTrieEdgeBytes(t *testing.T) {
	vocab := []Piece{{"<unk>", 0}, {"\x00", -1}, {"\x01\x00", -1}, {"\xff", -1}, {"a", -1}, {"\x00a", -0.5}}
	u := mustNew(t, vocab, 0, false)
	for _, tc := range []struct {
		in   string
		want []uint32
	}{
		{"\x00", []uint32{1}}, {"\x00a", []uint32{5}}, {"\x01\x00", []uint32{2}}, {"\x01", []uint32{0}},
		{"\xff", []uint32{3}}, {"a\x00\x00a", []uint32{4, 1, 5}}, {"\xfe", []uint32{0}},
	} {
		ids, err := u.AppendIDs(nil, tc.in)
		if err != nil || !cmp.Equal(ids, tc.want) {
			t.Errorf("%q: got %v %v, want %v", tc.in, ids, err, tc.want)
		}
	}
}

// FuzzTokenize checks that Tokenize never panics and agrees with AppendIDs.
func FuzzTokenize(f *testing.F) {
	f.Add("abcd", "ab cd \x00 é")
	f.Fuzz(func(t *testing.T, word, pieces string) {
		var vocab []Piece
		vocab = append(vocab, Piece{"<unk>", 0})
		for i, p := range strings.Split(pieces, " ") {
			vocab = append(vocab, Piece{p, -float64(i % 7)})
		}
		u := mustNew(t, vocab, 0, true)
		toks, err := u.Tokenize(word)
		ids, err2 := u.AppendIDs(nil, word)
		if (err == nil) != (err2 == nil) || len(toks) != len(ids) {
			t.Fatalf("Tokenize %v %v, AppendIDs %v %v", toks, err, ids, err2)
		}
		for i := range toks {
			if toks[i].ID != ids[i] {
				t.Fatalf("Tokenize %v, AppendIDs %v", toks, ids)
			}
		}
	})
}

// naiveIDs is a direct transcription of the reference's encode_optimized + tokenize
// (map lookups instead of the trie), for FuzzNaive.
func naiveIDs(u *Unigram, word string) ([]uint32, error) {
	n := len(word)
	type node struct {
		id, start int
		score     float64
		set       bool
	}
	best := make([]node, n+1)
	unk := u.minScore - unkPenalty
	for pos := 0; pos < n; {
		_, mblen := utf8.DecodeRuneInString(word[pos:])
		single := false
		for end := pos + 1; end <= n; end++ {
			id, ok := u.tokenToID[word[pos:end]]
			if !ok {
				continue
			}
			c := u.vocab[id].Score + best[pos].score
			if !best[end].set || c > best[end].score {
				best[end] = node{int(id), pos, c, true}
			}
			if end-pos == mblen {
				single = true
			}
		}
		if !single {
			c := unk + best[pos].score
			if !best[pos+mblen].set || c > best[pos+mblen].score {
				if u.unkID < 0 {
					return nil, ErrMissingUnkID
				}
				best[pos+mblen] = node{int(u.unkID), pos, c, true}
			}
		}
		pos += mblen
	}
	var strs []string
	var run []string
	for end := n; end > 0; {
		nd := best[end]
		if nd.id == int(u.unkID) {
			run = append([]string{word[nd.start:end]}, run...)
		} else {
			if run != nil {
				strs = append(strs, strings.Join(run, ""))
				run = nil
			}
			strs = append(strs, word[nd.start:end])
		}
		end = nd.start
	}
	if run != nil {
		strs = append(strs, strings.Join(run, ""))
	}
	var ids []uint32
	for i := len(strs) - 1; i >= 0; i-- {
		s := strs[i]
		if id, ok := u.tokenToID[s]; ok {
			ids = append(ids, id)
			continue
		}
		if u.byteFallback && u.hasBytes(s) {
			for j := 0; j < len(s); j++ {
				ids = append(ids, uint32(u.byteIDs[s[j]]))
			}
			continue
		}
		if u.unkID < 0 {
			return nil, ErrMissingUnkID
		}
		ids = append(ids, uint32(u.unkID))
	}
	return ids, nil
}

// FuzzNaive compares the model with naiveIDs on random vocabularies.
func FuzzNaive(f *testing.F) {
	f.Add("abcd", "ab cd \x00 é <0x61> b c", true, uint8(0))
	f.Add("xabcabaabcdd", "a b ab abc cd c d", false, uint8(3))
	f.Fuzz(func(t *testing.T, word, pieces string, bf bool, unk uint8) {
		if !utf8.ValidString(word) {
			return
		}
		var vocab []Piece
		for i, p := range strings.Split(pieces, " ") {
			vocab = append(vocab, Piece{p, -float64(i%5) * 0.25})
		}
		unkID := int(unk) - 1
		if unkID >= len(vocab) {
			unkID = -1
		}
		u := mustNew(t, vocab, unkID, bf)
		ids, err := u.AppendIDs(nil, word)
		want, err2 := naiveIDs(u, word)
		if (err == nil) != (err2 == nil) || !cmp.Equal(ids, want) {
			t.Fatalf("%q over %q: got %v %v, want %v %v", word, pieces, ids, err, want, err2)
		}
	})
}

// TestTokenizeCached checks that the tokens Tokenize rebuilds from the word cache (the
// second call on a word) are those of the Viterbi search (the first call), byte
// fallback and unknown runs included.
func TestTokenizeCached(t *testing.T) {
	vocab := []Piece{{"<unk>", 0}, {"a", -1}, {"b", -1}, {"ab", -1.5}, {"x", -3}, {"é", -2}}
	for b := 0; b < 256; b += 3 {
		vocab = append(vocab, Piece{fmt.Sprintf("<0x%02X>", b), -5})
	}
	for _, bf := range []bool{false, true} {
		u := mustNew(t, vocab, 0, bf)
		for _, w := range []string{"a", "ab", "abxxa", "axa", "y", "é", "aéy", "ü", "yyy", "a😀b", "xyzab", "\x00", "ba", "Á", "aÁb", "\x00\x03", "a\x00b\x03\x06"} {
			first, err1 := u.Tokenize(w)
			second, err2 := u.Tokenize(w)
			if (err1 == nil) != (err2 == nil) || !cmp.Equal(first, second) {
				t.Errorf("bf=%v %q: first %+v (%v), cached %+v (%v)", bf, w, first, err1, second, err2)
			}
		}
	}
}
