package prefetch

import (
	"testing"
	"unsafe"
)

// TestAddr prefetches the lines of a buffer, its ends included: it must neither
// fault nor change the memory.
func TestAddr(t *testing.T) {
	buf := make([]byte, 4096)
	for i := range buf {
		buf[i] = byte(i)
	}
	for i := 0; i < len(buf); i += 64 {
		Addr(unsafe.Pointer(&buf[i]))
	}
	Addr(unsafe.Pointer(&buf[len(buf)-1]))
	for i := range buf {
		if buf[i] != byte(i) {
			t.Fatalf("byte %d changed", i)
		}
	}
}

func BenchmarkAddr(b *testing.B) {
	buf := make([]byte, 64)
	for b.Loop() {
		Addr(unsafe.Pointer(&buf[0]))
	}
}
