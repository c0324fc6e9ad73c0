package scan_test

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/fasttok/fasttok/internal/onig"
	"github.com/fasttok/fasttok/internal/scan"
)

var (
	scannersOnce sync.Once
	scanPatterns []string
	scanRegexes  []*onig.Regex
)

// scanners returns every pattern with a scanner, sorted, and its regexp2 translation by
// package onig (CompileNoScanner: the path fasttok takes for a pattern without scanner).
func scanners(t testing.TB) ([]string, []*onig.Regex) {
	scannersOnce.Do(func() {
		scanPatterns = scan.Patterns()
		sort.Strings(scanPatterns)
		for _, p := range scanPatterns {
			re, err := onig.CompileNoScanner(p)
			if err != nil {
				t.Fatalf("CompileNoScanner(%q): %v", p, err)
			}
			scanRegexes = append(scanRegexes, re)
		}
	})
	return scanPatterns, scanRegexes
}

// FuzzScanners runs every hand-written scanner on the input and compares its matches
// with two oracles: package onig's translation of the pattern run by regexp2 (what
// fasttok would do without the scanner) and regexp2 on the pattern with its classes
// spelled out from the generated tables (oracle_test.go). WhitespacePreTokenizer is
// compared with its own oracle. The input is read as given and as a sequence of atoms
// (one per byte), which reaches the category boundaries random bytes rarely form.
func FuzzScanners(f *testing.F) {
	for _, s := range []string{"", "Hello world", "I'm  you'RE 'ſ \t\n\r\n x", "1234567 ١٢٣٤",
		"ÉTÉ été ǅa ʰa \u0301A", "中文かなカナ", "<|startoftext|>a'sb", "\xff\xc5", "a\u3000\u2028b  ", "  !!//\n",
		"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a", "\x80\x81\x82\x83\x84\x85\x86\x87"} {
		f.Add(s)
	}
	patterns, regexes := scanners(f)
	atoms := scan.Atoms()
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 512 {
			return
		}
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteString(atoms[int(s[i])%len(atoms)])
		}
		for _, text := range []string{s, b.String()} {
			for i, p := range patterns {
				f, _ := scan.Lookup(p)
				got := f(nil, text)
				if want := regexes[i].FindAllIndex(text, nil); !slices.Equal(got, want) {
					t.Fatalf("pattern %.50q on %q:\nscanner %v\nonig    %v", p, text, got, want)
				}
				if want := scan.OracleMatches(t, p, text); !slices.Equal(got, want) {
					t.Fatalf("pattern %.50q on %q:\nscanner %v\noracle  %v", p, text, got, want)
				}
			}
			if got, want := scan.WhitespacePreTokenizer(nil, text), scan.WhitespaceOracle(t, text); !slices.Equal(got, want) {
				t.Fatalf("WhitespacePreTokenizer on %q:\ngot  %v\nwant %v", text, got, want)
			}
		}
	})
}
