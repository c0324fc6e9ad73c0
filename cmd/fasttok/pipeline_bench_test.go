package main

import (
	"io"
	"os"
	"testing"
)

// BenchmarkCLIEncode runs `fasttok encode --format ids` on a shared speed corpus
// (FASTTOK_SHARED), loading included.
func BenchmarkCLIEncode(b *testing.B) {
	// FASTTOK_BENCH_TOKENIZER (default gpt2), FASTTOK_BENCH_INPUT (a file of
	// assets/texts, default speed-en.jsonl) and FASTTOK_BENCH_WORKERS (default 1)
	// choose the run.
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		b.Skip("FASTTOK_SHARED not set")
	}
	tok := os.Getenv("FASTTOK_BENCH_TOKENIZER")
	if tok == "" {
		tok = "gpt2"
	}
	input := os.Getenv("FASTTOK_BENCH_INPUT")
	if input == "" {
		input = "speed-en.jsonl"
	}
	workers := os.Getenv("FASTTOK_BENCH_WORKERS")
	if workers == "" {
		workers = "1"
	}
	for i := 0; i < b.N; i++ {
		args := []string{"encode", "--tokenizer", shared + "/assets/tokenizers/" + tok + ".json.gz",
			"--input", shared + "/assets/texts/" + input, "--format", "ids", "--workers", workers}
		if err := run(args, nil, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
