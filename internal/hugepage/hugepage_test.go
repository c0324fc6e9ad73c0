package hugepage

import "testing"

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
