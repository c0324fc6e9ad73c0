package main

import (
	"math"
	"os"
	"runtime/debug"
	"sync"
)

// gcPercent is the CLI's garbage collection target (GOGC). The run's live heap is
// mostly the tokenizer, built once; collecting at twice the default ratio saves a
// few collections of it during loading and encoding, for a peak memory still far
// below the reference's. A GOGC set in the environment wins.
const gcPercent = 200

// loadMemoryLimit bounds the heap while the collector is off during loading (a
// safety net: loading the largest tokenizers leaves a few MB of garbage).
const loadMemoryLimit = 1 << 30

// gcDuringLoad is whether the collector runs while the tokenizer loads (it does
// when GOGC is set in the environment). Loading builds the live heap and leaves
// little garbage: collecting then only marks what stays; the first collection
// after loading does it once.
var gcDuringLoad = os.Getenv("GOGC") != ""

func init() {
	if !gcDuringLoad {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(loadMemoryLimit)
	}
}

var loadedOnce sync.Once

// gcLoaded restores the collector's settings for the rest of the run, once the
// tokenizer is loaded (or failed to).
func gcLoaded() {
	loadedOnce.Do(func() {
		if !gcDuringLoad {
			debug.SetGCPercent(gcPercent)
			debug.SetMemoryLimit(math.MaxInt64)
		}
	})
}
