package datrie

import (
	"strings"
	"testing"
)

func TestBuildGet(t *testing.T) {
	keys := []string{"a", "ab", "abc", "b", "\x00", "\xff\x00", "", "ab", "zzz"}
	vals := []int32{0, 1, 2, 3, 4, 5, 6, 7, 8}
	tr := Build(keys, vals)
	for _, tc := range []struct {
		k  string
		v  int32
		ok bool
	}{
		{"a", 0, true}, {"ab", 7, true}, {"abc", 2, true}, {"b", 3, true}, {"\x00", 4, true},
		{"\xff\x00", 5, true}, {"", -1, false}, {"zz", -1, false}, {"zzz", 8, true}, {"abcd", -1, false},
		{"\xff", -1, false}, {"c", -1, false},
	} {
		v, ok := tr.Get(tc.k)
		if v != tc.v || ok != tc.ok {
			t.Errorf("Get(%q) = %d %v, want %d %v", tc.k, v, ok, tc.v, tc.ok)
		}
	}
	if v, ok := (&Trie{}).Get("a"); ok || v != -1 {
		t.Error("empty trie")
	}
	if v, ok := Build(nil, nil).Get("a"); ok || v != -1 {
		t.Error("empty build")
	}
}

func FuzzBuild(f *testing.F) {
	f.Add("a ab abc b \x00 zz")
	f.Fuzz(func(t *testing.T, s string) {
		keys := strings.Split(s, " ")
		vals := make([]int32, len(keys))
		want := map[string]int32{}
		for i, k := range keys {
			vals[i] = int32(i)
			if k != "" {
				want[k] = int32(i)
			}
		}
		tr := Build(keys, vals)
		for k, v := range want {
			if got, ok := tr.Get(k); !ok || got != v {
				t.Fatalf("Get(%q) = %d %v, want %d", k, got, ok, v)
			}
			got, ok := tr.Get(k + "\x01")
			if w, present := want[k+"\x01"]; ok != present || (ok && got != w) {
				t.Fatalf("Get(%q+1) = %d %v", k, got, ok)
			}
		}
	})
}
