package scan

import (
	"sync"
	"testing"

	"github.com/dlclark/regexp2"
)

// Test helpers of oracle_test.go, for the external test package (fuzz_scanners_test.go,
// which imports internal/onig: onig imports scan, so that test cannot live in package scan).

// Atoms returns the building blocks of the adversarial texts.
func Atoms() []string { return atoms() }

// OracleMatches returns the matches of pattern in s as regexp2 gives them with the
// pattern's classes spelled out from tables.go (oracle_test.go).
func OracleMatches(t testing.TB, pattern, s string) [][2]int {
	return oracleFind(t, oracle(t, pattern), s)
}

var (
	whitespaceOnce sync.Once
	whitespaceRe   *regexp2.Regexp
)

// WhitespaceOracle returns what the Whitespace pre-tokenizer's regex (Rust's regex crate
// classes, spelled out) matches in s, for WhitespacePreTokenizer.
func WhitespaceOracle(t testing.TB, s string) [][2]int {
	whitespaceOnce.Do(func() {
		word := runeRanges(func(r rune) bool { return wordOf(r)&wRegexWord != 0 })
		other := runeRanges(func(r rune) bool { return wordOf(r)&wRegexOther != 0 })
		whitespaceRe = regexp2.MustCompile("["+word+"]+|["+other+"]+", regexp2.None)
	})
	return oracleFind(t, whitespaceRe, s)
}
