package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/tokenizer"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
)

// corpusRow is a record of the test corpora, as Parquet rows.
type corpusRow struct {
	Text string  `parquet:"text"`
	Pair *string `parquet:"pair,optional"`
}

// smokeTexts are the texts of testdata/smoke.jsonl.
func smokeTexts(t testing.TB) []string {
	t.Helper()
	var texts []string
	for _, line := range strings.Split(strings.TrimSpace(readFile(t.(*testing.T), "testdata/smoke.jsonl")), "\n") {
		var rec struct{ Text string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, rec.Text)
	}
	return texts
}

// testCorpus is n records made of the smoke texts (numbered, so that they differ).
func testCorpus(t *testing.T, n int) []string {
	smoke := smokeTexts(t)
	texts := make([]string, n)
	for i := range texts {
		texts[i] = fmt.Sprintf("%d: %s", i, smoke[i%len(smoke)])
	}
	return texts
}

// writeJSONL writes texts as JSON Lines records {"text": ...} to path, compressed
// as its name says (.gz, .zst).
func writeJSONL(t testing.TB, path string, texts []string) {
	t.Helper()
	var buf bytes.Buffer
	for _, s := range texts {
		b, _ := json.Marshal(map[string]string{"text": s})
		buf.Write(b)
		buf.WriteByte('\n')
	}
	writeCompressed(t, path, buf.Bytes())
}

func writeCompressed(t testing.TB, path string, data []byte) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var w io.WriteCloser = nopCloser{f}
	switch {
	case strings.HasSuffix(path, ".gz"):
		w = gzip.NewWriter(f)
	case strings.HasSuffix(path, ".zst"):
		if w, err = zstd.NewWriter(f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// writeParquet writes rows to path, in row groups of rowsPerGroup rows and small
// pages (so that the reader crosses both).
func writeParquet[T any](t testing.TB, path string, rows []T, rowsPerGroup int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[T](f, parquet.PageBufferSize(2048), parquet.MaxRowsPerRowGroup(rowsPerGroup))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// aloneIDs encodes each text alone with AppendIDs: the reference of every corpus
// output.
func aloneIDs(t testing.TB, texts []string, opts tokenizer.EncodeOptions) [][]uint32 {
	t.Helper()
	tok, err := loadTokenizer("")
	if err != nil {
		t.Fatal(err)
	}
	docs := make([][]uint32, len(texts))
	for i, s := range texts {
		if docs[i], err = tok.AppendIDs(nil, s, opts); err != nil {
			t.Fatal(err)
		}
	}
	return docs
}

func idsText(docs [][]uint32) string {
	var b strings.Builder
	for _, d := range docs {
		for i, id := range d {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.FormatUint(uint64(id), 10))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// The same corpus as JSON Lines (plain, .gz, .zst), Parquet and text gives the same
// ids and byte-identical bin files, equal to encoding each record alone.
func TestPipelineInputFormats(t *testing.T) {
	dir := t.TempDir()
	texts := testCorpus(t, 900) // about 50 KB: several jobs
	var plain []string          // the texts without line breaks, for the text format
	for _, s := range texts {
		if !strings.ContainsAny(s, "\r\n") {
			plain = append(plain, s)
		}
	}
	writeJSONL(t, filepath.Join(dir, "c.jsonl"), texts)
	writeJSONL(t, filepath.Join(dir, "c.jsonl.gz"), texts)
	writeJSONL(t, filepath.Join(dir, "c.jsonl.zst"), texts)
	rows := make([]corpusRow, len(texts))
	for i, s := range texts {
		rows[i].Text = s
	}
	writeParquet(t, filepath.Join(dir, "c.parquet"), rows, 100)
	writeCompressed(t, filepath.Join(dir, "p.txt"), []byte(strings.Join(plain, "\n")+"\n"))
	writeCompressed(t, filepath.Join(dir, "p.txt.gz"), []byte(strings.Join(plain, "\r\n")))

	want := idsText(aloneIDs(t, texts, tokenizer.EncodeOptions{}))
	wantPlain := idsText(aloneIDs(t, plain, tokenizer.EncodeOptions{}))
	var firstBin []byte
	for _, name := range []string{"c.jsonl", "c.jsonl.gz", "c.jsonl.zst", "c.parquet", "p.txt", "p.txt.gz"} {
		w := want
		if strings.HasPrefix(name, "p.") {
			w = wantPlain
		}
		for _, workers := range []string{"1", "3"} {
			out, _, err := runCLI(t, "", "encode", "--format", "ids", "--workers", workers, "--input", filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if out != w {
				t.Errorf("%s, %s workers: ids differ from encoding each record alone", name, workers)
			}
		}
		if strings.HasPrefix(name, "p.") {
			continue
		}
		bin := filepath.Join(dir, name+".bin")
		if _, _, err := runCLI(t, "", "encode", "--format", "bin", "--output", bin, filepath.Join(dir, name)); err != nil {
			t.Fatalf("%s: bin: %v", name, err)
		}
		data, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		if firstBin == nil {
			firstBin = data
		} else if !bytes.Equal(data, firstBin) {
			t.Errorf("%s: the bin file differs from c.jsonl's", name)
		}
	}
}

// The bin output read back with its index gives each record's ids (and the
// separator), with --eos as an id or a token, in uint16 and uint32.
func TestBinOutput(t *testing.T) {
	dir := t.TempDir()
	texts := testCorpus(t, 300)
	in := filepath.Join(dir, "in.jsonl")
	writeJSONL(t, in, texts)
	docs := aloneIDs(t, texts, tokenizer.EncodeOptions{})
	for _, c := range []struct {
		dtype, eos string
		sep        int64
	}{
		{"uint32", "", -1}, {"uint16", "50256", 50256}, {"uint32", "<|endoftext|>", 50256},
	} {
		bin := filepath.Join(dir, "out.bin")
		args := []string{"encode", "--format", "bin", "--dtype", c.dtype, "--output", bin, "--workers", "2", in}
		if c.eos != "" {
			args = append(args, "--eos", c.eos)
		}
		if _, _, err := runCLI(t, "", args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		dtype, got, err := readBinFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		want := docs
		if c.sep >= 0 {
			want = make([][]uint32, len(docs))
			for i, d := range docs {
				want[i] = append(append([]uint32(nil), d...), uint32(c.sep))
			}
		}
		if dtype != c.dtype || !reflect.DeepEqual(got, want) {
			t.Errorf("%v: read back %s, %d docs: differ from the records' ids", args, dtype, len(got))
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "bin"}, "--output"},
		{[]string{"--format", "bin", "--output", filepath.Join(dir, "x.bin"), "--eos", "<|nope|>"}, "<|nope|>"},
		{[]string{"--format", "bin", "--output", filepath.Join(dir, "x.bin"), "--eos", "99999999"}, "99999999"},
		{[]string{"--format", "bin", "--output", filepath.Join(dir, "x.bin"), "--dtype", "int8"}, "--dtype"},
	} {
		_, _, err := runCLI(t, "", append(append([]string{"encode"}, c.args...), in)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want one naming %s", c.args, err, c.want)
		}
	}
}

// uint16 is refused, naming the vocabulary size, for a vocabulary that does not fit.
func TestBinUint16TooSmall(t *testing.T) {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		t.Skip("FASTTOK_SHARED is not set")
	}
	bin := filepath.Join(t.TempDir(), "out.bin")
	_, _, err := runCLI(t, "hello\n", "encode", "--tokenizer", filepath.Join(shared, "assets", "tokenizers", "llama3.json.gz"),
		"--format", "bin", "--dtype", "uint16", "--output", bin)
	if err == nil || !strings.Contains(err.Error(), "128256") {
		t.Errorf("err = %v, want one naming the vocabulary size 128256", err)
	}
}

// Directories (recursively, in lexical order), globs, repeated --input flags and
// arguments are read in order; records are numbered per file in errors.
func TestInputExpansion(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "d", "sub"), 0o755)
	writeCompressed(t, filepath.Join(dir, "d", "b.txt"), []byte("two\n"))
	writeCompressed(t, filepath.Join(dir, "d", "a.txt"), []byte("one\n"))
	writeCompressed(t, filepath.Join(dir, "d", "sub", "c.jsonl"), []byte("{\"text\":\"three\"}\n\n{\"text\":\"four\"}\n"))
	writeCompressed(t, filepath.Join(dir, "e.txt"), []byte("five\nsix"))
	want := idsText(aloneIDs(t, []string{"one", "two", "three", "four", "five", "six"}, tokenizer.EncodeOptions{}))
	for _, args := range [][]string{
		{"--input", filepath.Join(dir, "d"), "--input", filepath.Join(dir, "e.txt")},
		{filepath.Join(dir, "d"), filepath.Join(dir, "e.txt")},
		{filepath.Join(dir, "d", "*.txt"), "--input", filepath.Join(dir, "d", "sub"), filepath.Join(dir, "e.*")},
	} {
		out, _, err := runCLI(t, "", append([]string{"encode", "--format", "ids"}, args...)...)
		if err != nil || out != want {
			t.Errorf("%v: err %v, output %q, want %q", args, err, out, want)
		}
	}
	// An error names its file and its line in it.
	writeCompressed(t, filepath.Join(dir, "f.jsonl"), []byte("{\"text\":\"a\"}\n{\"text\":1}\n"))
	out, _, err := runCLI(t, "", "encode", "--format", "ids", filepath.Join(dir, "e.txt"), filepath.Join(dir, "f.jsonl"))
	if err == nil || !strings.Contains(err.Error(), "f.jsonl: line 2:") {
		t.Errorf("err = %v, want one naming f.jsonl: line 2", err)
	}
	if n := strings.Count(out, "\n"); n != 3 {
		t.Errorf("%d records written before the error, want 3", n)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{filepath.Join(dir, "nomatch*.txt")}, "no file matches"},
		{[]string{filepath.Join(dir, "missing.txt")}, "missing.txt"},
		{[]string{"--input-format", "csv"}, "--input-format"},
		{[]string{"--max-record-bytes", "0"}, "--max-record-bytes"},
	} {
		_, _, err := runCLI(t, "", append([]string{"encode"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want one naming %s", c.args, err, c.want)
		}
	}
}

// --field and --pair-field pick the JSON Lines fields and the Parquet columns.
func TestFieldFlags(t *testing.T) {
	dir := t.TempDir()
	writeCompressed(t, filepath.Join(dir, "a.jsonl"), []byte(`{"id":1,"content":"Hello world","q":"Hi"}`+"\n"+`{"content":"x\u00e9"}`+"\n"))
	tok, _ := loadTokenizer("")
	enc1, _ := tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Text: "Hello world"}, Second: &tokenizer.Sequence{Text: "Hi"}}, tokenizer.EncodeOptions{})
	enc2, _ := tok.Encode("xé")
	want := idsText([][]uint32{enc1.IDs, enc2.IDs})
	out, _, err := runCLI(t, "", "encode", "--format", "ids", "--field", "content", "--pair-field", "q", filepath.Join(dir, "a.jsonl"))
	if err != nil || out != want {
		t.Errorf("jsonl --field content --pair-field q: err %v, %q, want %q", err, out, want)
	}
	q := "Hi"
	type row struct {
		ID      int64   `parquet:"id"`
		Content string  `parquet:"content"`
		Q       *string `parquet:"q,optional"`
	}
	writeParquet(t, filepath.Join(dir, "a.parquet"), []row{{1, "Hello world", &q}, {2, "xé", nil}}, 10)
	type nullable struct {
		Text *string `parquet:"text,optional"`
		Q    *string `parquet:"q,optional"`
	}
	writeParquet(t, filepath.Join(dir, "c.parquet"), []nullable{{&q, &q}, {nil, &q}}, 10)
	out, _, err = runCLI(t, "", "encode", "--format", "ids", "--field", "content", "--pair-field", "q", filepath.Join(dir, "a.parquet"))
	if want := idsText([][]uint32{enc1.IDs, enc2.IDs}); err != nil || out != want { // a null pair is none
		t.Errorf("parquet --pair-field q: err %v, %q, want %q", err, out, want)
	}
	out, _, err = runCLI(t, "", "encode", "--format", "ids", "--field", "content", filepath.Join(dir, "a.parquet"))
	if want := idsText(aloneIDs(t, []string{"Hello world", "xé"}, tokenizer.EncodeOptions{})); err != nil || out != want {
		t.Errorf("parquet --field content: err %v, %q, want %q", err, out, want)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{filepath.Join(dir, "a.parquet")}, `no column "text" (--field); the columns are: id, content, q`},
		{[]string{"--field", "id", filepath.Join(dir, "a.parquet")}, `column "id" holds INT64 values, not strings`},
		{[]string{"--pair-field", "q", filepath.Join(dir, "c.parquet")}, `c.parquet: row 2: column "text" is null`},
		{[]string{"--field", "nope", filepath.Join(dir, "a.jsonl")}, `a.jsonl: line 1: missing "nope" field`},
		{[]string{"--field", "id", filepath.Join(dir, "a.jsonl")}, `a.jsonl: line 1: field "id": want a string`},
		{[]string{"--input-format", "parquet"}, "standard input"},
	} {
		_, _, err := runCLI(t, "", append([]string{"encode", "--format", "ids"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want one containing %s", c.args, err, c.want)
		}
	}
}

// Invalid UTF-8 is an error naming the record and the byte offset, or with --lossy
// replaced as tokenizer.LossyString replaces it; in text, JSON Lines and Parquet.
func TestInvalidUTF8AndLossy(t *testing.T) {
	dir := t.TempDir()
	bad := "ok \xe2\x82 then \xff end"
	writeCompressed(t, filepath.Join(dir, "a.txt"), []byte("fine\n"+bad+"\n"))
	writeCompressed(t, filepath.Join(dir, "a.jsonl"), []byte("{\"text\":\"fine\"}\n{\"text\":\""+bad+"\"}\n"))
	writeParquet(t, filepath.Join(dir, "a.parquet"), []corpusRow{{Text: "fine"}, {Text: bad}}, 10)
	want := idsText(aloneIDs(t, []string{"fine", tokenizer.LossyString([]byte(bad))}, tokenizer.EncodeOptions{}))
	for _, c := range []struct{ name, where string }{
		{"a.txt", "a.txt: line 2: invalid UTF-8 at byte 3"},
		{"a.jsonl", "a.jsonl: line 2: invalid UTF-8 at byte 12"},
		{"a.parquet", "a.parquet: row 2: invalid UTF-8 at byte 3"},
	} {
		for _, cmd := range []string{"encode", "count"} {
			out, _, err := runCLI(t, "", cmd, filepath.Join(dir, c.name))
			if err == nil || !strings.Contains(err.Error(), c.where) {
				t.Errorf("%s %s: err = %v, want one containing %q", cmd, c.name, err, c.where)
			}
			if cmd == "encode" && strings.Count(out, "\n") != 1 {
				t.Errorf("%s: %d records before the error, want 1", c.name, strings.Count(out, "\n"))
			}
		}
		out, _, err := runCLI(t, "", "encode", "--format", "ids", "--lossy", filepath.Join(dir, c.name))
		if err != nil || out != want {
			t.Errorf("%s --lossy: err %v, %q, want %q", c.name, err, out, want)
		}
	}
}

// A record longer than --max-record-bytes is an error naming it, found while reading:
// an endless line fails after reading about the limit.
func TestMaxRecordBytes(t *testing.T) {
	r := &endlessLine{}
	out, _, err := runContextCLI(t, r, "encode", "--format", "ids", "--max-record-bytes", "100000")
	if err == nil || !strings.Contains(err.Error(), "stdin: line 1: record longer than 100000 bytes") {
		t.Errorf("err = %v", err)
	}
	if out != "" || r.n > 100000+4<<20 {
		t.Errorf("output %q, %d bytes read", out, r.n)
	}
	in := "short\n" + strings.Repeat("x", 101) + "\nshort\n"
	out, _, err = runCLI(t, in, "encode", "--format", "ids", "--max-record-bytes", "100")
	if err == nil || !strings.Contains(err.Error(), "line 2: record longer than 100 bytes") || strings.Count(out, "\n") != 1 {
		t.Errorf("err = %v, output %q", err, out)
	}
	if _, _, err = runCLI(t, in, "encode", "--format", "ids", "--max-record-bytes", "101"); err != nil {
		t.Errorf("a record of exactly the limit: %v", err)
	}
	dir := t.TempDir()
	writeParquet(t, filepath.Join(dir, "a.parquet"), []corpusRow{{Text: "fine"}, {Text: strings.Repeat("y", 200)}}, 10)
	_, _, err = runCLI(t, "", "encode", "--max-record-bytes", "100", filepath.Join(dir, "a.parquet"))
	if err == nil || !strings.Contains(err.Error(), "a.parquet: row 2: record longer than 100 bytes") {
		t.Errorf("parquet: err = %v", err)
	}
}

// endlessLine is an endless line of "a" (no "\n").
type endlessLine struct{ n int }

func (r *endlessLine) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	r.n += len(p)
	return len(p), nil
}

func runContextCLI(t *testing.T, stdin io.Reader, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(args, stdin, &out, &errb)
	return out.String(), errb.String(), err
}

// count prints each record's count with --per-record and the total last, as
// AppendIDs counts them.
func TestCount(t *testing.T) {
	texts := testCorpus(t, 400)
	var in bytes.Buffer
	for _, s := range texts {
		b, _ := json.Marshal(map[string]string{"text": s})
		in.Write(b)
		in.WriteString("\n\n") // blank lines are no records
	}
	for _, special := range []bool{true, false} {
		docs := aloneIDs(t, texts, tokenizer.EncodeOptions{NoSpecialTokens: !special})
		var per strings.Builder
		total := 0
		for _, d := range docs {
			fmt.Fprintln(&per, len(d))
			total += len(d)
		}
		args := []string{"count", "--input-format", "jsonl", "--workers", "3"}
		if !special {
			args = append(args, "--no-special")
		}
		out, _, err := runCLI(t, in.String(), args...)
		if err != nil || out != fmt.Sprintln(total) {
			t.Errorf("%v: err %v, %q, want %d", args, err, out, total)
		}
		out, _, err = runCLI(t, in.String(), append(args, "--per-record")...)
		if err != nil || out != per.String()+fmt.Sprintln(total) {
			t.Errorf("%v --per-record: err %v, output differs", args, err)
		}
	}
	// An error: the counts before it, no total.
	out, _, err := runCLI(t, "{\"text\":\"a b\"}\n{}\n", "count", "--input-format", "jsonl", "--per-record")
	if err == nil || !strings.Contains(err.Error(), "line 2") || out != "2\n" {
		t.Errorf("err %v, output %q", err, out)
	}
}

// --output writes to the file; on an error in record k, every record before it is
// there (for bin, with its index), and the run fails.
func TestPipelineRecordsBeforeError(t *testing.T) {
	dir := t.TempDir()
	texts := testCorpus(t, 3000)
	var in strings.Builder
	for i, s := range texts {
		if i == 2499 {
			in.WriteString("{\"text\": oops}\n")
			continue
		}
		b, _ := json.Marshal(map[string]string{"text": s})
		in.Write(b)
		in.WriteByte('\n')
	}
	docs := aloneIDs(t, texts[:2499], tokenizer.EncodeOptions{})
	for _, w := range []string{"1", "2", "5"} {
		path := filepath.Join(dir, "out.txt")
		_, _, err := runCLI(t, in.String(), "encode", "--input-format", "jsonl", "--format", "ids", "--workers", w, "--output", path)
		if err == nil || !strings.Contains(err.Error(), "stdin: line 2500:") {
			t.Errorf("workers %s: err = %v", w, err)
		}
		if got := readFile(t, path); got != idsText(docs) {
			t.Errorf("workers %s: the output is not the 2499 records before the error", w)
		}
		bin := filepath.Join(dir, "out.bin")
		_, _, err = runCLI(t, in.String(), "encode", "--input-format", "jsonl", "--format", "bin", "--workers", w, "--output", bin)
		if err == nil || !strings.Contains(err.Error(), "stdin: line 2500:") {
			t.Errorf("bin, workers %s: err = %v", w, err)
		}
		if _, got, err := readBinFile(bin); err != nil || !reflect.DeepEqual(got, docs) {
			t.Errorf("bin, workers %s: %v, %d docs: want the 2499 records before the error", w, err, len(got))
		}
	}
}

// decode reads {"ids": ...} records (--field names another field) or lines of ids.
func TestDecodeInputs(t *testing.T) {
	out, _, err := runCLI(t, "{\"toks\":[15496,995]}\n", "decode", "--field", "toks")
	if err != nil || out != "{\"text\":\"Hello world\"}\n" {
		t.Errorf("--field toks: err %v, %q", err, out)
	}
	out, _, err = runCLI(t, "15496 995\n\n", "decode", "--input-format", "text")
	if err != nil || out != "{\"text\":\"Hello world\"}\n{\"text\":\"\"}\n" {
		t.Errorf("text: err %v, %q", err, out)
	}
	_, _, err = runCLI(t, "15496 x\n", "decode", "--input-format", "text")
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad id: err %v", err)
	}
}

// The --tokenizer value: a path, or else a model name (fasttok.FromPretrained).
func TestLoadTokenizer(t *testing.T) {
	tok, err := loadTokenizer("")
	if err != nil || tok.VocabSize(true) != 50257 {
		t.Fatalf("embedded: %v", err)
	}
	path := filepath.Join(t.TempDir(), "gpt2.json")
	data, _ := tok.ToJSON(false)
	os.WriteFile(path, data, 0o644)
	if _, err := loadTokenizer(path); err != nil {
		t.Errorf("path: %v", err)
	}
	// A model name: the Hugging Face cache's layout.
	cache := t.TempDir()
	t.Setenv("HF_HUB_CACHE", cache)
	repo := filepath.Join(cache, "models--some-org--some-model")
	os.MkdirAll(filepath.Join(repo, "refs"), 0o755)
	os.MkdirAll(filepath.Join(repo, "snapshots", "0123abcd"), 0o755)
	os.WriteFile(filepath.Join(repo, "refs", "main"), []byte("0123abcd"), 0o644)
	os.WriteFile(filepath.Join(repo, "snapshots", "0123abcd", "tokenizer.json"), data, 0o644)
	out, _, err := runCLI(t, "Hello world\n", "encode", "--format", "ids", "--tokenizer", "some-org/some-model")
	if err != nil || out != "15496 995\n" {
		t.Errorf("model name: err %v, %q", err, out)
	}
	_, _, err = runCLI(t, "", "encode", "--tokenizer", "no-such-org/no-such-model")
	if err == nil || !strings.Contains(err.Error(), "no-such-org/no-such-model") || !strings.Contains(err.Error(), cache) {
		t.Errorf("unknown name: err = %v, want one naming the model and where it looked", err)
	}
	_, _, err = runCLI(t, "", "encode", "--tokenizer", "./missing.json")
	if err == nil || !strings.Contains(err.Error(), "missing.json: no such file") {
		t.Errorf("missing file: err = %v", err)
	}
	_ = fasttok.Load
}

// A column inside a group is named with dots.
func TestParquetNestedColumn(t *testing.T) {
	type meta struct {
		Body string `parquet:"body"`
	}
	type row struct {
		ID   int64 `parquet:"id"`
		Meta meta  `parquet:"meta"`
	}
	path := filepath.Join(t.TempDir(), "n.parquet")
	writeParquet(t, path, []row{{1, meta{"Hello world"}}, {2, meta{"xé"}}}, 10)
	out, _, err := runCLI(t, "", "encode", "--format", "ids", "--field", "meta.body", path)
	if want := idsText(aloneIDs(t, []string{"Hello world", "xé"}, tokenizer.EncodeOptions{})); err != nil || out != want {
		t.Errorf("err %v, %q, want %q", err, out, want)
	}
	_, _, err = runCLI(t, "", "encode", path)
	if err == nil || !strings.Contains(err.Error(), "the columns are: id, meta.body") {
		t.Errorf("missing column: err = %v", err)
	}
}

// The progress bar is drawn on stderr with --progress, and not in a pipe without it
// (nor with --quiet).
func TestProgressFlag(t *testing.T) {
	in := lineRecords(0, 100)
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, false}, {[]string{"--progress"}, true}, {[]string{"--quiet"}, false},
	} {
		for _, cmd := range []string{"encode", "count"} {
			_, stderr, err := runCLI(t, in, append([]string{cmd}, c.args...)...)
			if err != nil || (stderr != "") != c.want {
				t.Errorf("%s %v: err %v, stderr %q", cmd, c.args, err, stderr)
			}
		}
	}
}
