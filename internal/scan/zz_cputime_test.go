package scan

import (
	"os"
	"runtime"
	"syscall"
	"testing"
)

func threadCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return float64(ru.Utime.Sec) + float64(ru.Utime.Usec)/1e6 + float64(ru.Stime.Sec) + float64(ru.Stime.Usec)/1e6
}

func TestZZCPU(t *testing.T) {
	if os.Getenv("ZZCPU") == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	for _, file := range []string{"speed-en.jsonl", "speed-multi.jsonl"} {
		s := benchText(t, file)
		dst := make([][2]int, 0, len(s))
		for _, nm := range named {
			f, _ := Lookup(nm.pattern)
			dst = f(dst[:0], s)
			best := 1e9
			for k := 0; k < 5; k++ {
				t0 := threadCPU()
				for j := 0; j < 5; j++ {
					dst = f(dst[:0], s)
				}
				if d := threadCPU() - t0; d < best {
					best = d
				}
			}
			t.Logf("%-12s %-20s %7.1f MB/s", file[:10], nm.name, float64(len(s))*5/best/1e6)
		}
	}
}
