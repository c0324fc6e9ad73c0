// Package scan holds hand-written scanners for the split regexes that real tokenizer.json
// files use (GPT-2's ByteLevel regex, cl100k, o200k, Qwen, DeepSeek-V3, CLIP, ...). Each
// scanner gives exactly the matches that the reference's regex engine (Oniguruma, through
// tokenizers' find_iter) gives for its pattern, without allocating and without a regex
// engine: package onig asks Lookup for a pattern string and falls back to a regex only when
// no scanner is known.
//
// Character classes follow the reference's Oniguruma and its Unicode version (tables.go is
// generated from the reference, see gen_tables.go), not Go's unicode package: \s is Unicode
// White_Space, \p{L}, \p{N}, \p{M}, \p{P}, \p{S} are general categories. Invalid UTF-8 bytes,
// which the reference never sees, are read one byte at a time as U+FFFD (a symbol, So), the
// way Go's []rune conversion and utf8.DecodeRuneInString read them. Oniguruma quirks kept:
// (?i) contractions match 'ſ (U+017F folds to s) and nothing else beyond ASCII case; \w
// inside a bracket class leaves out ² ³ ¹ ¼ ½ ¾, which \w alone matches.
//
// WhitespacePreTokenizer is the one scanner that follows Rust's regex crate instead, as the
// Whitespace pre-tokenizer does.
//
// Every scanner is checked against the reference's own outputs (testdata/reference_digests.json,
// suites/split-regex-oracle) and against regexp2 running the pattern with its classes spelled
// out (oracle_test.go, fuzz targets).
package scan

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// Func appends to dst the byte spans [start, end) of the successive leftmost non-overlapping
// matches of its pattern in s, in order, and returns the extended slice. It allocates only
// when dst lacks capacity.
type Func func(dst [][2]int, s string) [][2]int

// Patterns with a scanner, as written in the tokenizer.json files that use them.
const (
	// GPT2 is the regex of the ByteLevel pre-tokenizer with use_regex (GPT-2, RoBERTa,
	// GPT-NeoX, Phi-2, Whisper, Falcon, Cohere, Claude, ...).
	GPT2 = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
	// GPT2Tiktoken is tiktoken's r50k/p50k spelling of GPT2 (same matches).
	GPT2Tiktoken = `'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
	// CL100K is the Split regex of cl100k_base, Llama 3 and Llama 3.1.
	CL100K = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// Qwen2 is the Split regex of Qwen2, Qwen2.5 and Qwen3 (CL100K with single digits).
	Qwen2 = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// MiniCPM is CL100K with unbounded digit runs (MiniCPM).
	MiniCPM = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}+| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// O200K is the Split regex of o200k_base (GPT-4o, gpt-oss).
	O200K = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// Tekken is Mistral's Tekken regex (O200K without contractions, single digits).
	Tekken = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// DeepSeekDigits is DeepSeek-V3's first Split regex (also any \p{N}{1,3}).
	DeepSeekDigits = `\p{N}{1,3}`
	// DeepSeekCJK is DeepSeek-V3's second Split regex: runs of CJK ideographs and kana.
	DeepSeekCJK = "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+"
	// DeepSeekMain is DeepSeek-V3's third Split regex (with literal CR and LF characters).
	DeepSeekMain = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"
	// DeepSeekMainEscaped is DeepSeekMain spelled with \r and \n escapes (AFMoE).
	DeepSeekMainEscaped = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"
	// CLIP is the Split regex of CLIP's pre-tokenizer.
	CLIP = `<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`
	// Falcon3Digits is Falcon's digit-triple Split regex.
	Falcon3Digits = `[0-9][0-9][0-9]`
	// Spaces is \s+ (CLIP's Replace normalizer).
	Spaces = `\s+`
	// MultiSpace is " {2,}" (Replace normalizer of Marian/NMT tokenizers).
	MultiSpace = ` {2,}`
	// Digits is \p{N}+.
	Digits = `\p{N}+`
	// Digit is \p{N}.
	Digit = `\p{N}`
	// Whitespace is the regex of the Whitespace pre-tokenizer (run there by Rust's regex
	// crate, whose \w and \s give the same matches here: see the tests).
	Whitespace = `\w+|[^\w\s]+`
)

var scanners = map[string]Func{
	GPT2:                scanGPT2,
	GPT2Tiktoken:        scanGPT2,
	CL100K:              scanCL100K,
	Qwen2:               scanQwen2,
	MiniCPM:             scanMiniCPM,
	O200K:               scanO200K,
	Tekken:              scanTekken,
	DeepSeekDigits:      scanDigits3,
	DeepSeekCJK:         scanDeepSeekCJK,
	DeepSeekMain:        scanDeepSeekMain,
	DeepSeekMainEscaped: scanDeepSeekMain,
	CLIP:                scanCLIP,
	Falcon3Digits:       scanFalcon3Digits,
	Spaces:              scanSpaces,
	MultiSpace:          scanMultiSpace,
	Digits:              scanDigits,
	Digit:               scanDigit,
	Whitespace:          scanWhitespace,
}

// Lookup returns the scanner for pattern, which must be spelled exactly as one of the
// constants of this package, and whether there is one.
func Lookup(pattern string) (Func, bool) {
	f, ok := scanners[pattern]
	return f, ok
}

// Patterns returns every pattern that Lookup knows, in no particular order.
func Patterns() []string {
	ps := make([]string, 0, len(scanners))
	for p := range scanners {
		ps = append(ps, p)
	}
	return ps
}

// Class flags of a code point (see tables.go).
const (
	fL  uint8 = 1 << iota // \p{L}
	fN                    // \p{N}
	fM                    // \p{M}
	fP                    // \p{P}
	fS                    // \p{S}
	fWS                   // \s (White_Space)
	fU                    // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	fW                    // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
)

// classOf returns the class flags of r, a valid code point.
func classOf(r rune) uint8 {
	return classBlocks[int(classIndex[r>>blockBits])<<blockBits|int(r)&(1<<blockBits-1)]
}

// asciiClass holds the class flags of the ASCII characters (256 entries so that indexing by
// a byte needs no bounds check; the upper half is unused).
var asciiClass = func() (t [256]uint8) {
	copy(t[:utf8.RuneSelf], classBlocks)
	return t
}()

// class returns the class flags and the byte width of the character at s[i], i < len(s).
func class(s string, i int) (uint8, int) {
	if b := s[i]; b < utf8.RuneSelf {
		return asciiClass[b], 1
	}
	return classMulti(s, i)
}

// classMulti returns the class flags and the byte width of the non-ASCII character at s[i].
func classMulti(s string, i int) (uint8, int) {
	r, n := utf8.DecodeRuneInString(s[i:])
	return classOf(r), n
}

// width returns the byte width of the character at s[i].
func width(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	return widthMulti(s, i)
}

// widthMulti returns the byte width of the non-ASCII character at s[i].
func widthMulti(s string, i int) int {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// run returns the end of the run of characters having a flag of m that starts at i.
func run(s string, i int, m uint8) int {
	// The ASCII characters of the classes, 8 bytes at a time: letters are \p{L}, the
	// lower-case ones Ll, the upper-case ones Lu.
	switch {
	case m&fL != 0:
		i = asciiRun(s, i, 0x20, 'a', 'z')
	case m&fW != 0:
		i = asciiRun(s, i, 0, 'a', 'z')
	case m&fU != 0:
		i = asciiRun(s, i, 0, 'A', 'Z')
	}
	for i < len(s) {
		if b := s[i]; b < utf8.RuneSelf {
			if asciiClass[b]&m == 0 {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if classOf(r)&m == 0 {
			return i
		}
		i += n
	}
	return i
}

// asciiRun skips the bytes from i that are in [lo, hi] (ASCII, 0x20 <= lo <= hi)
// once or'ed with fold (0x20 folds the ASCII letters' case), 8 bytes at a time: it
// returns the end of their run, or, when fewer than 8 bytes are left, where it stopped
// (the callers read on a character at a time).
func asciiRun(s string, i int, fold uint64, lo, hi byte) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	below, above := (0x80-uint64(lo))*ones, (0x7F-uint64(hi))*ones
	for i+8 <= len(s) {
		_ = s[i+7]
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// Without the high bits (so that no sum carries into the next byte), lo <= x
		// (x + 0x80-lo reaches 0x80) and x <= hi (x + 0x7F-hi does not); a byte with
		// its high bit set is not ASCII.
		x := (w | fold*ones) &^ high
		in := (x + below) &^ (x + above) &^ w & high
		if in != high {
			return i + bits.TrailingZeros64(^in&high)/8
		}
		i += 8
	}
	return i
}

// runNot returns the end of the run of characters having no flag of m that starts at i.
func runNot(s string, i int, m uint8) int {
	for i < len(s) {
		if b := s[i]; b < utf8.RuneSelf {
			if asciiClass[b]&m != 0 {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if classOf(r)&m != 0 {
			return i
		}
		i += n
	}
	return i
}

// newlines returns the end of the run of '\r' and '\n' (and '/' when slash) starting at i.
func newlines(s string, i int, slash bool) int {
	for i < len(s) && (s[i] == '\r' || s[i] == '\n' || slash && s[i] == '/') {
		i++
	}
	return i
}

// digits returns the end of \p{N}{1,max} at i, or -1; max <= 0 means unbounded.
func digits(s string, i, max int) int {
	e := i
	for k := 0; e < len(s) && (max <= 0 || k < max); k++ {
		f, n := class(s, e)
		if f&fN == 0 {
			break
		}
		e += n
	}
	if e == i {
		return -1
	}
	return e
}

// spaces matches, at i where s has a whitespace character, `\s*[\r\n]+|\s+(?!\S)|\s+` when nl
// and `\s+(?!\S)|\s+` otherwise, and returns the end of the match.
func spaces(s string, i int, nl bool) int {
	e, last, lastNL := i, i, -1
	for e < len(s) {
		if b := s[e]; b < utf8.RuneSelf {
			if asciiClass[b]&fWS == 0 {
				break
			}
			if b == '\r' || b == '\n' {
				lastNL = e
			}
			last = e
			e++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[e:])
		if classOf(r)&fWS == 0 {
			break
		}
		last = e
		e += n
	}
	if nl && lastNL >= 0 {
		// \s* backtracks to the last line break, which [\r\n]+ takes alone.
		return lastNL + 1
	}
	if e == len(s) || last == i {
		return e
	}
	// \s+(?!\S) gives back the last whitespace character, followed by a non-space.
	return last
}

// contraction returns the end of `'s|'t|'re|'ve|'m|'ll|'d` at i (ASCII case-insensitively, plus
// 'ſ for 's, as Oniguruma's case folding does when fold), or -1.
func contraction(s string, i int, fold bool) int {
	if i+1 >= len(s) || s[i] != '\'' {
		return -1
	}
	c := s[i+1]
	if fold {
		c |= 0x20
		if c == 0xc5|0x20 && s[i+1] == 0xc5 && i+2 < len(s) && s[i+2] == 0xbf {
			return i + 3 // U+017F LATIN SMALL LETTER LONG S
		}
	}
	switch c {
	case 's', 't', 'm', 'd':
		return i + 2
	case 'r', 'v', 'l':
		if i+2 < len(s) {
			c2 := s[i+2]
			if fold {
				c2 |= 0x20
			}
			if c2 == 'e' && c != 'l' || c2 == 'l' && c == 'l' {
				return i + 3
			}
		}
	}
	return -1
}

// scanAll runs match at every position where the previous match ended, skipping one
// character where it fails (returns -1).
func scanAll(dst [][2]int, s string, match func(string, int) int) [][2]int {
	for i := 0; i < len(s); {
		if e := match(s, i); e > i {
			dst = append(dst, [2]int{i, e})
			i = e
		} else {
			i += width(s, i)
		}
	}
	return dst
}

// ---- GPT-2 ----

func scanGPT2(dst [][2]int, s string) [][2]int { return scanWords(dst, s, matchGPT2) }

// scanWords scans a pattern whose match at an ASCII word, after a space or not, is the
// word (GPT-2's ` ?\p{L}+`, CL100K's [^\r\n\p{L}\p{N}]?\p{L}+): most pieces are such
// words, and \p{L}+ ends where the letters do when a non-letter ASCII byte follows
// them. Elsewhere, match (which must match every non-empty input) gives the match.
func scanWords(dst [][2]int, s string, match func(string, int) int) [][2]int {
	for i := 0; i < len(s); {
		j := i
		if s[i] == ' ' {
			j++
		}
		if j < len(s) && isASCIILetter(s[j]) {
			if e := asciiRun(s, j+1, 0x20, 'a', 'z'); e < len(s) && s[e] < utf8.RuneSelf && asciiClass[s[e]]&fL == 0 {
				dst = append(dst, [2]int{i, e})
				i = e
				continue
			}
		}
		e := match(s, i)
		dst = append(dst, [2]int{i, e})
		i = e
	}
	return dst
}

// matchGPT2 matches GPT2 at i (it matches every non-empty input).
func matchGPT2(s string, i int) int {
	c := s[i]
	if c == '\'' {
		if e := contraction(s, i, false); e > 0 {
			return e
		}
	}
	j := i
	if c == ' ' && i+1 < len(s) {
		j = i + 1 // ` ?` takes the space if a letter, digit or symbol follows
	}
	f, n := asciiClass[s[j]], 1
	if s[j] >= utf8.RuneSelf {
		f, n = classMulti(s, j)
	}
	switch {
	case f&fL != 0:
		return run(s, j+n, fL)
	case f&fN != 0:
		return run(s, j+n, fN)
	case f&fWS == 0:
		return runNot(s, j+n, fWS|fL|fN)
	}
	return spaces(s, i, false)
}

// ---- cl100k family ----

func scanCL100K(dst [][2]int, s string) [][2]int { return scanCL(dst, s, 3) }
func scanQwen2(dst [][2]int, s string) [][2]int  { return scanCL(dst, s, 1) }
func scanMiniCPM(dst [][2]int, s string) [][2]int {
	return scanCL(dst, s, 0)
}

// scanCL scans CL100K with \p{N}{1,maxDigits} (unbounded when maxDigits is 0).
func scanCL(dst [][2]int, s string, maxDigits int) [][2]int {
	return scanWords(dst, s, func(s string, i int) int { return matchCL(s, i, maxDigits) })
}

// matchCL matches CL100K at i (it matches every non-empty input).
func matchCL(s string, i, maxDigits int) int {
	c := s[i]
	if c == '\'' {
		if e := contraction(s, i, true); e > 0 {
			return e
		}
	}
	f, n := asciiClass[c], 1
	if c >= utf8.RuneSelf {
		f, n = classMulti(s, i)
	}
	// [^\r\n\p{L}\p{N}]?\p{L}+
	if f&fL != 0 {
		return run(s, i+n, fL)
	}
	if f&fN == 0 && c != '\r' && c != '\n' && i+n < len(s) {
		f2, n2 := asciiClass[s[i+n]], 1
		if s[i+n] >= utf8.RuneSelf {
			f2, n2 = classMulti(s, i+n)
		}
		if f2&fL != 0 {
			return run(s, i+n+n2, fL)
		}
	}
	// \p{N}{1,3}
	if f&fN != 0 {
		return digits(s, i, maxDigits)
	}
	// ` ?[^\s\p{L}\p{N}]+[\r\n]*`
	if f&fWS == 0 {
		return newlines(s, runNot(s, i+n, fWS|fL|fN), false)
	}
	if c == ' ' && i+1 < len(s) {
		if f2, n2 := class(s, i+1); f2&(fWS|fL|fN) == 0 {
			return newlines(s, runNot(s, i+1+n2, fWS|fL|fN), false)
		}
	}
	return spaces(s, i, true)
}

// ---- o200k family ----

func scanO200K(dst [][2]int, s string) [][2]int { return scanO2(dst, s, true, 3) }
func scanTekken(dst [][2]int, s string) [][2]int {
	return scanO2(dst, s, false, 1)
}

// scanO2 scans O200K, with or without its contraction suffixes, with \p{N}{1,maxDigits}.
func scanO2(dst [][2]int, s string, contractions bool, maxDigits int) [][2]int {
	for i := 0; i < len(s); {
		// Most pieces are a lower-case ASCII word, capitalized or not, after a space or
		// not: the first alternative ends where its lower-case letters do when an ASCII
		// byte follows them that is neither one nor an apostrophe (a contraction).
		j := i
		if s[i] == ' ' {
			j++
		}
		if j+1 < len(s) && s[j]-'A' < 26 {
			j++ // a capital, to be followed by a lower-case letter
		}
		if j < len(s) && s[j]-'a' < 26 {
			if e := asciiRun(s, j+1, 0, 'a', 'z'); e < len(s) && s[e] < utf8.RuneSelf && asciiClass[s[e]]&fW == 0 && s[e] != '\'' {
				dst = append(dst, [2]int{i, e})
				i = e
				continue
			}
		}
		e := matchO2(s, i, contractions, maxDigits)
		dst = append(dst, [2]int{i, e})
		i = e
	}
	return dst
}

// matchO2 matches O200K at i (it matches every non-empty input).
func matchO2(s string, i int, contractions bool, maxDigits int) int {
	c := s[i]
	f, n := asciiClass[c], 1
	if c >= utf8.RuneSelf {
		f, n = classMulti(s, i)
	}
	inP := f&(fL|fN) == 0 && c != '\r' && c != '\n' // [^\r\n\p{L}\p{N}]
	if inP || f&(fU|fW) != 0 {
		// Alternative 1 with and without the prefix, then alternative 2 likewise.
		e := -1
		if inP && i+n < len(s) {
			e = upperLower(s, i+n)
		}
		if e < 0 && f&(fU|fW) != 0 {
			e = upperLower(s, i)
		}
		if e < 0 && inP && i+n < len(s) {
			e = upperRun(s, i+n)
		}
		if e < 0 && f&fU != 0 {
			e = upperRun(s, i)
		}
		if e >= 0 {
			if contractions {
				if e2 := contraction(s, e, true); e2 > 0 {
					return e2
				}
			}
			return e
		}
	}
	if f&fN != 0 {
		return digits(s, i, maxDigits)
	}
	// ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
	if f&fWS == 0 {
		return newlines(s, runNot(s, i+n, fWS|fL|fN), true)
	}
	if c == ' ' && i+1 < len(s) {
		if f2, n2 := class(s, i+1); f2&(fWS|fL|fN) == 0 {
			return newlines(s, runNot(s, i+1+n2, fWS|fL|fN), true)
		}
	}
	return spaces(s, i, true)
}

// upperLower matches [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ at q (with
// the backtracking of the greedy star) and returns its end, or -1.
func upperLower(s string, q int) int {
	e, lastWEnd := q, -1
	for e < len(s) {
		f, n := asciiClass[s[e]], 1
		if s[e] >= utf8.RuneSelf {
			f, n = classMulti(s, e)
		}
		if f&fU == 0 {
			if f&fW != 0 {
				return run(s, e+n, fW)
			}
			break
		}
		e += n
		if f&fW != 0 {
			lastWEnd = e
		}
	}
	// The star gives back characters down to the last one that is also lower-class; the
	// plus takes it alone, since what follows it is not lower-class.
	return lastWEnd
}

// upperRun matches [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]* at q and returns
// its end, or -1.
func upperRun(s string, q int) int {
	e := run(s, q, fU)
	if e == q {
		return -1
	}
	return run(s, e, fW)
}

// ---- DeepSeek-V3 ----

// asciiPunct marks the 32 ASCII punctuation characters.
var asciiPunct = [128]bool{
	'!': true, '"': true, '#': true, '$': true, '%': true, '&': true, '\'': true, '(': true,
	')': true, '*': true, '+': true, ',': true, '-': true, '.': true, '/': true, ':': true,
	';': true, '<': true, '=': true, '>': true, '?': true, '@': true, '[': true, '\\': true,
	']': true, '^': true, '_': true, '`': true, '{': true, '|': true, '}': true, '~': true,
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func scanDeepSeekMain(dst [][2]int, s string) [][2]int { return scanAll(dst, s, matchDeepSeekMain) }

// matchDeepSeekMain matches DeepSeekMain at i, or returns -1.
func matchDeepSeekMain(s string, i int) int {
	c := s[i]
	if c < utf8.RuneSelf && asciiPunct[c] && i+1 < len(s) && isASCIILetter(s[i+1]) {
		e := i + 2
		for e < len(s) && isASCIILetter(s[e]) {
			e++
		}
		return e
	}
	f, n := class(s, i)
	// [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
	if f&(fL|fP|fS) == 0 && c != '\r' && c != '\n' && i+n < len(s) {
		if f2, n2 := class(s, i+n); f2&(fL|fM) != 0 {
			return run(s, i+n+n2, fL|fM)
		}
	}
	if f&(fL|fM) != 0 {
		return run(s, i+n, fL|fM)
	}
	// ` ?[\p{P}\p{S}]+[\r\n]*`
	if c == ' ' && i+1 < len(s) {
		if f2, n2 := class(s, i+1); f2&(fP|fS) != 0 {
			return newlines(s, run(s, i+1+n2, fP|fS), false)
		}
	}
	if f&(fP|fS) != 0 {
		return newlines(s, run(s, i+n, fP|fS), false)
	}
	if f&fWS != 0 {
		return spaces(s, i, true)
	}
	return -1
}

func scanDigits3(dst [][2]int, s string) [][2]int { return scanDigitRuns(dst, s, 3) }
func scanDigits(dst [][2]int, s string) [][2]int  { return scanDigitRuns(dst, s, 0) }
func scanDigit(dst [][2]int, s string) [][2]int   { return scanDigitRuns(dst, s, 1) }

// scanDigitRuns scans \p{N}{1,max} (\p{N}+ when max is 0).
func scanDigitRuns(dst [][2]int, s string, max int) [][2]int {
	for i := skipTo(s, 0, fN); i < len(s); i = skipTo(s, i, fN) {
		e := digits(s, i, max)
		dst = append(dst, [2]int{i, e})
		i = e
	}
	return dst
}

// skipTo returns the index of the first character at or after i that has a flag of m, or
// len(s).
func skipTo(s string, i int, m uint8) int {
	for i < len(s) {
		if b := s[i]; b < utf8.RuneSelf {
			if asciiClass[b]&m != 0 {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if classOf(r)&m != 0 {
			return i
		}
		i += n
	}
	return i
}

// isDeepSeekCJK reports whether r is in [\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff].
func isDeepSeekCJK(r rune) bool {
	return r >= 0x4e00 && r <= 0x9fa5 || r >= 0x3040 && r <= 0x30ff
}

func scanDeepSeekCJK(dst [][2]int, s string) [][2]int {
	start := -1
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			if start >= 0 {
				dst = append(dst, [2]int{start, i})
				start = -1
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isDeepSeekCJK(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			dst = append(dst, [2]int{start, i})
			start = -1
		}
		i += n
	}
	if start >= 0 {
		dst = append(dst, [2]int{start, len(s)})
	}
	return dst
}

// ---- CLIP ----

func scanCLIP(dst [][2]int, s string) [][2]int { return scanAll(dst, s, matchCLIP) }

// matchCLIP matches CLIP at i, or returns -1.
func matchCLIP(s string, i int) int {
	switch s[i] {
	case '<':
		if strings.HasPrefix(s[i:], "<|startoftext|>") {
			return i + len("<|startoftext|>")
		}
		if strings.HasPrefix(s[i:], "<|endoftext|>") {
			return i + len("<|endoftext|>")
		}
	case '\'':
		if e := contraction(s, i, false); e > 0 {
			return e
		}
	}
	f, n := class(s, i)
	switch {
	case f&fL != 0:
		return run(s, i+n, fL)
	case f&fN != 0:
		return i + n
	case f&fWS == 0:
		return runNot(s, i+n, fWS|fL|fN)
	}
	return -1
}

// ---- small patterns ----

func scanFalcon3Digits(dst [][2]int, s string) [][2]int {
	isDigit := func(b byte) bool { return b >= '0' && b <= '9' }
	for i := 0; i+3 <= len(s); {
		if isDigit(s[i]) && isDigit(s[i+1]) && isDigit(s[i+2]) {
			dst = append(dst, [2]int{i, i + 3})
			i += 3
		} else {
			i++ // ASCII-only pattern: byte steps find the same matches
		}
	}
	return dst
}

func scanSpaces(dst [][2]int, s string) [][2]int {
	for i := skipTo(s, 0, fWS); i < len(s); i = skipTo(s, i, fWS) {
		e := run(s, i, fWS)
		dst = append(dst, [2]int{i, e})
		i = e
	}
	return dst
}

func scanMultiSpace(dst [][2]int, s string) [][2]int {
	for i := 0; ; {
		k := strings.Index(s[i:], "  ")
		if k < 0 {
			return dst
		}
		i += k
		e := i + 2
		for e < len(s) && s[e] == ' ' {
			e++
		}
		dst = append(dst, [2]int{i, e})
		i = e
	}
}

// ---- Whitespace: \w+|[^\w\s]+ ----

// Bits of wordBlocks.
const (
	wWord       = 1 << iota // \w
	wOther                  // [^\w\s], which Oniguruma does not make the complement of \w ∪ \s
	wRegexWord              // \w of Rust's regex crate
	wRegexOther             // [^\w\s] of Rust's regex crate
)

// asciiWord holds the word bits of the ASCII characters.
var asciiWord = func() (t [256]uint8) {
	for c := range utf8.RuneSelf {
		t[c] = wordOf(rune(c))
	}
	return t
}()

// wordOf returns the word bits of r.
func wordOf(r rune) uint8 {
	return wordBlocks[int(wordIndex[r>>blockBits])<<blockBits|int(r)&(1<<blockBits-1)]
}

// wordAt returns the word bits and the byte width of the character at s[i].
func wordAt(s string, i int) (uint8, int) {
	if b := s[i]; b < utf8.RuneSelf {
		return asciiWord[b], 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return wordOf(r), n
}

func scanWhitespace(dst [][2]int, s string) [][2]int {
	return scanWordOther(dst, s, wWord, wOther)
}

// WhitespacePreTokenizer scans `\w+|[^\w\s]+` as Rust's regex crate does, for the Whitespace
// pre-tokenizer, which runs that regex with the regex crate rather than Oniguruma. It differs
// from Lookup(Whitespace) on U+200C and U+200D (word characters here) and on ² ³ ¹ ¼ ½ ¾
// (matched by \w+ in Oniguruma only, and by both [^\w\s]+ and \w+ runs there).
func WhitespacePreTokenizer(dst [][2]int, s string) [][2]int {
	return scanWordOther(dst, s, wRegexWord, wRegexOther)
}

// scanWordOther scans runs of characters with the word bit, else runs of characters with the
// other bit, skipping the characters with neither.
func scanWordOther(dst [][2]int, s string, word, other uint8) [][2]int {
	for i := 0; i < len(s); {
		w, n := wordAt(s, i)
		m := word // \w+ first, else [^\w\s]+
		if w&word == 0 {
			m = other
		}
		if w&m == 0 {
			i += n
			continue
		}
		e := i + n
		for e < len(s) {
			w2, n2 := wordAt(s, e)
			if w2&m == 0 {
				break
			}
			e += n2
		}
		dst = append(dst, [2]int{i, e})
		i = e
	}
	return dst
}

// newlineCutSafe are the patterns whose matches cover every character of a text (their
// last alternatives are \s+ and classes of everything else) and never hold both the
// "\n" and the next character of a newline cut: a "\n" that follows a printable ASCII
// character other than the space and precedes an ASCII letter or digit. A "\n" only
// ever ends a match (the letter and digit runs take no "\n" before them: ` ?\p{L}+`
// and ` ?\p{N}+` a space at most, `[^\r\n\p{L}\p{N}]?` no newline, \p{N}{1,3} none),
// and after a character other than whitespace, the "\n" alone is a match whether a
// letter, a digit or the end of the text follows (\s+(?!\S) and \s+, \s*[\r\n]+) or
// ends the match of that character (` ?[^\s\p{L}\p{N}]+[\r\n]*`). Nothing looks
// behind. So the matches of a text cut there are those of its two parts.
var newlineCutSafe = map[string]bool{
	GPT2: true, GPT2Tiktoken: true, CL100K: true, Qwen2: true, MiniCPM: true, O200K: true, Tekken: true,
}

// NewlineCutSafe reports whether the matches of pattern on a text cut right after a
// "\n" that follows a printable ASCII character other than the space and precedes an
// ASCII letter or digit are the matches on its two parts, and cover the text.
func NewlineCutSafe(pattern string) bool { return newlineCutSafe[pattern] }
