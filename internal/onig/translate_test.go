package onig

import (
	"strings"
	"testing"
)

func TestRsetOps(t *testing.T) {
	a := rset{{'a', 'f'}, {'x', 'z'}}
	b := rset{{'c', 'y'}}
	if got, want := a.intersect(b), (rset{{'c', 'f'}, {'x', 'y'}}); !got.equal(want) {
		t.Errorf("intersect = %v, want %v", got, want)
	}
	if got, want := a.minus(b), (rset{{'a', 'b'}, {'z', 'z'}}); !got.equal(want) {
		t.Errorf("minus = %v, want %v", got, want)
	}
	if got, want := a.union(b), (rset{{'a', 'z'}}); !got.equal(want) {
		t.Errorf("union = %v, want %v", got, want)
	}
	if got := a.negate().negate(); !got.equal(a) {
		t.Errorf("negate twice = %v, want %v", got, a)
	}
	if got := (rset{{'k', 'k'}}).foldClose(); !got.equal(rset{{'K', 'K'}, {'k', 'k'}, {0x212A, 0x212A}}) {
		t.Errorf("foldClose(k) = %v", got)
	}
}

// TestQuoteMeta checks that a quoted string matches itself, whole and only itself.
func TestQuoteMeta(t *testing.T) {
	for _, s := range []string{`.*+?(|)[]{}^$#&-~\`, "a b", "\n", "▁", `\p{L}`, "(?i)s", "[[:alpha:]]", "a{,2}", "x"} {
		re, err := Compile(QuoteMeta(s))
		if err != nil {
			t.Fatalf("Compile(QuoteMeta(%q)): %v", s, err)
		}
		text := "<" + s + ">" + strings.ToUpper(s)
		got := re.FindAllIndex(text, nil)
		if len(got) == 0 || text[got[0][0]:got[0][1]] != s || got[0][0] != 1 {
			t.Errorf("QuoteMeta(%q) = %q: matches %v in %q", s, QuoteMeta(s), got, text)
		}
	}
}

func TestErrorPrefix(t *testing.T) {
	for _, p := range []string{"(", "[b-a]", `\p{Nope}`, "*", `\k<x>`} {
		_, err := Compile(p)
		if err == nil || !strings.HasPrefix(err.Error(), "Oniguruma error: ") {
			t.Errorf("Compile(%q) error = %v, want an Oniguruma error", p, err)
		}
	}
}

// TestFindAllIndexEmptyMatches checks the find_iter rule for empty matches (a*: no empty match
// right after a match) and byte offsets on multi-byte text.
func TestFindAllIndexEmptyMatches(t *testing.T) {
	re := MustCompile(`a*`)
	got := re.FindAllIndex("baaé", nil)
	want := [][2]int{{0, 0}, {1, 3}, {5, 5}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}
