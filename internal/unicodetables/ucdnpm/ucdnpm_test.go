package ucdnpm

import (
	"os"
	"testing"
	"unicode"
)

func TestDecode(t *testing.T) {
	// Deltas 1 1 1 0: U+0001..U+0002 (begin = previous end + 1 + delta, end = begin + 1 + delta,
	// ends exclusive, the first previous end -1), then U+0005.
	s, err := decode("export default decodeRanges('BBBA');")
	if err != nil {
		t.Fatal(err)
	}
	got := s.Ranges()
	want := [][2]rune{{1, 2}, {5, 5}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("ranges = %v, want %v", got, want)
	}
	for _, bad := range []string{"no data", "decodeRanges('B", "decodeRanges('!!')", "decodeRanges('4')"} {
		if _, err := decode(bad); err == nil {
			t.Errorf("decode(%q): no error", bad)
		}
	}
}

// TestLoad reads White_Space of the installed package, when there is one, and checks it
// against Go's table (the set has not changed since Unicode 6.3).
func TestLoad(t *testing.T) {
	if _, err := os.Stat(Package(DefaultRoot, "16.0.0")); err != nil {
		t.Skip("npm data not installed (see the package doc)")
	}
	s, err := Load(DefaultRoot, "16.0.0", "Binary_Property/White_Space")
	if err != nil {
		t.Fatal(err)
	}
	for c := rune(0); c <= MaxRune; c++ {
		if s[c] != unicode.Is(unicode.White_Space, c) {
			t.Fatalf("%U: npm %v, Go %v", c, s[c], !s[c])
		}
	}
	if _, err := Load(DefaultRoot, "16.0.0", "Binary_Property/No_Such_Property"); err == nil {
		t.Error("missing property: no error")
	}
}
