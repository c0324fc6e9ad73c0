package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/fasttok/fasttok/tokenizer"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
)

// TestBigCorpus is issue #11's proof, run by testdata/big.sh (FASTTOK_BIG=1, and
// FASTTOK_SHARED for the texts; FASTTOK_BIG_MB sets the corpus size, default 200).
// Under FASTTOK_BIG_DIR (default /tmp/fasttok-big) it builds a JSON Lines corpus of
// the shared texts (speed-en, speed-multi and corpus, with its pairs, repeated), the
// same corpus as Parquet and as .jsonl.zst, and the fasttok binary; then it encodes
// the corpus with --workers 2 to --format ids and to --format bin, alternating, and
// checks:
//   - peak RSS (the child's rusage) under 300 MB;
//   - the ids equal those of encoding each record alone (in this process);
//   - the bin file holds the same ids, its index the same documents;
//   - bin throughput within 10% of ids (best of the rounds);
//   - the Parquet and .jsonl.zst inputs give byte-identical bin and index files.
func TestBigCorpus(t *testing.T) {
	if os.Getenv("FASTTOK_BIG") != "1" {
		t.Skip("FASTTOK_BIG=1 runs the 200 MB corpus test (testdata/big.sh)")
	}
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		t.Skip("FASTTOK_SHARED is not set")
	}
	mb := 200
	if v := os.Getenv("FASTTOK_BIG_MB"); v != "" {
		mb, _ = strconv.Atoi(v)
	}
	dir := os.Getenv("FASTTOK_BIG_DIR")
	if dir == "" {
		dir = "/tmp/fasttok-big"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		t.Skip("no /usr/bin/time to measure the peak RSS with")
	}
	exe := filepath.Join(dir, "fasttok")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// The base records: every record of the three texts, as {"text", "pair"?}.
	type rec struct {
		Text string  `json:"text" parquet:"text"`
		Pair *string `json:"pair,omitempty" parquet:"pair,optional"`
	}
	var base []rec
	var baseLines [][]byte
	for _, name := range []string{"speed-en.jsonl", "speed-multi.jsonl", "corpus.jsonl"} {
		data, err := os.ReadFile(filepath.Join(shared, "assets", "texts", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var r rec
			if err := json.Unmarshal(line, &r); err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(r)
			base = append(base, r)
			baseLines = append(baseLines, b)
		}
	}
	// Each record alone: the expected ids.
	tok, err := loadTokenizer("")
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]uint32, len(base))
	for i, r := range base {
		in := tokenizer.Input{First: tokenizer.Sequence{Text: r.Text}}
		if r.Pair != nil {
			in.Second = &tokenizer.Sequence{Text: *r.Pair}
		}
		enc, err := tok.EncodeInput(in, tokenizer.EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = enc.IDs
	}

	// The corpus, in three forms.
	jsonlPath := filepath.Join(dir, "corpus.jsonl")
	zstPath := jsonlPath + ".zst"
	parquetPath := filepath.Join(dir, "corpus.parquet")
	start := time.Now()
	records := 0
	{
		f, _ := os.Create(jsonlPath)
		zf, _ := os.Create(zstPath)
		zw, _ := zstd.NewWriter(zf)
		pf, _ := os.Create(parquetPath)
		pw := parquet.NewGenericWriter[rec](pf, parquet.MaxRowsPerRowGroup(20000))
		bw := bufio.NewWriterSize(io.MultiWriter(f, zw), 1<<20)
		size := 0
		for size < mb<<20 {
			for i, line := range baseLines {
				bw.Write(line)
				bw.WriteByte('\n')
				size += len(line) + 1
				if _, err := pw.Write([]rec{base[i]}); err != nil {
					t.Fatal(err)
				}
				records++
			}
		}
		for _, err := range []error{bw.Flush(), zw.Close(), pw.Close(), f.Close(), zf.Close(), pf.Close()} {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	fi, _ := os.Stat(jsonlPath)
	zi, _ := os.Stat(zstPath)
	pi, _ := os.Stat(parquetPath)
	t.Logf("corpus: %d records, %.1f MB jsonl, %.1f MB zst, %.1f MB parquet (made in %v)",
		records, float64(fi.Size())/1e6, float64(zi.Size())/1e6, float64(pi.Size())/1e6, time.Since(start).Round(time.Millisecond))

	type result struct {
		wall   time.Duration
		cpu    time.Duration // user + system
		maxRSS int64         // bytes
	}
	runOnce := func(args ...string) result {
		t.Helper()
		// Through /usr/bin/time: a child's rusage counts the peak RSS of the
		// process it was forked from (this test's) until its exec.
		rss := filepath.Join(dir, "rss")
		cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%M %U %S", "-o", rss, exe}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		begin := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		wall := time.Since(begin)
		data, err := os.ReadFile(rss)
		if err != nil {
			t.Fatal(err)
		}
		var kb int64
		var user, sys float64
		if _, err := fmt.Sscan(string(data), &kb, &user, &sys); err != nil {
			t.Fatalf("/usr/bin/time: %q: %v", data, err)
		}
		return result{wall, time.Duration((user + sys) * float64(time.Second)), kb << 10}
	}
	idsPath := filepath.Join(dir, "out.ids")
	binPath := filepath.Join(dir, "out.bin")
	common := []string{"encode", "--workers", "2", "--quiet"}
	best := map[string]result{}
	for round := 0; round < 3; round++ {
		for _, format := range []string{"ids", "bin"} {
			out := idsPath
			if format == "bin" {
				out = binPath
			}
			r := runOnce(append(common, "--format", format, "--output", out, jsonlPath)...)
			t.Logf("round %d, --format %s: %v wall (%.1f MB/s), %v CPU, peak RSS %.1f MB", round, format,
				r.wall.Round(time.Millisecond), float64(fi.Size())/1e6/r.wall.Seconds(), r.cpu.Round(time.Millisecond), float64(r.maxRSS)/1e6)
			b, ok := best[format]
			if !ok || r.wall < b.wall {
				b.wall = r.wall
			}
			if !ok || r.cpu < b.cpu {
				b.cpu = r.cpu
			}
			b.maxRSS = max(b.maxRSS, r.maxRSS)
			best[format] = b
		}
	}
	for format, r := range best {
		t.Logf("--format %s: best %v wall (%.1f MB/s), best %v CPU, peak RSS %.1f MB", format, r.wall.Round(time.Millisecond),
			float64(fi.Size())/1e6/r.wall.Seconds(), r.cpu.Round(time.Millisecond), float64(r.maxRSS)/1e6)
		if r.maxRSS >= 300e6 {
			t.Errorf("--format %s: peak RSS %.1f MB, want < 300 MB", format, float64(r.maxRSS)/1e6)
		}
	}
	// Throughput by CPU time (the machine may be shared: wall times are logged too).
	wallRatio := best["bin"].wall.Seconds() / best["ids"].wall.Seconds()
	if ratio := best["bin"].cpu.Seconds() / best["ids"].cpu.Seconds(); ratio > 1.10 {
		t.Errorf("bin takes %.2f× the CPU time of ids (wall: %.2f×), want within 10%%", ratio, wallRatio)
	} else {
		t.Logf("bin/ids: CPU time ratio %.3f, wall time ratio %.3f", ratio, wallRatio)
	}

	// The ids: each record's alone; the bin file: the same ids.
	checkIDs(t, idsPath, want)
	checkBin(t, binPath, want)

	// Parquet and .jsonl.zst: byte-identical bin and index files.
	binData, _ := os.ReadFile(binPath)
	idxData, _ := os.ReadFile(indexPath(binPath))
	for _, c := range []struct {
		input string
		args  []string
	}{
		{zstPath, nil},
		{parquetPath, []string{"--pair-field", "pair"}},
	} {
		other := filepath.Join(dir, "other.bin")
		r := runOnce(append(append(append(common, "--format", "bin", "--output", other), c.args...), c.input)...)
		t.Logf("%s to bin: %v wall, %v CPU, peak RSS %.1f MB", filepath.Base(c.input), r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond), float64(r.maxRSS)/1e6)
		if r.maxRSS >= 300e6 {
			t.Errorf("%s: peak RSS %.1f MB, want < 300 MB", c.input, float64(r.maxRSS)/1e6)
		}
		b, _ := os.ReadFile(other)
		x, _ := os.ReadFile(indexPath(other))
		if !bytes.Equal(b, binData) || !bytes.Equal(x, idxData) {
			t.Errorf("%s: the bin or index file differs from the JSON Lines corpus's", c.input)
		}
	}
}

// checkIDs checks that the lines of the ids file are want's, cycled.
func checkIDs(t *testing.T, path string, want [][]uint32) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	n := 0
	var line []byte
	for sc.Scan() {
		w := want[n%len(want)]
		line = appendIDs(line[:0], w)
		if !bytes.Equal(sc.Bytes(), line[:len(line)-1]) {
			t.Fatalf("ids line %d differs from encoding its record alone", n+1)
		}
		n++
	}
	if err := sc.Err(); err != nil || n%len(want) != 0 {
		t.Fatalf("ids: %d lines (%v), want a multiple of %d", n, err, len(want))
	}
	t.Logf("ids: %d records, each equal to encoding it alone", n)
}

// checkBin checks that the bin file and its index hold want's documents, cycled,
// streaming (the file is too large to hold as [][]uint32 comfortably).
func checkBin(t *testing.T, path string, want [][]uint32) {
	t.Helper()
	idx, err := os.ReadFile(indexPath(path))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(idx, []byte(binMagic)) || idx[17] != dtypeCodeI32 {
		t.Fatalf("index header %q", idx[:min(len(idx), binHeaderSize)])
	}
	n := int(binary.LittleEndian.Uint64(idx[18:]))
	if n%len(want) != 0 {
		t.Fatalf("%d documents, want a multiple of %d", n, len(want))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var doc []byte
	for i := 0; i < n; i++ {
		w := want[i%len(want)]
		if l := binary.LittleEndian.Uint32(idx[binHeaderSize+4*i:]); int(l) != len(w) {
			t.Fatalf("document %d: index length %d, want %d", i, l, len(w))
		}
		doc = doc[:0]
		for _, id := range w {
			doc = binary.LittleEndian.AppendUint32(doc, id)
		}
		got := make([]byte, len(doc))
		if _, err := io.ReadFull(br, got); err != nil || !bytes.Equal(got, doc) {
			t.Fatalf("document %d: the bin file's ids differ from encoding it alone (%v)", i, err)
		}
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Fatalf("bytes after the last document")
	}
	t.Logf("bin: %d documents, each equal to encoding it alone", n)
}
