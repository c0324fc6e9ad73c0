package fasttok_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// Benchmarks of whole-pipeline encoding, one per tokenizer family, on the documents of
// ../shared/assets/texts/speed-en.jsonl (FASTTOK_SHARED). Run them with
//
//	FASTTOK_SHARED=../shared go test -run '^$' -bench . -benchmem
//
// b.SetBytes makes `go test` report MB/s of input text.

func benchDocs(b *testing.B, name string) []string {
	shared := sharedDir(b)
	f, err := os.Open(filepath.Join(shared, "assets", "texts", name))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var docs []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		var rec struct {
			Text string `json:"text"`
		}
		if err := jsonutil.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, rec.Text)
	}
	return docs
}

func benchTokenizer(b testing.TB, name string) *fasttok.Tokenizer {
	tok, err := fasttok.Load(filepath.Join(sharedDir(b), "assets", "tokenizers", name+".json.gz"))
	if err != nil {
		b.Fatal(err)
	}
	return tok
}

var families = []struct{ family, name string }{
	{"BPE-ByteLevel", "gpt2"},
	{"BPE-Split-cl100k", "llama3"},
	{"BPE-Split-o200k", "gpt4o-o200k"},
	{"BPE-SentencePiece", "llama2"},
	{"WordPiece", "bert-base-uncased"},
	{"Unigram", "t5-small"},
}

func docsSize(docs []string) int64 {
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	return int64(n)
}

// BenchmarkEncode encodes every document into a full Encoding (tokens, offsets, ...).
func BenchmarkEncode(b *testing.B) {
	docs := benchDocs(b, "speed-en.jsonl")
	for _, f := range families {
		b.Run(f.family, func(b *testing.B) {
			tok := benchTokenizer(b, f.name)
			b.SetBytes(docsSize(docs))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, d := range docs {
					if _, err := tok.Encode(d); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkAppendIDs encodes every document on the ids-only path.
func BenchmarkAppendIDs(b *testing.B) {
	docs := benchDocs(b, "speed-en.jsonl")
	for _, f := range families {
		b.Run(f.family, func(b *testing.B) {
			tok := benchTokenizer(b, f.name)
			b.SetBytes(docsSize(docs))
			b.ReportAllocs()
			var ids []uint32
			var err error
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, d := range docs {
					if ids, err = tok.AppendIDs(ids[:0], d, tokenizer.EncodeOptions{}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkEncodeBatch encodes all the documents with EncodeBatch on 1 and 2 workers
// (full encodings), to show how it scales with cores.
func BenchmarkEncodeBatch(b *testing.B) {
	docs := benchDocs(b, "speed-en.jsonl")
	for _, f := range families[:1] {
		tok := benchTokenizer(b, f.name)
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", f.family, workers), func(b *testing.B) {
				b.SetBytes(docsSize(docs))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := tok.EncodeBatchTexts(context.Background(), docs, tokenizer.EncodeOptions{Workers: workers}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkAppendIDsBatch encodes all the documents with AppendIDsBatch (ids only) on 1
// and 2 workers, reusing its output buffer, per tokenizer family.
func BenchmarkAppendIDsBatch(b *testing.B) {
	docs := benchDocs(b, "speed-en.jsonl")
	for _, f := range families {
		tok := benchTokenizer(b, f.name)
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", f.family, workers), func(b *testing.B) {
				b.SetBytes(docsSize(docs))
				b.ReportAllocs()
				var ids []uint32
				var err error
				for i := 0; i < b.N; i++ {
					if ids, _, err = tok.AppendIDsBatch(context.Background(), ids[:0], docs, tokenizer.EncodeOptions{Workers: workers}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkWorstCase encodes one text without a split point, 100 KB and 1 MB long: one
// repeated letter, and random letters. Throughput must not fall with the length (no
// quadratic step), for every family.
func BenchmarkWorstCase(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := map[string]func(n int) string{
		"repeated": func(n int) string { return strings.Repeat("a", n) },
		"random": func(n int) string {
			buf := make([]byte, n)
			for i := range buf {
				buf[i] = byte('a' + rng.IntN(26))
			}
			return string(buf)
		},
	}
	for _, f := range families {
		tok := benchTokenizer(b, f.name)
		for _, kind := range []string{"repeated", "random"} {
			for _, size := range []int{100_000, 1_000_000} {
				text := texts[kind](size)
				b.Run(fmt.Sprintf("%s/%s/%dKB", f.family, kind, size/1000), func(b *testing.B) {
					b.SetBytes(int64(size))
					var ids []uint32
					var err error
					for i := 0; i < b.N; i++ {
						if ids, err = tok.AppendIDs(ids[:0], text, tokenizer.EncodeOptions{}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
