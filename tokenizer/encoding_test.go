package tokenizer

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// Expected values in this file come from the reference's unit tests
// (tokenizers/src/tokenizer/encoding.rs) unless noted.

func enc(ids []uint32, tokens []string, words []int, offsets []Offsets) *Encoding {
	n := len(ids)
	e := &Encoding{IDs: ids, Tokens: tokens, WordIDs: words, Offsets: offsets,
		TypeIDs: make([]uint32, n), SpecialTokensMask: make([]uint32, n), AttentionMask: make([]uint32, n)}
	for i := range e.AttentionMask {
		e.AttentionMask[i] = 1
	}
	return e
}

func helloWorld() *Encoding {
	return enc([]uint32{1, 2, 3}, []string{"Hello", "World", "!"}, []int{0, 1, 2}, offs(0, 5, 6, 11, 11, 12))
}

func TestMergeEncodings(t *testing.T) {
	a := enc([]uint32{1}, []string{"Hello "}, []int{0}, offs(0, 6))
	b := enc([]uint32{2}, []string{"World!"}, []int{0}, offs(0, 6))
	b.TypeIDs[0] = 1
	a.MergeWith(b, true)
	want := enc([]uint32{1, 2}, []string{"Hello ", "World!"}, []int{0, 0}, offs(0, 6, 6, 12))
	want.TypeIDs = []uint32{0, 1}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v", a)
	}
	m := MergeEncodings([]*Encoding{enc([]uint32{1}, []string{"Hello "}, []int{0}, offs(0, 6)), b}, false)
	if !reflect.DeepEqual(m.Offsets, offs(0, 6, 0, 6)) || m.Len() != 2 {
		t.Errorf("got %+v", m)
	}
}

func TestTruncate(t *testing.T) {
	a := helloWorld()
	if err := a.Truncate(2, 0, TruncateRight); err != nil {
		t.Fatal(err)
	}
	want := enc([]uint32{1, 2}, []string{"Hello", "World"}, []int{0, 1}, offs(0, 5, 6, 11))
	want.Overflowing = []*Encoding{enc([]uint32{3}, []string{"!"}, []int{2}, offs(11, 12))}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v", a)
	}

	a = helloWorld()
	if err := a.Truncate(0, 0, TruncateRight); err != nil {
		t.Fatal(err)
	}
	if a.Len() != 0 || len(a.Overflowing) != 1 || !reflect.DeepEqual(a.Overflowing[0], helloWorld()) {
		t.Errorf("truncate to empty: %+v", a)
	}

	a = helloWorld()
	if err := a.Truncate(2, 0, TruncateLeft); err != nil {
		t.Fatal(err)
	}
	want = enc([]uint32{2, 3}, []string{"World", "!"}, []int{1, 2}, offs(6, 11, 11, 12))
	want.Overflowing = []*Encoding{enc([]uint32{1}, []string{"Hello"}, []int{0}, offs(0, 5))}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("left: got %+v", a)
	}

	if err := helloWorld().Truncate(2, 2, TruncateRight); err == nil {
		t.Errorf("stride >= max_len should fail")
	}
	if err := helloWorld().Truncate(3, 5, TruncateRight); err != nil {
		t.Errorf("nothing to truncate: %v", err)
	}
}

func TestTruncateOverflowWithStride(t *testing.T) {
	e := enc([]uint32{1, 2, 3, 4, 5}, []string{"42", "is", "the", "answer", "!"}, []int{0, 1, 2, 3, 4},
		offs(0, 2, 2, 4, 4, 7, 7, 13, 13, 14))
	if err := e.Truncate(4, 2, TruncateRight); err != nil {
		t.Fatal(err)
	}
	want := enc([]uint32{1, 2, 3, 4}, []string{"42", "is", "the", "answer"}, []int{0, 1, 2, 3},
		offs(0, 2, 2, 4, 4, 7, 7, 13))
	want.Overflowing = []*Encoding{enc([]uint32{3, 4, 5}, []string{"the", "answer", "!"}, []int{2, 3, 4},
		offs(4, 7, 7, 13, 13, 14))}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got %+v", e)
	}
}

func TestMappings(t *testing.T) {
	e := &Encoding{
		IDs:    make([]uint32, 11),
		Tokens: []string{"He", "llo", "won", "der", "ful", "friend", "!", "How", "are", "you", "?"},
		Offsets: offs(0, 2, 2, 5, 7, 10, 10, 13, 13, 16, 17, 23, 23, 24,
			0, 3, 4, 7, 8, 11, 11, 12),
		WordIDs: []int{0, 0, 1, 1, 1, 2, 3, 0, 1, 2, 3},
	}
	e.SetSequenceRange(0, Offsets{0, 7})
	e.SetSequenceRange(1, Offsets{7, 11})
	wt := func(w, s, a, b int) {
		t.Helper()
		x, y, ok := e.WordToTokens(w, s)
		if !ok || x != a || y != b {
			t.Errorf("WordToTokens(%d,%d) = %d,%d,%v want %d,%d", w, s, x, y, ok, a, b)
		}
	}
	wt(0, 0, 0, 2)
	wt(1, 0, 2, 5)
	wt(2, 0, 5, 6)
	wt(3, 0, 6, 7)
	wt(0, 1, 7, 8)
	wt(1, 1, 8, 9)
	wt(2, 1, 9, 10)
	wt(3, 1, 10, 11)
	for _, tc := range []struct {
		w, s int
		want Offsets
	}{{0, 0, Offsets{0, 5}}, {1, 0, Offsets{7, 16}}, {0, 1, Offsets{0, 3}}, {1, 1, Offsets{4, 7}}} {
		if got, ok := e.WordToChars(tc.w, tc.s); !ok || got != tc.want {
			t.Errorf("WordToChars(%d,%d) = %v %v", tc.w, tc.s, got, ok)
		}
	}
	for _, tc := range []struct {
		tok, seq int
		want     Offsets
	}{{0, 0, Offsets{0, 2}}, {1, 0, Offsets{2, 5}}, {7, 1, Offsets{0, 3}}, {9, 1, Offsets{8, 11}}} {
		if s, o, ok := e.TokenToChars(tc.tok); !ok || s != tc.seq || o != tc.want {
			t.Errorf("TokenToChars(%d) = %d %v %v", tc.tok, s, o, ok)
		}
	}
	for _, tc := range []struct{ tok, seq, word int }{{1, 0, 0}, {2, 0, 1}, {7, 1, 0}, {9, 1, 2}} {
		if s, w, ok := e.TokenToWord(tc.tok); !ok || s != tc.seq || w != tc.word {
			t.Errorf("TokenToWord(%d) = %d %d %v", tc.tok, s, w, ok)
		}
	}
	if _, _, ok := e.TokenToWord(11); ok {
		t.Errorf("TokenToWord(11) should fail")
	}
	for _, tc := range []struct {
		pos, seq, tok int
		ok            bool
	}{{3, 0, 1, true}, {8, 0, 2, true}, {16, 0, 0, false}, {23, 0, 6, true}, {2, 1, 7, true}, {9, 1, 9, true}} {
		if got, ok := e.CharToToken(tc.pos, tc.seq); ok != tc.ok || got != tc.tok {
			t.Errorf("CharToToken(%d,%d) = %d %v", tc.pos, tc.seq, got, ok)
		}
	}
	for _, tc := range []struct {
		pos, seq, word int
		ok             bool
	}{{3, 0, 0, true}, {8, 0, 1, true}, {16, 0, 0, false}, {23, 0, 3, true}, {2, 1, 0, true}, {9, 1, 2, true}} {
		if got, ok := e.CharToWord(tc.pos, tc.seq); ok != tc.ok || got != tc.word {
			t.Errorf("CharToWord(%d,%d) = %d %v", tc.pos, tc.seq, got, ok)
		}
	}
	if got := e.SequenceIDs(); !reflect.DeepEqual(got, []int{0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1}) {
		t.Errorf("SequenceIDs = %v", got)
	}
	if e.NSequences() != 2 {
		t.Errorf("NSequences = %d", e.NSequences())
	}
}

func TestPadding(t *testing.T) {
	a := enc([]uint32{1}, []string{"Hello "}, []int{0}, offs(0, 6))
	a.SetSequenceRange(0, Offsets{0, 1})
	a.Pad(2, 99, 0, "[PAD]", PadLeft)
	if !reflect.DeepEqual(a.SequenceRanges(), map[int]Offsets{0: {1, 2}}) {
		t.Errorf("ranges %v", a.SequenceRanges())
	}
	want := enc([]uint32{99, 1}, []string{"[PAD]", "Hello "}, []int{-1, 0}, offs(0, 0, 0, 6))
	want.SpecialTokensMask = []uint32{1, 0}
	want.AttentionMask = []uint32{0, 1}
	want.SetSequenceRange(0, Offsets{1, 2})
	if !reflect.DeepEqual(a, want) {
		t.Errorf("left: %+v", a)
	}

	// Right padding, also of the overflowing windows (not from the reference's tests:
	// what its pad does).
	b := helloWorld()
	if err := b.Truncate(2, 0, TruncateRight); err != nil {
		t.Fatal(err)
	}
	b.Pad(3, 0, 5, "<pad>", PadRight)
	if b.Len() != 3 || b.Overflowing[0].Len() != 3 || b.Overflowing[0].Tokens[2] != "<pad>" ||
		b.Overflowing[0].TypeIDs[1] != 5 || b.WordIDs[2] != -1 || b.AttentionMask[2] != 0 {
		t.Errorf("right: %+v %+v", b, b.Overflowing[0])
	}
}

func TestMergeOverflowing(t *testing.T) {
	// The cross product of overflowings: a=[1 2 | 3], b=[4 | 5].
	a := enc([]uint32{1, 2, 3}, []string{"a", "b", "c"}, []int{0, 1, 2}, offs(0, 1, 1, 2, 2, 3))
	b := enc([]uint32{4, 5}, []string{"d", "e"}, []int{0, 1}, offs(0, 1, 1, 2))
	_ = a.Truncate(2, 0, TruncateRight)
	_ = b.Truncate(1, 0, TruncateRight)
	a.MergeWith(b, false)
	var got [][]uint32
	for _, o := range a.Overflowing {
		got = append(got, o.IDs)
	}
	// a's window [3] with b ([4], overflowing [5]), [3] with [5], then a ([1 2], with
	// its own window) with [5].
	want := [][]uint32{{3, 4}, {3, 5}, {1, 2, 5}}
	if !reflect.DeepEqual(a.IDs, []uint32{1, 2, 4}) || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v %v", a.IDs, got)
	}
	if len(a.Overflowing[0].Overflowing) != 1 || !reflect.DeepEqual(a.Overflowing[0].Overflowing[0].IDs, []uint32{3, 5}) {
		t.Errorf("nested: %+v", a.Overflowing[0].Overflowing)
	}
	if len(a.Overflowing[2].Overflowing) != 1 || !reflect.DeepEqual(a.Overflowing[2].Overflowing[0].IDs, []uint32{3, 5}) {
		t.Errorf("nested: %+v", a.Overflowing[2].Overflowing)
	}
}

func TestDirectionsJSON(t *testing.T) {
	var v struct {
		T TruncationDirection
		P PaddingDirection
	}
	if err := json.Unmarshal([]byte(`{"T":"Left","P":"Left"}`), &v); err != nil || v.T != TruncateLeft || v.P != PadLeft {
		t.Fatalf("%v %+v", err, v)
	}
	b, _ := json.Marshal(struct {
		T TruncationDirection
		P PaddingDirection
	}{})
	if string(b) != `{"T":"Right","P":"Right"}` {
		t.Errorf("got %s", b)
	}
	if err := json.Unmarshal([]byte(`{"T":"left"}`), &v); err == nil {
		t.Errorf("lowercase should fail")
	}
}

// letters is the encoding the tokenizer of testdata/gen_encoding_ops.js gives for
// s: one token per space-separated letter (a single sequence gets no sequence range
// from the reference's default post-processing).
func letters(s string) *Encoding {
	var toks []Token
	for i := 0; i < len(s); i += 2 {
		toks = append(toks, Token{ID: uint32(s[i] - 'a'), Value: s[i : i+1], Offsets: Offsets{i, i + 1}})
	}
	e := FromTokens(toks, 0)
	for i := range e.WordIDs {
		e.WordIDs[i] = i
	}
	return e
}

type encodingDump struct {
	IDs               []uint32       `json:"ids"`
	TypeIDs           []uint32       `json:"type_ids"`
	Tokens            []string       `json:"tokens"`
	Offsets           [][2]int       `json:"offsets"`
	WordIDs           []int          `json:"word_ids"`
	SpecialTokensMask []uint32       `json:"special_tokens_mask"`
	AttentionMask     []uint32       `json:"attention_mask"`
	SequenceIDs       []int          `json:"sequence_ids"`
	Overflowing       []encodingDump `json:"overflowing"`
}

func dumpEncoding(e *Encoding) encodingDump {
	d := encodingDump{
		IDs: append([]uint32{}, e.IDs...), TypeIDs: append([]uint32{}, e.TypeIDs...),
		Tokens: append([]string{}, e.Tokens...), Offsets: [][2]int{},
		WordIDs: append([]int{}, e.WordIDs...), SpecialTokensMask: append([]uint32{}, e.SpecialTokensMask...),
		AttentionMask: append([]uint32{}, e.AttentionMask...), SequenceIDs: e.SequenceIDs(),
		Overflowing: []encodingDump{},
	}
	for _, o := range e.Offsets {
		d.Offsets = append(d.Offsets, [2]int{o.Start, o.End})
	}
	for _, o := range e.Overflowing {
		d.Overflowing = append(d.Overflowing, dumpEncoding(o))
	}
	return d
}

func direction(s string) TruncationDirection {
	if s == "left" {
		return TruncateLeft
	}
	return TruncateRight
}

// TestEncodingOpsGolden compares Truncate, MergeEncodings and Pad with the reference
// (testdata/encoding_ops.json, made by testdata/gen_encoding_ops.js).
func TestEncodingOpsGolden(t *testing.T) {
	b, err := os.ReadFile("testdata/encoding_ops.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Truncate []struct {
			Text        string
			Max, Stride int
			Dir         string
			Got         encodingDump
		}
		Merge []struct {
			A, B         string
			At, Bt       []any
			Grow         bool
			Merged       encodingDump
			PaddedLeftJ  encodingDump `json:"padded_left"`
			PaddedRightJ encodingDump `json:"padded_right"`
		}
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Truncate) == 0 || len(g.Merge) == 0 {
		t.Fatal("empty golden file")
	}
	for _, tc := range g.Truncate {
		e := letters(tc.Text)
		if err := e.Truncate(tc.Max, tc.Stride, direction(tc.Dir)); err != nil {
			t.Fatal(err)
		}
		if got := dumpEncoding(e); !reflect.DeepEqual(got, tc.Got) {
			t.Errorf("truncate(%d,%d,%s): got %+v, want %+v", tc.Max, tc.Stride, tc.Dir, got, tc.Got)
		}
	}
	trunc := func(e *Encoding, p []any) {
		if p == nil {
			return
		}
		if err := e.Truncate(int(p[0].(float64)), int(p[1].(float64)), direction(p[2].(string))); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range g.Merge {
		a, b := letters(tc.A), letters(tc.B)
		trunc(a, tc.At)
		trunc(b, tc.Bt)
		m := MergeEncodings([]*Encoding{a, b}, tc.Grow)
		if got := dumpEncoding(m); !reflect.DeepEqual(got, tc.Merged) {
			t.Errorf("merge %q %q: got %+v, want %+v", tc.A, tc.B, got, tc.Merged)
		}
		m.Pad(7, 9, 2, "<p>", PadLeft)
		if got := dumpEncoding(m); !reflect.DeepEqual(got, tc.PaddedLeftJ) {
			t.Errorf("pad left %q %q: got %+v, want %+v", tc.A, tc.B, got, tc.PaddedLeftJ)
		}
		m.Pad(9, 8, 3, "<q>", PadRight)
		if got := dumpEncoding(m); !reflect.DeepEqual(got, tc.PaddedRightJ) {
			t.Errorf("pad right %q %q: got %+v, want %+v", tc.A, tc.B, got, tc.PaddedRightJ)
		}
	}
}
