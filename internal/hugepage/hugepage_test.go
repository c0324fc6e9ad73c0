package hugepage

import (
	"testing"
	"unsafe"
)

func TestSlice(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 3 << 20, 9<<20 + 5} {
		s := Slice[uint64](n)
		if len(s) != n {
			t.Fatalf("len %d, want %d", len(s), n)
		}
		for i := 0; i < n; i += 4096 {
			if s[i] != 0 {
				t.Fatalf("Slice(%d)[%d] = %d, want 0", n, i, s[i])
			}
			s[i] = uint64(i)
		}
		for i := 0; i < n; i += 4096 {
			if s[i] != uint64(i) {
				t.Fatalf("Slice(%d)[%d] = %d after a write", n, i, s[i])
			}
		}
	}
}

func TestSliceAligned(t *testing.T) {
	for _, n := range []int{minSize / 8, 3<<20 + 1, 9 << 20} {
		s := Slice[uint64](n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Slice(%d): len %d cap %d", n, len(s), cap(s))
		}
		if enabled && uintptr(unsafe.Pointer(&s[0]))%hugeSize != 0 {
			t.Errorf("Slice(%d) starts at %p, not on a huge page boundary", n, &s[0])
		}
	}
}
