package onig

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// benchPatterns are the most common pre-tokenizer regexes.
var benchPatterns = map[string]string{
	"gpt2":   `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
	"cl100k": `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
	"o200k":  `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
	"ws":     `\w+|[^\w\s]+`,
}

// benchText reads up to n bytes of texts from $FASTTOK_SHARED/assets/texts/speed-en.jsonl.
func benchText(b *testing.B, n int) []string {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		b.Skip("FASTTOK_SHARED not set")
	}
	f, err := os.Open(filepath.Join(shared, "assets/texts/speed-en.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []string
	total := 0
	for sc.Scan() && total < n {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		out = append(out, r.Text)
		total += len(r.Text)
	}
	return out
}

func BenchmarkFindMatches(b *testing.B) {
	texts := benchText(b, 200000)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	for name, p := range benchPatterns {
		for _, c := range []struct {
			kind    string
			compile func(string) (*Regex, error)
		}{{"regexp2", CompileNoScanner}, {"scanner", Compile}} {
			b.Run(name+"/"+c.kind, func(b *testing.B) {
				re, err := c.compile(p)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for b.Loop() {
					for _, t := range texts {
						if _, err := re.FindMatches(t); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}

// BenchmarkCompile measures translation plus regexp2 compilation (CompileNoScanner without
// its cache).
func BenchmarkCompile(b *testing.B) {
	for name, p := range benchPatterns {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tr, err := translate(p)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := compileRegexp2(tr); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
