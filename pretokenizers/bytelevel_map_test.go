package pretokenizers

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/fasttok/fasttok/internal/bytelevel"
)

// gpt2Chars appends the GPT-2 characters of the bytes of s, one by one.
func gpt2Chars(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, bytelevel.String(s[i])...)
	}
	return dst
}

// checkMapSpan compares mapSpanTo on every span of s with gpt2Chars, after a prefix
// already in dst; the bytes past the mapping it may overwrite are not compared.
func checkMapSpan(t *testing.T, s string) {
	t.Helper()
	prefix := []byte("pre")
	for a := 0; a <= len(s); a++ {
		for b := a; b <= len(s); b++ {
			want := gpt2Chars(append([]byte(nil), prefix...), s[a:b])
			dst := make([]byte, len(prefix), len(prefix)+2*(b-a)+spanSlack)
			copy(dst, prefix)
			got := mapSpanTo(dst, s, a, b)
			if !bytes.Equal(got, want) {
				t.Fatalf("mapSpanTo(%q, %d, %d) = %q, want %q", s, a, b, got, want)
			}
		}
	}
}

// TestMapSpanTo: every byte value at every place of an 8-byte window and around it,
// runs of self-mapping bytes of every length, and random texts.
func TestMapSpanTo(t *testing.T) {
	for c := 0; c < 256; c++ {
		for at := 0; at < 10; at++ {
			s := []byte("abcdefghij!~")
			s[at] = byte(c)
			checkMapSpan(t, string(s))
		}
	}
	checkMapSpan(t, " the quick brown fox, jumps over\tthe lazy dog.\n")
	checkMapSpan(t, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	checkMapSpan(t, "日本語のテキスト, and ASCII")
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		s := make([]byte, rng.IntN(40))
		for i := range s {
			switch rng.IntN(4) {
			case 0:
				s[i] = byte(rng.IntN(256))
			case 1:
				s[i] = ' '
			default:
				s[i] = byte('!' + rng.IntN('~'-'!'+1))
			}
		}
		checkMapSpan(t, string(s))
	}
}

func FuzzMapSpanTo(f *testing.F) {
	f.Add(" hello world", 0, 6)
	f.Add("\x00\x7f\x80 !~", 1, 5)
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		if a < 0 || b < a || b > len(s) {
			return
		}
		want := gpt2Chars(nil, s[a:b])
		got := mapSpanTo(make([]byte, 0, 2*(b-a)+spanSlack), s, a, b)
		if !bytes.Equal(got, want) {
			t.Fatalf("mapSpanTo(%q, %d, %d) = %q, want %q", s, a, b, got, want)
		}
	})
}
