//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSSMB returns the peak resident memory of a finished process, in MB (0 when the
// system does not say).
func peakRSSMB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss) / (1 << 20) // bytes there
	}
	return float64(ru.Maxrss) / 1024 // KiB
}
