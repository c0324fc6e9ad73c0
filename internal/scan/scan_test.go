package scan

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dlclark/regexp2"
)

func TestLookup(t *testing.T) {
	for _, nm := range named {
		if _, ok := Lookup(nm.pattern); !ok {
			t.Errorf("Lookup(%s) failed", nm.name)
		}
	}
	if len(Patterns()) != len(named) {
		t.Errorf("Patterns() has %d patterns, the tests know %d", len(Patterns()), len(named))
	}
	for _, p := range []string{"", `\s+(?!\S)`, GPT2 + "|x", strings.ToUpper(GPT2)} {
		if _, ok := Lookup(p); ok {
			t.Errorf("Lookup(%q) succeeded", p)
		}
	}
}

// TestTablesVsGo checks that the generated classes differ from Go's unicode package (Unicode
// 15.0) only on code points that Go does not assign (the reference's Oniguruma has Unicode 16).
func TestTablesVsGo(t *testing.T) {
	in := func(r rune, ts ...*unicode.RangeTable) bool { return unicode.In(r, ts...) }
	diffs := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		var g uint8
		set := func(b uint8, ok bool) {
			if ok {
				g |= b
			}
		}
		set(fL, in(r, unicode.L))
		set(fN, in(r, unicode.N))
		set(fM, in(r, unicode.M))
		set(fP, in(r, unicode.P))
		set(fS, in(r, unicode.S))
		set(fWS, in(r, unicode.White_Space))
		set(fU, in(r, unicode.Lu, unicode.Lt, unicode.Lm, unicode.Lo, unicode.M))
		set(fW, in(r, unicode.Ll, unicode.Lm, unicode.Lo, unicode.M))
		if g == classOf(r) {
			continue
		}
		diffs++
		if in(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf, unicode.Co) {
			t.Errorf("%U: Go flags %08b, table %08b", r, g, classOf(r))
		}
	}
	t.Logf("%d code points unassigned in Go's tables have a class in the reference's", diffs)
}

// TestNoAlloc checks that a scanner with enough room in dst does not allocate.
func TestNoAlloc(t *testing.T) {
	s := strings.Repeat("Hello, wörld! It's 12345 \t\n  中文字 ÉTÉ'S \xff ", 20)
	dst := make([][2]int, 0, len(s))
	for _, nm := range named {
		f, _ := Lookup(nm.pattern)
		if n := testing.AllocsPerRun(20, func() { dst = f(dst[:0], s) }); n != 0 {
			t.Errorf("%s: %v allocs", nm.name, n)
		}
	}
	if n := testing.AllocsPerRun(20, func() { dst = WhitespacePreTokenizer(dst[:0], s) }); n != 0 {
		t.Errorf("WhitespacePreTokenizer: %v allocs", n)
	}
}

func TestAppends(t *testing.T) {
	pre := [][2]int{{7, 7}}
	got := scanGPT2(slices.Clone(pre), "a b")
	if want := [][2]int{{7, 7}, {0, 1}, {1, 3}}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func fuzzPattern(f *testing.F, pattern string) {
	for _, s := range []string{"", "Hello world", "I'm  you'RE 'ſ \t\n\r\n x", "1234567 ١٢٣٤",
		"ÉTÉ été ǅa ʰa \u0301A", "中文かなカナ", "<|startoftext|>a'sb", "\xff\xc5", "a\u3000\u2028b  ", "  !!//\n"} {
		f.Add(s)
	}
	a := atoms()
	f.Fuzz(func(t *testing.T, s string) {
		compare(t, pattern, s)
		// The same bytes read as a sequence of atoms, to reach the category boundaries that
		// random bytes rarely form.
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteString(a[int(s[i])%len(a)])
		}
		compare(t, pattern, b.String())
	})
}

func FuzzScanGPT2(f *testing.F)           { fuzzPattern(f, GPT2) }
func FuzzScanCL100K(f *testing.F)         { fuzzPattern(f, CL100K) }
func FuzzScanQwen2(f *testing.F)          { fuzzPattern(f, Qwen2) }
func FuzzScanMiniCPM(f *testing.F)        { fuzzPattern(f, MiniCPM) }
func FuzzScanO200K(f *testing.F)          { fuzzPattern(f, O200K) }
func FuzzScanTekken(f *testing.F)         { fuzzPattern(f, Tekken) }
func FuzzScanDeepSeekMain(f *testing.F)   { fuzzPattern(f, DeepSeekMain) }
func FuzzScanDeepSeekDigits(f *testing.F) { fuzzPattern(f, DeepSeekDigits) }
func FuzzScanDeepSeekCJK(f *testing.F)    { fuzzPattern(f, DeepSeekCJK) }
func FuzzScanCLIP(f *testing.F)           { fuzzPattern(f, CLIP) }
func FuzzScanFalcon3Digits(f *testing.F)  { fuzzPattern(f, Falcon3Digits) }
func FuzzScanSpaces(f *testing.F)         { fuzzPattern(f, Spaces) }
func FuzzScanMultiSpace(f *testing.F)     { fuzzPattern(f, MultiSpace) }
func FuzzScanDigits(f *testing.F)         { fuzzPattern(f, Digits) }
func FuzzScanDigit(f *testing.F)          { fuzzPattern(f, Digit) }
func FuzzScanWhitespace(f *testing.F)     { fuzzPattern(f, Whitespace) }

func FuzzWhitespacePreTokenizer(f *testing.F) {
	f.Add("a\u200db ¹²³ x² Ⅳ \xff")
	word := runeRanges(func(r rune) bool { return wordOf(r)&wRegexWord != 0 })
	other := runeRanges(func(r rune) bool { return wordOf(r)&wRegexOther != 0 })
	re := regexp2.MustCompile("["+word+"]+|["+other+"]+", regexp2.None)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := WhitespacePreTokenizer(nil, s), oracleFind(t, re, s); !slices.Equal(got, want) {
			t.Fatalf("on %q: got %v, want %v", s, got, want)
		}
	})
}

// benchText returns the text of a speed file (or a generated mix when FASTTOK_SHARED is unset).
func benchText(b testing.TB, file string) string {
	if os.Getenv("FASTTOK_SHARED") == "" {
		return strings.Repeat("The quick brown fox's 12345 jumps; over the lazy dog.\n  Ünïcödé текст 中文 ", 20000)
	}
	return strings.Join(sharedTexts(b, file), "\n")
}

func BenchmarkScan(b *testing.B) {
	for _, file := range []string{"speed-en.jsonl", "speed-multi.jsonl"} {
		s := benchText(b, file)
		dst := make([][2]int, 0, len(s))
		for _, nm := range named {
			f, _ := Lookup(nm.pattern)
			b.Run(strings.TrimSuffix(file, ".jsonl")+"/"+nm.name, func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				b.ReportAllocs()
				for b.Loop() {
					dst = f(dst[:0], s)
				}
			})
		}
	}
}

func TestASCIIRun(t *testing.T) {
	// Every byte value, and the bytes around the ranges, in random strings.
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("@AZ[`az{azAZ09 \x00\x7f\x80\xc3\xa9\xffmM")
	cases := []struct {
		fold   uint64
		lo, hi byte
		in     func(c byte) bool
	}{
		{0x20, 'a', 'z', func(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }},
		{0, 'a', 'z', func(c byte) bool { return 'a' <= c && c <= 'z' }},
		{0, 'A', 'Z', func(c byte) bool { return 'A' <= c && c <= 'Z' }},
	}
	for n := 0; n < 5000; n++ {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = byte(r.IntN(256))
			} else {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
		}
		s := string(b)
		for _, c := range cases {
			for i := 0; i <= len(s); i++ {
				end := i
				for end < len(s) && c.in(s[end]) {
					end++
				}
				got := asciiRun(s, i, c.fold, c.lo, c.hi)
				if got < i || got > end || got < end && got+8 <= len(s) {
					t.Fatalf("asciiRun(%q, %d, %#x, %q, %q) = %d; the run ends at %d", s, i, c.fold, c.lo, c.hi, got, end)
				}
			}
		}
	}
}
