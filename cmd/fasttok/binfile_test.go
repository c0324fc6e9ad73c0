package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeBin(t *testing.T, path, dtype string, vocab int, eos int64, docs [][]uint32) {
	t.Helper()
	w, err := newBinWriter(path, dtype, vocab, eos)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := w.WriteDoc(d); err != nil {
			t.Fatal(err)
		}
	}
	if w.Docs() != len(docs) {
		t.Errorf("Docs() = %d, want %d", w.Docs(), len(docs))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// Documents written (empty ones included, with and without a separator, in both
// dtypes) read back as written.
func TestBinRoundTrip(t *testing.T) {
	big := make([]uint32, 600_000) // larger than the write buffer
	for i := range big {
		big[i] = uint32(i*7919) % 50257
	}
	docs := [][]uint32{{15496, 995}, {}, {0}, {65535, 1, 2}, big, {}, {42}}
	for _, dtype := range []string{"uint16", "uint32"} {
		for _, eos := range []int64{-1, 50256, 0} {
			path := filepath.Join(t.TempDir(), "tokens.bin")
			writeBin(t, path, dtype, 65536, eos, docs)
			gotType, got, err := readBinFile(path)
			if err != nil {
				t.Fatalf("%s eos %d: %v", dtype, eos, err)
			}
			if gotType != dtype {
				t.Errorf("dtype = %q, want %q", gotType, dtype)
			}
			want := make([][]uint32, len(docs))
			for i, d := range docs {
				want[i] = append([]uint32{}, d...)
				if eos >= 0 {
					want[i] = append(want[i], uint32(eos))
				}
			}
			if !equalDocs(want, got) {
				t.Errorf("%s eos %d: documents differ (-want +got):\n%.2000s", dtype, eos, cmp.Diff(want, got))
			}
			// nanoGPT's view: the token file alone is every id back to back.
			data, _ := os.ReadFile(path)
			width := map[string]int{"uint16": 2, "uint32": 4}[dtype]
			var flat []uint32
			for _, d := range want {
				flat = append(flat, d...)
			}
			if len(data) != width*len(flat) {
				t.Fatalf("%s: %d bytes, want %d", dtype, len(data), width*len(flat))
			}
			for i, id := range flat {
				var v uint32
				if width == 2 {
					v = uint32(binary.LittleEndian.Uint16(data[2*i:]))
				} else {
					v = binary.LittleEndian.Uint32(data[4*i:])
				}
				if v != id {
					t.Fatalf("%s: token %d is %d, want %d", dtype, i, v, id)
				}
			}
		}
	}
}

func equalDocs(a, b [][]uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestBinNoDocs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty")
	writeBin(t, path, "uint16", 100, -1, nil)
	if _, err := os.Stat(path + ".idx"); err != nil {
		t.Fatal(err)
	}
	dtype, docs, err := readBinFile(path)
	if err != nil || dtype != "uint16" || len(docs) != 0 {
		t.Fatalf("readBinFile = %q, %v, %v", dtype, docs, err)
	}
}

func TestIndexPath(t *testing.T) {
	for in, want := range map[string]string{
		"out.bin":          "out.idx",
		"/d/train.bin":     "/d/train.idx",
		"out":              "out.idx",
		"out.u16":          "out.u16.idx",
		".bin":             ".bin.idx",
		"/d/.bin":          "/d/.bin.idx",
		"data/tokens.bins": "data/tokens.bins.idx",
	} {
		if got := indexPath(in); got != want {
			t.Errorf("indexPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// The index, decoded by hand as Megatron-LM's _IndexReader reads it: magic, version,
// dtype code, sequence count, document index count, int32 lengths, int64 byte
// offsets, int64 document indices.
func TestBinIndexLayout(t *testing.T) {
	for _, c := range []struct {
		dtype string
		width int
		code  byte
	}{{"uint16", 2, 8}, {"uint32", 4, 4}} {
		path := filepath.Join(t.TempDir(), "x.bin")
		writeBin(t, path, c.dtype, 1000, 7, [][]uint32{{1, 2, 3}, {}, {4, 5}})
		b, err := os.ReadFile(filepath.Join(filepath.Dir(path), "x.idx"))
		if err != nil {
			t.Fatal(err)
		}
		le := binary.LittleEndian
		var want []byte
		want = append(want, "MMIDIDX\x00\x00"...)
		want = le.AppendUint64(want, 1)
		want = append(want, c.code)
		want = le.AppendUint64(want, 3) // sequences
		want = le.AppendUint64(want, 4) // document indices (documents + 1)
		for _, l := range []uint32{4, 1, 3} {
			want = le.AppendUint32(want, l)
		}
		for _, p := range []uint64{0, 4, 5} {
			want = le.AppendUint64(want, p*uint64(c.width))
		}
		for _, d := range []uint64{0, 1, 2, 3} {
			want = le.AppendUint64(want, d)
		}
		if diff := cmp.Diff(want, b); diff != "" {
			t.Errorf("%s index (-want +got):\n%s", c.dtype, diff)
		}
		data, _ := os.ReadFile(path)
		if len(data) != 8*c.width {
			t.Errorf("%s: token file of %d bytes, want %d", c.dtype, len(data), 8*c.width)
		}
	}
}

func TestBinWriterErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		dtype string
		vocab int
		eos   int64
		want  string
	}{
		{"uint16", 65537, -1, "65537 tokens"},
		{"uint16", 128256, -1, "--dtype uint32"},
		{"uint16", 100, 70000, "separator id 70000"},
		{"int32", 100, -1, `unknown dtype "int32"`},
		{"", 100, -1, "unknown dtype"},
	} {
		_, err := newBinWriter(filepath.Join(dir, "x"), c.dtype, c.vocab, c.eos)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("newBinWriter(%q, %d, %d) = %v, want an error with %q", c.dtype, c.vocab, c.eos, err, c.want)
		}
	}
	if _, err := newBinWriter(filepath.Join(dir, "no/such/dir/x"), "uint16", 10, -1); err == nil {
		t.Error("newBinWriter in a missing directory: no error")
	}
	// Exactly 65536 ids fit uint16.
	path := filepath.Join(dir, "ok")
	writeBin(t, path, "uint16", 65536, 65535, [][]uint32{{65535}})

	// An id beyond the dtype fails the run and leaves an index no reader takes.
	path = filepath.Join(dir, "bad.bin")
	w, err := newBinWriter(path, "uint16", 100, -1)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDoc([]uint32{1, 2}); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDoc([]uint32{1, 70000}); err == nil || !strings.Contains(err.Error(), "70000") {
		t.Errorf("WriteDoc(70000) = %v, want an error naming the id", err)
	}
	if err := w.WriteDoc([]uint32{1}); err == nil {
		t.Error("WriteDoc after an error: no error")
	}
	if err := w.Close(); err == nil {
		t.Error("Close after an error: no error")
	}
	if _, _, err := readBinFile(path); err == nil {
		t.Error("readBinFile of a failed run: no error")
	}
}

// readBinFile rejects every kind of damage with an error saying what is wrong.
func TestReadBinFileErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.bin")
	writeBin(t, path, "uint16", 1000, -1, [][]uint32{{1, 2, 3}, {4, 5}})
	idx, _ := os.ReadFile(filepath.Join(dir, "t.idx"))
	data, _ := os.ReadFile(path)
	le := binary.LittleEndian
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte{}, idx...)) }
	for _, c := range []struct {
		name string
		idx  []byte
		data []byte
		want string
	}{
		{"short", idx[:20], data, "shorter than"},
		{"magic", edit(func(b []byte) []byte { b[0] = 'X'; return b }), data, "bad magic"},
		{"version", edit(func(b []byte) []byte { b[9] = 2; return b }), data, "version 2"},
		{"dtype", edit(func(b []byte) []byte { b[17] = 5; return b }), data, "dtype code 5"},
		{"count", edit(func(b []byte) []byte { le.PutUint64(b[18:], 3); return b }), data, "document indices"},
		{"huge count", edit(func(b []byte) []byte { le.PutUint64(b[18:], 1<<62); le.PutUint64(b[26:], 1<<62+1); return b }), data, "cannot fit"},
		{"truncated", idx[:len(idx)-1], data, "want"},
		{"doc index", edit(func(b []byte) []byte { le.PutUint64(b[len(b)-8:], 9); return b }), data, "document index 2"},
		{"pointer", edit(func(b []byte) []byte { le.PutUint64(b[34+8+8:], 4); return b }), data, "byte offset 4, want 6"},
		{"negative length", edit(func(b []byte) []byte { le.PutUint32(b[34:], 1<<31); return b }), data, "negative length"},
		{"short data", idx, data[:len(data)-2], "beyond the end"},
		{"long data", idx, append(append([]byte{}, data...), 0, 0), "accounts for 10"},
	} {
		if err := os.WriteFile(filepath.Join(dir, "t.idx"), c.idx, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := readBinFile(path); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: readBinFile = %v, want an error with %q", c.name, err, c.want)
		}
	}
	if _, _, err := readBinFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file: no error")
	}
}

func BenchmarkBinWriteDoc(b *testing.B) {
	doc := make([]uint32, 512)
	for i := range doc {
		doc[i] = uint32(i * 97 % 50000)
	}
	for _, dtype := range []string{"uint16", "uint32"} {
		b.Run(dtype, func(b *testing.B) {
			w, err := newBinWriter(filepath.Join(b.TempDir(), "x.bin"), dtype, 50257, 50256)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(doc)) * 4) // ids in, as uint32
			b.ReportAllocs()
			for b.Loop() {
				if err := w.WriteDoc(doc); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
