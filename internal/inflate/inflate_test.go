package inflate

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// gz compresses data with compress/gzip at level, with a name and comment in the
// header when named.
func gz(t testing.TB, data []byte, level int, named bool) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, level)
	if err != nil {
		t.Fatal(err)
	}
	if named {
		w.Name, w.Comment, w.Extra = "tokenizer.json", "a comment", []byte("extra")
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// want is compress/gzip's text of src.
func want(src []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// texts are inputs of the kinds DEFLATE codes differently.
func texts() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 300<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var js strings.Builder
	js.WriteString("{\n  \"model\": {\n    \"vocab\": {\n")
	for i := range 40000 {
		fmt.Fprintf(&js, "      \"tok%dĠ\\u00e9%c\": %d,\n", rng.IntN(5000), 'a'+rng.IntN(26), i)
	}
	js.WriteString("    }\n  }\n}\n")
	small := make([]byte, 1000)
	for i := range small {
		small[i] = "ab"[rng.IntN(2)]
	}
	return map[string][]byte{
		"empty":  nil,
		"one":    []byte("x"),
		"runs":   bytes.Repeat([]byte("a"), 100000),
		"period": bytes.Repeat([]byte("abcdefg"), 20000),
		"random": random,
		"json":   []byte(js.String()),
		"small":  small,
	}
}

func TestGunzip(t *testing.T) {
	for name, text := range texts() {
		for _, level := range []int{gzip.HuffmanOnly, gzip.NoCompression, gzip.BestSpeed, 5, gzip.BestCompression} {
			for _, named := range []bool{false, true} {
				src := gz(t, text, level, named)
				var pubs [][]byte
				got, err := Gunzip(make([]byte, 0, 100), src, -1, func(b []byte) { pubs = append(pubs, b) })
				if err != nil || !bytes.Equal(got, text) {
					t.Fatalf("%s level %d: %d bytes, %v; want %d bytes", name, level, len(got), err, len(text))
				}
				for i, p := range pubs {
					if !bytes.Equal(p, text[:len(p)]) || i > 0 && len(p) < len(pubs[i-1]) {
						t.Fatalf("%s level %d: publication %d (%d bytes) is no growing prefix", name, level, i, len(p))
					}
				}
				if len(pubs) == 0 || len(pubs[len(pubs)-1]) != len(text) {
					t.Fatalf("%s level %d: the whole text was not published", name, level)
				}
				// A buffer of the text's size is filled in place, never outgrown.
				exact := make([]byte, 0, len(text))
				got, err = Gunzip(exact, src, -1, nil)
				if err != nil || !bytes.Equal(got, text) || len(text) > 0 && &got[0] != &exact[:1][0] {
					t.Fatalf("%s level %d, exact buffer: %d bytes, %v, moved %v", name, level, len(got), err, len(text) > 0 && &got[0] != &exact[:1][0])
				}
			}
		}
	}
}

func TestGunzipMembersAndAppend(t *testing.T) {
	a, b := []byte(strings.Repeat("first member ", 1000)), []byte(strings.Repeat("second ", 3000))
	src := append(gz(t, a, 6, false), gz(t, b, 1, true)...)
	got, err := Gunzip([]byte("prefix:"), src, -1, nil)
	if err != nil || string(got) != "prefix:"+string(a)+string(b) {
		t.Fatalf("two members: %d bytes, %v", len(got), err)
	}
}

func TestGunzipLimit(t *testing.T) {
	text := texts()["json"]
	src := gz(t, text, 6, false)
	if got, err := Gunzip(nil, src, int64(len(text)), nil); err != nil || !bytes.Equal(got, text) {
		t.Fatalf("limit = length: %v", err)
	}
	if _, err := Gunzip(nil, src, int64(len(text)-1), nil); !errors.Is(err, ErrLimit) {
		t.Fatalf("limit = length-1: %v, want ErrLimit", err)
	}
	if _, err := Gunzip(nil, gz(t, text, 0, false), 10, nil); !errors.Is(err, ErrLimit) {
		t.Fatalf("stored, limit 10: %v, want ErrLimit", err)
	}
}

func TestGunzipCorrupt(t *testing.T) {
	src := gz(t, texts()["json"], 6, true)
	cases := map[string][]byte{
		"empty":      nil,
		"short":      src[:5],
		"no header":  []byte("{\"model\": 1}"),
		"truncated":  src[:len(src)/2],
		"no trailer": src[:len(src)-8],
		"bad crc":    append(append([]byte{}, src[:len(src)-8]...), 1, 2, 3, 4, 5, 6, 7, 8),
		"garbage":    append(append([]byte{}, src...), "trailing"...),
	}
	for name, c := range cases {
		if _, err := Gunzip(nil, c, -1, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzGunzip(f *testing.F) {
	for _, text := range texts() {
		if len(text) < 5000 {
			f.Add(gz(f, text, 6, false))
			f.Add(gz(f, text, gzip.HuffmanOnly, true))
		}
	}
	f.Add(gz(f, []byte(strings.Repeat("abc ", 500)), 9, false))
	f.Fuzz(func(t *testing.T, src []byte) {
		got, err := Gunzip(nil, src, 1<<20, nil)
		exp, werr := want(src)
		if err == nil && werr == nil && !bytes.Equal(got, exp) {
			t.Fatalf("text differs from compress/gzip's: %d against %d bytes", len(got), len(exp))
		}
		if err != nil && werr == nil && len(exp) <= 1<<20 {
			t.Fatalf("error %v; compress/gzip reads %d bytes", err, len(exp))
		}
	})
}

func BenchmarkGunzip(b *testing.B) {
	src := gz(b, texts()["json"], 6, false)
	text, _ := want(src)
	b.SetBytes(int64(len(text)))
	buf := make([]byte, 0, len(text)+1)
	for b.Loop() {
		if _, err := Gunzip(buf, src, -1, nil); err != nil {
			b.Fatal(err)
		}
	}
}
