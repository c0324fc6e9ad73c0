package main

import (
	"io"
	"os"
	"testing"
)

// BenchmarkCLIEncode runs `fasttok encode --format ids` on the shared speed corpus
// (FASTTOK_SHARED), loading included.
func BenchmarkCLIEncode(b *testing.B) {
	// FASTTOK_BENCH_TOKENIZER (default gpt2) and FASTTOK_BENCH_WORKERS (default 1) choose the run.
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		b.Skip("FASTTOK_SHARED not set")
	}
	tok := os.Getenv("FASTTOK_BENCH_TOKENIZER")
	if tok == "" {
		tok = "gpt2"
	}
	workers := os.Getenv("FASTTOK_BENCH_WORKERS")
	if workers == "" {
		workers = "1"
	}
	for i := 0; i < b.N; i++ {
		args := []string{"encode", "--tokenizer", shared + "/assets/tokenizers/" + tok + ".json.gz",
			"--input", shared + "/assets/texts/speed-en.jsonl", "--format", "ids", "--workers", workers}
		if err := run(args, nil, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
