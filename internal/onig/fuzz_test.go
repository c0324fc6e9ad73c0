package onig

import (
	"testing"
	"unicode/utf8"
)

func FuzzCompile(f *testing.F) {
	for _, p := range []string{`a*+`, `[a-z&&[^aeiou]]`, `(?i)ß`, `\p{Han}+`, `[[:alpha:]]`, `\X`, `(?<=a)b`,
		`a{,2}`, `[^(\s|[.,!?…])]+`, `(?>\s+)(?!\S)|\S+`, `\b`, `(a)\1`, `(?x) a # c`, `\xc3\xa9`, `[`, `(`, `\`} {
		f.Add(p, "aé b ss ß\n12")
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 64 || len(s) > 64 {
			return
		}
		re, err := Compile(pattern)
		if err != nil {
			return
		}
		m, err := re.FindMatches(s)
		if err != nil {
			return
		}
		checkCover(t, s, m)
	})
}

func FuzzFindMatches(f *testing.F) {
	patterns := []string{}
	for _, p := range benchPatterns {
		patterns = append(patterns, p)
	}
	patterns = append(patterns, `\b`, `a*`, `(?=(\d{3})+(?!\d))`, `\X`, `(?i)ss`, `^\s+|\s+$`)
	res := make([]*Regex, len(patterns))
	for i, p := range patterns {
		res[i] = MustCompile(p)
	}
	f.Add("Hello world! I'm 12345 ß\r\n  \u00a0x")
	f.Add("\xff\xfe a\xc3")
	f.Fuzz(func(t *testing.T, s string) {
		for _, re := range res {
			m, err := re.FindMatches(s)
			if err != nil {
				t.Fatal(err)
			}
			checkCover(t, s, m)
			for _, x := range m {
				if x.Start < len(s) && !utf8.RuneStart(s[x.Start]) && utf8.ValidString(s) {
					t.Fatalf("%q: piece %v does not start on a character", s, x)
				}
			}
		}
	})
}
