package tokenizer

import (
	"encoding/json"
	"math/rand"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// Expected values in this file are those of the reference's unit tests
// (tokenizers/src/tokenizer/normalizer.rs and pattern.rs), unless noted.

func offs(pairs ...int) []Offsets {
	out := make([]Offsets, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Offsets{pairs[i], pairs[i+1]})
	}
	return out
}

// materialized returns s with an explicit identity alignment table, so that tests can
// check that the nil (identity) representation behaves the same.
func materialized(s string) NormalizedString {
	n, err := NewNormalizedStringFrom(s, s, identityAlignments(s), 0)
	if err != nil {
		panic(err)
	}
	return n
}

// both runs f on the identity and on the materialized form of s.
func both(t *testing.T, s string, f func(t *testing.T, n NormalizedString)) {
	t.Helper()
	t.Run("nil", func(t *testing.T) { f(t, NewNormalizedString(s)) })
	t.Run("table", func(t *testing.T) { f(t, materialized(s)) })
}

func checkAlign(t *testing.T, n *NormalizedString, want []Offsets) {
	t.Helper()
	if got := n.Alignments(); !reflect.DeepEqual(got, want) {
		t.Errorf("alignments of %q = %v, want %v", n.Normalized(), got, want)
	}
}

// rangeOriginal is the reference's get_range_original(Range::Normalized(r)).
func rangeOriginal(n *NormalizedString, r Offsets) (string, bool) {
	o, ok := n.ConvertOffsets(Normalized, r)
	if !ok || o.Start < 0 || o.End > len(n.original) || o.Start > o.End {
		return "", false
	}
	return n.original[o.Start:o.End], true
}

// rangeNormalizedFromOriginal is the reference's get_range(Range::Original(r)).
func rangeNormalizedFromOriginal(n *NormalizedString, r Offsets) (string, bool) {
	o, ok := n.ConvertOffsets(Original, r)
	if !ok || o.End > len(n.normalized) || o.Start > o.End {
		return "", false
	}
	return n.normalized[o.Start:o.End], true
}

// nfdElegant is the transformation the reference's nfd() applies to "élégant".
var nfdElegant = []Change{{'e', 0}, {'\u0301', 1}, {'l', 0}, {'e', 0}, {'\u0301', 1}, {'g', 0}, {'a', 0}, {'n', 0}, {'t', 0}}

func TestNFDAddsNewChars(t *testing.T) {
	both(t, "élégant", func(t *testing.T, n NormalizedString) {
		n.Transform(nfdElegant, 0)
		checkAlign(t, &n, offs(0, 2, 0, 2, 0, 2, 2, 3, 3, 5, 3, 5, 3, 5, 5, 6, 6, 7, 7, 8, 8, 9))
	})
}

func TestRemoveCharsAddedByNFD(t *testing.T) {
	both(t, "élégant", func(t *testing.T, n NormalizedString) {
		n.Transform(nfdElegant, 0)
		n.Filter(func(c rune) bool { return !unicode.Is(unicode.Mn, c) })
		if n.Normalized() != "elegant" {
			t.Fatalf("got %q", n.Normalized())
		}
		checkAlign(t, &n, offs(0, 2, 2, 3, 3, 5, 5, 6, 6, 7, 7, 8, 8, 9))
	})
}

func TestRemoveChars(t *testing.T) {
	both(t, "élégant", func(t *testing.T, n NormalizedString) {
		n.Filter(func(c rune) bool { return c != 'n' })
		if n.Normalized() != "élégat" {
			t.Fatalf("got %q", n.Normalized())
		}
		checkAlign(t, &n, offs(0, 2, 0, 2, 2, 3, 3, 5, 3, 5, 5, 6, 6, 7, 8, 9))
	})
}

func TestMixedAdditionAndRemoval(t *testing.T) {
	both(t, "élégant", func(t *testing.T, n NormalizedString) {
		n.Transform(nfdElegant, 0)
		n.Filter(func(c rune) bool { return !unicode.Is(unicode.Mn, c) && c != 'n' })
		if n.Normalized() != "elegat" {
			t.Fatalf("got %q", n.Normalized())
		}
		checkAlign(t, &n, offs(0, 2, 2, 3, 3, 5, 5, 6, 6, 7, 8, 9))
	})
}

func TestRangeConversion(t *testing.T) {
	both(t, "    __Hello__   ", func(t *testing.T, n NormalizedString) {
		n.Filter(func(c rune) bool { return !unicode.IsSpace(c) })
		n.Lowercase()
		helloN, ok := n.ConvertOffsets(Original, Offsets{6, 11})
		if !ok || helloN != (Offsets{2, 7}) {
			t.Fatalf("convert = %v %v", helloN, ok)
		}
		if got := n.Normalized()[helloN.Start:helloN.End]; got != "hello" {
			t.Errorf("got %q", got)
		}
		if got, _ := rangeOriginal(&n, helloN); got != "Hello" {
			t.Errorf("got %q", got)
		}
		if got, _ := rangeNormalizedFromOriginal(&n, Offsets{6, 11}); got != "hello" {
			t.Errorf("got %q", got)
		}
		for _, tc := range []struct {
			ref  OffsetReferential
			in   Offsets
			want Offsets
			ok   bool
		}{
			{Original, Offsets{0, 0}, Offsets{0, 0}, true},
			{Original, Offsets{3, 3}, Offsets{3, 3}, true},
			{Original, Offsets{15, 16}, Offsets{9, 9}, true},
			{Original, Offsets{16, 16}, Offsets{16, 16}, true},
			{Original, Offsets{17, 16}, Offsets{}, false},
			{Normalized, Offsets{0, 0}, Offsets{0, 0}, true},
			{Normalized, Offsets{3, 3}, Offsets{3, 3}, true},
			{Normalized, Offsets{9, 9}, Offsets{9, 9}, true},
			{Normalized, Offsets{10, 9}, Offsets{}, false},
		} {
			got, ok := n.ConvertOffsets(tc.ref, tc.in)
			if ok != tc.ok || (ok && got != tc.want) {
				t.Errorf("ConvertOffsets(%v, %v) = %v %v, want %v %v", tc.ref, tc.in, got, ok, tc.want, tc.ok)
			}
		}
	})
}

func TestOriginalRange(t *testing.T) {
	both(t, "Hello_______ World!", func(t *testing.T, n NormalizedString) {
		n.Filter(func(c rune) bool { return c != '_' })
		n.Lowercase()
		if got := n.Normalized()[6:11]; got != "world" {
			t.Errorf("got %q", got)
		}
		if got, _ := rangeOriginal(&n, Offsets{6, 11}); got != "World" {
			t.Errorf("got %q", got)
		}
		o, _ := n.ConvertOffsets(Normalized, Offsets{6, 11})
		if o != (Offsets{13, 18}) {
			t.Errorf("got %v", o)
		}
		if got, _ := rangeNormalizedFromOriginal(&n, o); got != "world" {
			t.Errorf("got %q", got)
		}
	})
}

func TestAddedAroundEdges(t *testing.T) {
	both(t, "Hello", func(t *testing.T, n NormalizedString) {
		n.Transform([]Change{{' ', 1}, {'H', 0}, {'e', 0}, {'l', 0}, {'l', 0}, {'o', 0}, {' ', 1}}, 0)
		if n.Normalized() != " Hello " {
			t.Fatalf("got %q", n.Normalized())
		}
		if got, _ := rangeOriginal(&n, Offsets{1, n.Len() - 1}); got != "Hello" {
			t.Errorf("got %q", got)
		}
	})
}

func TestAddedCharactersAlignment(t *testing.T) {
	both(t, "野口 No", func(t *testing.T, n NormalizedString) {
		var ch []Change
		for _, c := range n.Normalized() {
			if c > 0x4E00 {
				ch = append(ch, Change{' ', 0}, Change{c, 1}, Change{' ', 1})
			} else {
				ch = append(ch, Change{c, 0})
			}
		}
		n.Transform(ch, 0)
		if n.Normalized() != " 野  口  No" {
			t.Fatalf("got %q", n.Normalized())
		}
		checkAlign(t, &n, offs(0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 3, 6, 3, 6, 3, 6, 3, 6, 3, 6, 6, 7, 7, 8, 8, 9))
	})
}

func TestRemoveAtEdges(t *testing.T) {
	notSpace := func(c rune) bool { return !unicode.IsSpace(c) }
	both(t, "     Hello", func(t *testing.T, n NormalizedString) {
		n.Filter(notSpace)
		if got, _ := rangeOriginal(&n, Offsets{1, 5}); got != "ello" {
			t.Errorf("got %q", got)
		}
		if got, _ := rangeOriginal(&n, Offsets{0, n.Len()}); got != "Hello" {
			t.Errorf("got %q", got)
		}
	})
	both(t, "Hello    ", func(t *testing.T, n NormalizedString) {
		n.Filter(notSpace)
		if got, _ := rangeOriginal(&n, Offsets{0, 4}); got != "Hell" {
			t.Errorf("got %q", got)
		}
		if got, _ := rangeOriginal(&n, Offsets{0, n.Len()}); got != "Hello" {
			t.Errorf("got %q", got)
		}
	})
	both(t, "  Hello  ", func(t *testing.T, n NormalizedString) {
		n.Filter(notSpace)
		if n.Normalized() != "Hello" {
			t.Fatalf("got %q", n.Normalized())
		}
		if got, _ := rangeOriginal(&n, Offsets{0, 5}); got != "Hello" {
			t.Errorf("got %q", got)
		}
		if got, _ := rangeOriginal(&n, Offsets{1, 4}); got != "ell" {
			t.Errorf("got %q", got)
		}
	})
}

func TestStrip(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		f        func(*NormalizedString)
	}{
		{"  This is an example  ", "This is an example  ", (*NormalizedString).LStrip},
		{"  This is an example  ", "  This is an example", (*NormalizedString).RStrip},
		{"  This is an example  ", "This is an example", (*NormalizedString).Strip},
		{"  你好asa \n", "你好asa", (*NormalizedString).Strip},
		{"   ", "", (*NormalizedString).Strip},
		{"   ", "", (*NormalizedString).RStrip},
		{"abc", "abc", (*NormalizedString).Strip},
	} {
		both(t, tc.in, func(t *testing.T, n NormalizedString) {
			tc.f(&n)
			if n.Normalized() != tc.want {
				t.Fatalf("%q: got %q, want %q", tc.in, n.Normalized(), tc.want)
			}
			if got, _ := rangeOriginal(&n, Offsets{0, n.Len()}); got != tc.want {
				t.Errorf("%q: original range %q", tc.in, got)
			}
		})
	}
}

func TestPrependAppend(t *testing.T) {
	both(t, "there", func(t *testing.T, n NormalizedString) {
		n.Prepend("Hey ")
		if n.Normalized() != "Hey there" {
			t.Fatalf("got %q", n.Normalized())
		}
		checkAlign(t, &n, offs(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5))
		if o, _ := n.ConvertOffsets(Normalized, Offsets{0, 4}); o != (Offsets{0, 1}) {
			t.Errorf("got %v", o)
		}
	})
	both(t, "Hey", func(t *testing.T, n NormalizedString) {
		n.Append(" there")
		if n.Normalized() != "Hey there" {
			t.Fatalf("got %q", n.Normalized())
		}
		checkAlign(t, &n, offs(0, 1, 1, 2, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3))
		if o, _ := n.ConvertOffsets(Normalized, Offsets{3, 9}); o != (Offsets{2, 3}) {
			t.Errorf("got %v", o)
		}
	})
	// Prepend on an empty text does nothing.
	n := NewNormalizedString("")
	n.Prepend("x")
	if n.Normalized() != "" {
		t.Errorf("got %q", n.Normalized())
	}
}

func TestAppendAfterClear(t *testing.T) {
	both(t, "Hello", func(t *testing.T, n NormalizedString) {
		if got := n.Clear(); got != 5 {
			t.Errorf("Clear = %d", got)
		}
		if n.Normalized() != "" {
			t.Fatalf("got %q", n.Normalized())
		}
		n.Append(" World")
		if n.Normalized() != " World" || n.LenOriginal() != 5 || n.Len() != 6 {
			t.Fatalf("got %q", n.Normalized())
		}
		if got, ok := rangeOriginal(&n, Offsets{0, 6}); !ok || got != "" {
			t.Errorf("got %q %v", got, ok)
		}
	})
}

func TestSlice(t *testing.T) {
	// The reference's nfkc() of "𝔾𝕠𝕠𝕕 𝕞𝕠𝕣𝕟𝕚𝕟𝕘": every character is replaced by its
	// ASCII letter.
	s := NewNormalizedString("𝔾𝕠𝕠𝕕 𝕞𝕠𝕣𝕟𝕚𝕟𝕘")
	var ch []Change
	for _, c := range "Good morning" {
		ch = append(ch, Change{c, 0})
	}
	s.Transform(ch, 0)
	if s.Normalized() != "Good morning" {
		t.Fatalf("got %q", s.Normalized())
	}
	o, ok := s.Slice(Original, Offsets{0, 4})
	if !ok || o.Normalized() != "G" || o.Original() != "𝔾" {
		t.Errorf("slice original = %q %q %v", o.Normalized(), o.Original(), ok)
	}
	o, ok = s.Slice(Normalized, Offsets{0, 4})
	if !ok || o.Normalized() != "Good" || o.Original() != "𝔾𝕠𝕠𝕕" {
		t.Errorf("slice normalized = %q %q %v", o.Normalized(), o.Original(), ok)
	}
	if _, ok := s.Slice(Original, Offsets{0, 3}); ok {
		t.Errorf("slice off a character boundary should fail")
	}

	both(t, "   Good Morning!   ", func(t *testing.T, s NormalizedString) {
		s.Strip()
		for _, tc := range []struct {
			ref  OffsetReferential
			r    Offsets
			sub  Offsets
			want string
		}{
			{Original, Offsets{0, 19}, Offsets{0, 4}, "Good"},
			{Normalized, Offsets{0, s.Len()}, Offsets{0, 4}, "Good"},
			{Original, Offsets{4, 15}, Offsets{0, 3}, "ood"},
			{Original, Offsets{3, 16}, Offsets{0, 4}, "Good"},
		} {
			sl, ok := s.Slice(tc.ref, tc.r)
			if !ok {
				t.Fatalf("slice %v failed", tc.r)
			}
			if got, _ := rangeOriginal(&sl, tc.sub); got != tc.want {
				t.Errorf("slice %v: got %q, want %q", tc.r, got, tc.want)
			}
		}
	})
}

func TestSliceShift(t *testing.T) {
	both(t, "Hello friend", func(t *testing.T, s NormalizedString) {
		s.Uppercase()
		sl, ok := s.Slice(Normalized, Offsets{6, 12})
		if !ok || sl.Normalized() != "FRIEND" || sl.Original() != "friend" || sl.OffsetsOriginal() != (Offsets{6, 12}) {
			t.Fatalf("got %q %q %v", sl.Normalized(), sl.Original(), sl.OffsetsOriginal())
		}
		sub, ok := sl.Slice(Original, Offsets{1, 3})
		if !ok || sub.Normalized() != "RI" || sub.OffsetsOriginal() != (Offsets{7, 9}) {
			t.Fatalf("got %q %v", sub.Normalized(), sub.OffsetsOriginal())
		}
	})
}

func TestReplace(t *testing.T) {
	for _, tc := range []struct {
		in      string
		p       Pattern
		content string
		want    string
	}{
		{" Hello   friend ", RunePattern(' '), "_", "_Hello___friend_"},
		{"aaaab", RunePattern('a'), "b", "bbbbb"},
		{"aaaab", StringPattern("aaa"), "b", "bab"},
		{" Hello   friend ", FuncPattern(unicode.IsSpace), "_", "_Hello___friend_"},
	} {
		both(t, tc.in, func(t *testing.T, n NormalizedString) {
			if err := n.Replace(tc.p, tc.content); err != nil {
				t.Fatal(err)
			}
			if n.Normalized() != tc.want {
				t.Errorf("got %q, want %q", n.Normalized(), tc.want)
			}
		})
	}
	// Alignments: the content aligns with the last byte of the match.
	both(t, "a bc", func(t *testing.T, n NormalizedString) {
		if err := n.Replace(StringPattern(" b"), "▁"); err != nil {
			t.Fatal(err)
		}
		if n.Normalized() != "a▁c" {
			t.Fatalf("got %q", n.Normalized())
		}
		checkAlign(t, &n, offs(0, 1, 2, 3, 2, 3, 2, 3, 3, 4))
	})
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		b    SplitDelimiterBehavior
		want []string
	}{
		{Removed, []string{"The", "final", "countdown"}},
		{Isolated, []string{"The", "-", "final", "-", "-", "countdown"}},
		{MergedWithPrevious, []string{"The-", "final-", "-", "countdown"}},
		{MergedWithNext, []string{"The", "-final", "-", "-countdown"}},
		{Contiguous, []string{"The", "-", "final", "--", "countdown"}},
	} {
		both(t, "The-final--countdown", func(t *testing.T, n NormalizedString) {
			parts, err := n.Split(RunePattern('-'), tc.b)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range parts {
				got = append(got, p.Normalized())
				if p.Original() != p.Normalized() || n.Original()[p.shift:p.shift+p.LenOriginal()] != p.Original() {
					t.Errorf("bad piece %+v", p)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%v: got %q, want %q", tc.b, got, tc.want)
			}
		})
	}
}

func TestTransformRangeSingleBytes(t *testing.T) {
	const s = "Hello friend"
	for _, tc := range []struct {
		name    string
		r       Offsets
		changes []Change
		initial int
		want    string
		align   []Offsets
	}{
		{"remove at beginning", Offsets{0, 4}, []Change{{'Y', 0}}, 3, "Yo friend",
			offs(3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12)},
		{"remove in the middle", Offsets{3, 10}, []Change{{'_', 0}, {'F', 0}, {'R', -2}}, 2, "Hel_FRnd",
			offs(0, 1, 1, 2, 2, 3, 5, 6, 6, 7, 7, 8, 10, 11, 11, 12)},
		{"remove at end", Offsets{5, 12}, []Change{{'_', 0}, {'F', -5}}, 0, "Hello_F",
			offs(0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7)},
		{"add at beginning", Offsets{0, 1}, []Change{{'H', 1}, {'H', 0}}, 0, "HHello friend",
			offs(0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12)},
		{"add at beginning (empty range)", Offsets{0, 0}, []Change{{'H', 1}}, 0, "HHello friend",
			offs(0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12)},
		{"add as part of the first character", Offsets{0, 1}, []Change{{'H', 0}, {'H', 1}}, 0, "HHello friend",
			offs(0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12)},
		{"add in the middle", Offsets{5, 6}, []Change{{'_', 0}, {'m', 1}, {'y', 1}, {'_', 1}}, 0, "Hello_my_friend",
			offs(0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 5, 6, 5, 6, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12)},
		{"add at end", Offsets{11, 12}, []Change{{'d', 0}, {'_', 1}, {'!', 1}}, 0, "Hello friend_!",
			offs(0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 11, 12, 11, 12)},
	} {
		both(t, s, func(t *testing.T, n NormalizedString) {
			n.TransformRange(Original, tc.r, tc.changes, tc.initial)
			if n.Normalized() != tc.want {
				t.Fatalf("%s: got %q, want %q", tc.name, n.Normalized(), tc.want)
			}
			checkAlign(t, &n, tc.align)
		})
	}
}

func TestTransformRangeMultipleBytes(t *testing.T) {
	const s = "𝔾𝕠𝕠𝕕"
	rep := func(a, b, k int) []int {
		var out []int
		for range k {
			out = append(out, a, b)
		}
		return out
	}
	cat := func(parts ...[]int) []Offsets {
		var all []int
		for _, p := range parts {
			all = append(all, p...)
		}
		return offs(all...)
	}
	for _, tc := range []struct {
		name    string
		r       Offsets
		changes []Change
		want    string
		align   []Offsets
		checks  map[Offsets]string // get_range(Range::Original(k)) == v
	}{
		{"remove at beginning", Offsets{0, 8}, []Change{{'G', -1}}, "G𝕠𝕕",
			cat([]int{0, 4}, rep(8, 12, 4), rep(12, 16, 4)),
			map[Offsets]string{{0, 8}: "G", {0, 4}: "G"}},
		{"remove in the middle", Offsets{4, 12}, []Change{{'o', -1}}, "𝔾o𝕕",
			cat(rep(0, 4, 4), []int{4, 8}, rep(12, 16, 4)), nil},
		{"remove at end", Offsets{12, 16}, []Change{{'d', 0}, {'!', 1}}, "𝔾𝕠𝕠d!",
			cat(rep(0, 4, 4), rep(4, 8, 4), rep(8, 12, 4), rep(12, 16, 2)), nil},
		{"add at beginning", Offsets{0, 4}, []Change{{'_', 1}, {'𝔾', 0}}, "_𝔾𝕠𝕠𝕕",
			cat([]int{0, 0}, rep(0, 4, 4), rep(4, 8, 4), rep(8, 12, 4), rep(12, 16, 4)),
			map[Offsets]string{{0, 8}: "𝔾𝕠", {0, 4}: "𝔾"}},
		{"add at beginning (empty range)", Offsets{0, 0}, []Change{{'_', 1}}, "_𝔾𝕠𝕠𝕕",
			cat([]int{0, 0}, rep(0, 4, 4), rep(4, 8, 4), rep(8, 12, 4), rep(12, 16, 4)),
			map[Offsets]string{{0, 8}: "𝔾𝕠", {0, 4}: "𝔾"}},
		{"add as part of the first character", Offsets{0, 4}, []Change{{'𝔾', 0}, {'o', 1}}, "𝔾o𝕠𝕠𝕕",
			cat(rep(0, 4, 5), rep(4, 8, 4), rep(8, 12, 4), rep(12, 16, 4)),
			map[Offsets]string{{0, 8}: "𝔾o𝕠", {0, 4}: "𝔾o"}},
		{"add in the middle", Offsets{4, 8}, []Change{{'𝕠', 0}, {'o', 1}, {'o', 1}, {'o', 1}}, "𝔾𝕠ooo𝕠𝕕",
			cat(rep(0, 4, 4), rep(4, 8, 7), rep(8, 12, 4), rep(12, 16, 4)), nil},
		{"add at end", Offsets{16, 16}, []Change{{'!', 1}}, "𝔾𝕠𝕠𝕕!",
			cat(rep(0, 4, 4), rep(4, 8, 4), rep(8, 12, 4), rep(12, 16, 5)), nil},
	} {
		both(t, s, func(t *testing.T, n NormalizedString) {
			n.TransformRange(Original, tc.r, tc.changes, 0)
			if n.Normalized() != tc.want {
				t.Fatalf("%s: got %q, want %q", tc.name, n.Normalized(), tc.want)
			}
			checkAlign(t, &n, tc.align)
			for r, want := range tc.checks {
				if got, _ := rangeNormalizedFromOriginal(&n, r); got != want {
					t.Errorf("%s: get_range(%v) = %q, want %q", tc.name, r, got, want)
				}
			}
		})
	}
}

func TestTransformCheck(t *testing.T) {
	// nfkd("abc…") = "abc..." (each '.' aligned with '…').
	s := NewNormalizedString("abc…")
	s.Transform([]Change{{'a', 0}, {'b', 0}, {'c', 0}, {'.', 0}, {'.', 1}, {'.', 1}}, 0)
	s.Transform([]Change{{'a', -2}, {'.', 0}, {'.', 0}, {'.', 0}}, 0)
	s.Lowercase()
	if s.Normalized() != "a..." {
		t.Errorf("got %q", s.Normalized())
	}
}

func TestCase(t *testing.T) {
	for _, tc := range []struct {
		in, lower, upper string
	}{
		{"Hello WORLD", "hello world", "HELLO WORLD"},
		{"İstanbul", "i\u0307stanbul", "İSTANBUL"},
		{"straße", "straße", "STRASSE"},
		{"ΣΑΣ σας", "σασ σας", "ΣΑΣ ΣΑΣ"}, // no final sigma rule
		{"ﬁ ŉ ǰ ᾳ", "ﬁ ŉ ǰ ᾳ", "FI ʼN J̌ ΑΙ"},
		{"ǅ Ⅻ Ⓐ", "ǆ ⅻ ⓐ", "Ǆ Ⅻ Ⓐ"},
	} {
		both(t, tc.in, func(t *testing.T, n NormalizedString) {
			m := n
			n.Lowercase()
			if n.Normalized() != tc.lower {
				t.Errorf("lower(%q) = %q, want %q", tc.in, n.Normalized(), tc.lower)
			}
			m.Uppercase()
			if m.Normalized() != tc.upper {
				t.Errorf("upper(%q) = %q, want %q", tc.in, m.Normalized(), tc.upper)
			}
		})
	}
	n := NewNormalizedString("İ")
	n.Lowercase()
	checkAlign(t, &n, offs(0, 2, 0, 2, 0, 2))
	// A same-size one-character replacement keeps the identity.
	n = NewNormalizedString("a\tb é")
	if err := n.Replace(RunePattern('\t'), " "); err != nil || !n.IsIdentity() || n.Normalized() != "a b é" {
		t.Errorf("got %q identity=%v", n.Normalized(), n.IsIdentity())
	}
	// An ASCII lowercasing keeps the identity.
	n = NewNormalizedString("ABC déf")
	n.Lowercase()
	if !n.IsIdentity() || n.Normalized() != "abc déf" {
		t.Errorf("got %q identity=%v", n.Normalized(), n.IsIdentity())
	}
}

func TestSpecialCaseTables(t *testing.T) {
	specialCaseOnce.Do(buildSpecialCase)
	// SpecialCasing.txt (Unicode 15) has one unconditional multi-character lowercase
	// mapping and 102 uppercase ones.
	if len(specialLowerMap) != 1 || specialLowerMap['İ'] != "i\u0307" {
		t.Errorf("lower specials = %q", specialLowerMap)
	}
	if len(specialUpperMap) != 102 {
		t.Errorf("%d upper specials", len(specialUpperMap))
	}
}

func TestPatterns(t *testing.T) {
	m := func(ts ...any) []Match {
		var out []Match
		for i := 0; i+2 < len(ts)+1; i += 3 {
			out = append(out, Match{ts[i].(int), ts[i+1].(int), ts[i+2].(bool)})
		}
		return out
	}
	isB := FuncPattern(func(c rune) bool { return c == 'b' })
	for _, tc := range []struct {
		s    string
		p    Pattern
		want []Match
	}{
		{"aba", RunePattern('a'), m(0, 1, true, 1, 2, false, 2, 3, true)},
		{"bbbba", RunePattern('a'), m(0, 4, false, 4, 5, true)},
		{"aabbb", RunePattern('a'), m(0, 1, true, 1, 2, true, 2, 5, false)},
		{"", RunePattern('a'), m(0, 0, false)},
		{"aaa", RunePattern('b'), m(0, 3, false)},
		{"aba", StringPattern("a"), m(0, 1, true, 1, 2, false, 2, 3, true)},
		{"bbbba", StringPattern("a"), m(0, 4, false, 4, 5, true)},
		{"aabbb", StringPattern("a"), m(0, 1, true, 1, 2, true, 2, 5, false)},
		{"aabbb", StringPattern("ab"), m(0, 1, false, 1, 3, true, 3, 5, false)},
		{"aabbab", StringPattern("ab"), m(0, 1, false, 1, 3, true, 3, 4, false, 4, 6, true)},
		{"", StringPattern(""), m(0, 0, false)},
		{"aaa", StringPattern(""), m(0, 3, false)},
		{"aaa", StringPattern("b"), m(0, 3, false)},
		{"aba", isB, m(0, 1, false, 1, 2, true, 2, 3, false)},
		{"aaaab", isB, m(0, 4, false, 4, 5, true)},
		{"bbaaa", isB, m(0, 1, true, 1, 2, true, 2, 5, false)},
		{"", isB, m(0, 0, false)},
		{"aaa", isB, m(0, 3, false)},
		{"𝔾𝕠𝕠𝕕 𝕞𝕠𝕣𝕟𝕚𝕟𝕘", FuncPattern(unicode.IsSpace), m(0, 16, false, 16, 17, true, 17, 45, false)},
		{"é-é", RunePattern('é'), m(0, 2, true, 2, 3, false, 3, 5, true)},
	} {
		got, err := tc.p.FindMatches(tc.s)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q %v: got %v %v, want %v", tc.s, tc.p, got, err, tc.want)
		}
		inv, _ := Invert(tc.p).FindMatches(tc.s)
		for i := range inv {
			inv[i].IsMatch = !inv[i].IsMatch
		}
		if !reflect.DeepEqual(inv, tc.want) {
			t.Errorf("Invert %q: got %v", tc.s, inv)
		}
	}
}

// TestIdentityEquivalence checks that the nil (identity) representation gives the
// same results as an explicit table, on random operations.
func TestIdentityEquivalence(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{"a", "B", " ", "é", "İ", "ß", "野", "𝔾", "\n", "-"}
	for iter := 0; iter < 500; iter++ {
		var sb strings.Builder
		for k := rng.Intn(8); k > 0; k-- {
			sb.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		s := sb.String()
		a, b := NewNormalizedString(s), materialized(s)
		op := rng.Intn(9)
		for _, n := range []*NormalizedString{&a, &b} {
			switch op {
			case 0:
				n.Lowercase()
			case 1:
				n.Uppercase()
			case 2:
				n.Strip()
			case 3:
				n.Filter(func(c rune) bool { return c != ' ' })
			case 4:
				_ = n.Replace(RunePattern('-'), "__")
			case 5:
				n.Map(func(c rune) rune {
					if c == 'a' {
						return 'b'
					}
					return c
				})
			case 6:
				n.Append("!")
			case 7:
				_ = n.Replace(RunePattern('-'), "+")
			case 8:
				_ = n.Replace(RunePattern('é'), "ü")
			}
		}
		if a.Normalized() != b.Normalized() || !reflect.DeepEqual(a.Alignments(), b.Alignments()) {
			t.Fatalf("op %d on %q: %q %v vs %q %v", op, s, a.Normalized(), a.Alignments(), b.Normalized(), b.Alignments())
		}
		for st := 0; st <= len(s)+1; st++ {
			for en := st; en <= len(s)+1; en++ {
				for _, ref := range []OffsetReferential{Original, Normalized} {
					r := Offsets{st, en}
					x, okx := a.ConvertOffsets(ref, r)
					y, oky := b.ConvertOffsets(ref, r)
					if x != y || okx != oky {
						t.Fatalf("op %d on %q: ConvertOffsets(%v,%v) %v %v vs %v %v", op, s, ref, r, x, okx, y, oky)
					}
					sa, oka := a.Slice(ref, r)
					sb, okb := b.Slice(ref, r)
					if oka != okb || sa.Normalized() != sb.Normalized() || sa.Original() != sb.Original() ||
						sa.shift != sb.shift || !reflect.DeepEqual(sa.Alignments(), sb.Alignments()) {
						t.Fatalf("op %d on %q: Slice(%v,%v) differ: %+v %v / %+v %v", op, s, ref, r, sa, oka, sb, okb)
					}
				}
			}
		}
	}
}

// TestLowercaseAllRunes compares RustToLower with the reference's lowercasing of
// every code point (testdata/rust_lowercase.json, made by testdata/gen_lowercase.js).
func TestLowercaseAllRunes(t *testing.T) {
	b, err := os.ReadFile("testdata/rust_lowercase.json")
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]any
	if err := json.Unmarshal(b, &pairs); err != nil {
		t.Fatal(err)
	}
	want := make(map[rune]string, len(pairs))
	for _, p := range pairs {
		want[rune(p[0].(float64))] = p[1].(string)
	}
	bad := 0
	for c := rune(0); c <= unicode.MaxRune; c++ {
		if c >= 0xD800 && c < 0xE000 || c == 1 {
			continue
		}
		exp, ok := want[c]
		if !ok {
			exp = string(c)
		}
		if got := RustToLower(c); got != exp {
			if bad++; bad < 10 {
				t.Errorf("%U: got %q, want %q", c, got, exp)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d differences", bad)
	}
	// The uppercase of a lowercase letter of these pairs is the letter back, where
	// the pair is one character each way and the lowercase letter has no other
	// uppercase (checked for the Unicode 16/17 additions only).
	for _, c := range []rune{0xA7CB, 0xA7CC, 0xA7CE, 0xA7D2, 0xA7D4, 0xA7DA, 0xA7DC, 0x1C89, 0x10D50, 0x10D65, 0x16EA0, 0x16EB8} {
		l := []rune(RustToLower(c))
		if got := RustToUpper(l[0]); got != string(c) {
			t.Errorf("upper(%U) = %q, want %q", l[0], got, string(c))
		}
	}
}

// TestTransformRobust applies random transformations (any deltas, initial offsets,
// ranges) and checks that nothing panics and the alignment table stays consistent.
func TestTransformRobust(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	alphabet := []rune{'a', 'B', ' ', 'é', 'İ', '野', '𝔾', '\u0301'}
	for iter := 0; iter < 3000; iter++ {
		var sb strings.Builder
		for k := rng.Intn(6); k > 0; k-- {
			sb.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		n := NewNormalizedString(sb.String())
		if rng.Intn(2) == 0 {
			n = materialized(sb.String())
		}
		for step := 0; step < 3; step++ {
			var ch []Change
			for k := rng.Intn(6); k > 0; k-- {
				ch = append(ch, Change{alphabet[rng.Intn(len(alphabet))], rng.Intn(5) - 2})
			}
			r := Offsets{rng.Intn(n.Len() + 2), 0}
			r.End = r.Start + rng.Intn(n.Len()+2)
			ref := OffsetReferential(rng.Intn(2))
			switch rng.Intn(4) {
			case 0:
				n.Transform(ch, rng.Intn(3))
			case 1:
				n.TransformRange(ref, r, ch, rng.Intn(3))
			case 2:
				if s, ok := n.Slice(ref, r); ok {
					n = s
				}
			case 3:
				_ = n.Replace(StringPattern(string(alphabet[rng.Intn(len(alphabet))])), "xy")
			}
			al := n.Alignments()
			if len(al) != n.Len() {
				t.Fatalf("iter %d: %d alignments for %q", iter, len(al), n.Normalized())
			}
			if n.align == nil && n.Len() != n.LenOriginal() {
				t.Fatalf("iter %d: nil alignments with different lengths", iter)
			}
		}
	}
}

// badPattern returns matches that do not tile the text.
type badPattern struct{}

func (badPattern) FindMatches(s string) ([]Match, error) {
	return []Match{{1, 0, true}, {0, len(s) + 3, false}}, nil
}

func TestBadPattern(t *testing.T) {
	n := NewNormalizedString("héllo")
	if err := n.Replace(badPattern{}, "x"); err == nil {
		t.Errorf("Replace: want an error")
	}
	if _, err := n.Split(badPattern{}, Isolated); err == nil {
		t.Errorf("Split: want an error")
	}
	mid := FuncPattern(func(rune) bool { return false })
	if _, err := n.Split(mid, Isolated); err != nil {
		t.Error(err)
	}
}
