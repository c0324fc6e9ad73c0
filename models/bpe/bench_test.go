package bpe

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/internal/bytelevel"
	"github.com/fasttok/fasttok/tokenizer"
)

// Benchmarks over the words of assets/texts/speed-en.jsonl (split on spaces), as the
// pipeline hands them to the model: gpt2 words are byte-level encoded with "Ġ" for
// the space before them, llama2 words get "▁". Run with
//   FASTTOK_SHARED=/work/shared go test -run '^$' -bench . -benchmem ./models/bpe/

func benchShared(b *testing.B) string {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		b.Skip("FASTTOK_SHARED not set (e.g. FASTTOK_SHARED=/work/shared)")
	}
	return shared
}

func speedWords(b testing.TB, shared string, mark func(string) string) ([]string, int) {
	f, err := os.Open(filepath.Join(shared, "assets", "texts", "speed-en.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var words []string
	total := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		for _, w := range strings.Fields(r.Text) {
			w = mark(w)
			words = append(words, w)
			total += len(w)
		}
	}
	return words, total
}

func gpt2Word(w string) string { return string(bytelevel.Encode(nil, " "+w)) }

func llamaWord(w string) string { return "▁" + w }

type benchModel struct {
	name  string
	model string
	mark  func(string) string
}

var benchModels = []benchModel{{"gpt2", "gpt2", gpt2Word}, {"llama2", "llama2", llamaWord}}

func BenchmarkWords(b *testing.B) {
	shared := benchShared(b)
	for _, bm := range benchModels {
		m := loadRealModel(b, shared, bm.model)
		nocache, err := New(m.Vocab(), m.Merges(), WithCacheCapacity(0),
			withUnkTokenIf(m.UnkToken()), WithFuseUnk(m.FuseUnk()), WithByteFallback(m.ByteFallback()),
			WithIgnoreMerges(m.IgnoreMerges()))
		if err != nil {
			b.Fatal(err)
		}
		words, total := speedWords(b, shared, bm.mark)
		for _, v := range []struct {
			name string
			m    *BPE
		}{{"cached", m}, {"nocache", nocache}} {
			b.Run(bm.name+"/AppendIDs/"+v.name, func(b *testing.B) {
				b.SetBytes(int64(total))
				b.ReportAllocs()
				var ids []uint32
				for b.Loop() {
					ids = ids[:0]
					for _, w := range words {
						ids, _ = v.m.AppendIDs(ids, w)
					}
				}
			})
			b.Run(bm.name+"/AppendTokens/"+v.name, func(b *testing.B) {
				b.SetBytes(int64(total))
				b.ReportAllocs()
				var toks []tokenizer.Token
				for b.Loop() {
					for _, w := range words {
						toks, _ = v.m.AppendTokens(toks[:0], w)
					}
				}
			})
			b.Run(bm.name+"/Tokenize/"+v.name, func(b *testing.B) {
				b.SetBytes(int64(total))
				b.ReportAllocs()
				for b.Loop() {
					for _, w := range words {
						_, _ = v.m.Tokenize(w)
					}
				}
			})
		}
	}
}

// BenchmarkWordsParallel runs AppendIDs (cached) from all Ps at once, to show that
// the cache does not serialize them.
func BenchmarkWordsParallel(b *testing.B) {
	shared := benchShared(b)
	m := loadRealModel(b, shared, "gpt2")
	words, total := speedWords(b, shared, gpt2Word)
	b.SetBytes(int64(total / len(words)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var ids []uint32
		i := 0
		for pb.Next() {
			ids, _ = m.AppendIDs(ids[:0], words[i])
			if i++; i == len(words) {
				i = 0
			}
		}
	})
}

// BenchmarkLongWord is the worst case: one long word of a repeated letter.
func BenchmarkLongWord(b *testing.B) {
	shared := benchShared(b)
	m := loadRealModel(b, shared, "gpt2")
	for _, n := range []int{100 << 10, 1 << 20} {
		w := strings.Repeat("a", n)
		b.Run(byteSize(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			var ids []uint32
			for b.Loop() {
				ids, _ = m.AppendIDs(ids[:0], w)
			}
		})
	}
}

func byteSize(n int) string {
	if n >= 1<<20 {
		return strconv.Itoa(n>>20) + "MB"
	}
	return strconv.Itoa(n>>10) + "KB"
}

// withUnkTokenIf is WithUnkToken when ok (to copy a model's settings).
func withUnkTokenIf(tok string, ok bool) Option {
	if !ok {
		return func(*config) {}
	}
	return WithUnkToken(tok)
}

// BenchmarkWord measures single gpt2 words: a cache hit, and merges without cache.
func BenchmarkWord(b *testing.B) {
	shared := benchShared(b)
	m := loadRealModel(b, shared, "gpt2")
	nocache, err := New(m.Vocab(), m.Merges(), WithCacheCapacity(0))
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []string{"Ġthe", "Ġhello", "Ġunbelievably", "Ġantidisestablishmentarianism"} {
		b.Run("hit/"+w, func(b *testing.B) {
			b.SetBytes(int64(len(w)))
			var ids []uint32
			for b.Loop() {
				ids, _ = m.AppendIDs(ids[:0], w)
			}
		})
		b.Run("merge/"+w, func(b *testing.B) {
			b.SetBytes(int64(len(w)))
			var ids []uint32
			for b.Loop() {
				ids, _ = nocache.AppendIDs(ids[:0], w)
			}
		})
	}
}

// BenchmarkParse measures loading the model section of real tokenizers.
func BenchmarkParse(b *testing.B) {
	shared := benchShared(b)
	for _, name := range []string{"gpt2", "llama3", "gemma"} {
		data := realModelJSON(b, shared, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
