package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the CLI's garbage collection target (GOGC). The run's live heap is
// mostly the tokenizer, built once; collecting at twice the default ratio saves a
// few collections of it during loading and encoding, for a peak memory still far
// below the reference's. A GOGC set in the environment wins.
const gcPercent = 200

func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
