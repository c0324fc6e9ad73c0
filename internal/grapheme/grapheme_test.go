package grapheme

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestBreakTest runs the conformance cases of the Unicode version the tables come from
// (GraphemeBreakTest.txt of Debian's unicode-data package). Cases that need rule GB9c
// (not implemented, see the package doc) do not occur in that version.
func TestBreakTest(t *testing.T) {
	const path = "/usr/share/unicode/auxiliary/GraphemeBreakTest.txt"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s not available (apt-get install unicode-data): %v", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		// "÷ 0020 × 0308 ÷ 0020 ÷"
		var want []string
		var cur strings.Builder
		var all strings.Builder
		for _, f := range strings.Fields(line) {
			switch f {
			case "÷":
				if cur.Len() > 0 {
					want = append(want, cur.String())
					cur.Reset()
				}
			case "×":
			default:
				v, err := strconv.ParseUint(f, 16, 32)
				if err != nil {
					t.Fatalf("bad line %q", line)
				}
				cur.WriteRune(rune(v))
				all.WriteRune(rune(v))
			}
		}
		s := all.String()
		var got []string
		for s != "" {
			k := Next(s)
			got = append(got, s[:k])
			s = s[k:]
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: got %q, want %q", line, got, want)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no test cases read")
	}
}

func TestNextEmpty(t *testing.T) {
	if Next("") != 0 {
		t.Fatal("Next(\"\") != 0")
	}
	if got := Next("\xff\xfe"); got != 1 {
		t.Fatalf("Next(invalid) = %d, want 1", got)
	}
}

func BenchmarkNext(b *testing.B) {
	s := "Hello, wörld! 🇫🇷🇩🇪 👩‍👩‍👧 किताब 한국어 e\u0301"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		for t := s; t != ""; {
			t = t[Next(t):]
		}
	}
}
