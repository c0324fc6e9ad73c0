package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The README's first command: the embedded GPT-2 tokenizer on a line of text.
func TestEncodeDefaultTokenizer(t *testing.T) {
	out, _, err := runCLI(t, "Hello world\n", "encode")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.SplitN(readFile(t, "testdata/gpt2.smoke.golden.jsonl"), "\n", 2)[0] + "\n"
	if out != want {
		t.Errorf("encode = %q, want %q", out, want)
	}
}

// The jsonl output is byte for byte golden.js's, with and without special tokens, on any
// number of workers.
func TestEncodeMatchesGolden(t *testing.T) {
	in := readFile(t, "testdata/smoke.jsonl")
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"testdata/gpt2.smoke.golden.jsonl", nil},
		{"testdata/gpt2.smoke.nospecial.golden.jsonl", []string{"--no-special"}},
	} {
		for _, w := range []string{"1", "2", "7"} {
			args := append([]string{"encode", "--input-format", "jsonl", "--workers", w}, c.args...)
			out, _, err := runCLI(t, in, args...)
			if err != nil {
				t.Fatal(err)
			}
			if want := readFile(t, c.golden); out != want {
				t.Errorf("%v: output differs from %s", args, c.golden)
			}
		}
	}
}

func TestEncodeIDsFormat(t *testing.T) {
	out, _, err := runCLI(t, "Hello world\n\nHello world!\n", "encode", "--format", "ids")
	if err != nil {
		t.Fatal(err)
	}
	if want := "15496 995\n\n15496 995 0\n"; out != want {
		t.Errorf("ids = %q, want %q", out, want)
	}
}

func TestEncodeByteOffsets(t *testing.T) {
	out, _, err := runCLI(t, "é x\n", "encode", "--offsets", "byte")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"offsets":[[0,2],[2,4]]`) {
		t.Errorf("byte offsets: %s", out)
	}
	out, _, _ = runCLI(t, "é x\n", "encode")
	if !strings.Contains(out, `"offsets":[[0,1],[1,3]]`) {
		t.Errorf("char offsets: %s", out)
	}
}

func TestDecodeMatchesGolden(t *testing.T) {
	golden := strings.Split(strings.TrimSpace(readFile(t, "testdata/gpt2.decode.golden.jsonl")), "\n")
	var in, want, wantSkip strings.Builder
	for _, l := range golden {
		var ids, text, skip string
		// {"ids":[...],"text":...,"text_skip_special":...}
		i := strings.Index(l, `,"text":`)
		j := strings.Index(l, `,"text_skip_special":`)
		ids, text, skip = l[:i]+"}", l[i+len(`,"text":`):j], l[j+len(`,"text_skip_special":`):len(l)-1]
		fmt.Fprintln(&in, ids)
		fmt.Fprintf(&want, "{\"text\":%s}\n", text)
		fmt.Fprintf(&wantSkip, "{\"text\":%s}\n", skip)
	}
	out, _, err := runCLI(t, in.String(), "decode")
	if err != nil || out != want.String() {
		t.Errorf("decode: err %v, output differs:\n%s\nwant\n%s", err, out, want.String())
	}
	out, _, err = runCLI(t, in.String(), "decode", "--skip-special")
	if err != nil || out != wantSkip.String() {
		t.Errorf("decode --skip-special: err %v, output differs", err)
	}
}

// A bad record stops the run with an error naming its line; every record before it is
// written, whatever the number of workers.
func TestBadRecordStopsWithLine(t *testing.T) {
	var in strings.Builder
	for i := 1; i <= 3000; i++ {
		if i == 2500 {
			in.WriteString("{\"text\": oops}\n")
			continue
		}
		fmt.Fprintf(&in, "{\"text\":\"record %d\"}\n", i)
	}
	for _, w := range []string{"1", "2", "8"} {
		out, _, err := runCLI(t, in.String(), "encode", "--input-format", "jsonl", "--format", "ids", "--workers", w)
		if err == nil || !strings.Contains(err.Error(), "line 2500") {
			t.Fatalf("workers %s: err = %v, want one naming line 2500", w, err)
		}
		if n := strings.Count(out, "\n"); n != 2499 {
			t.Errorf("workers %s: %d records written, want 2499", w, n)
		}
	}
	_, _, err := runCLI(t, "{\"pair\":\"x\"}\n", "encode", "--input-format", "jsonl")
	if err == nil || !strings.Contains(err.Error(), "line 1") || !strings.Contains(err.Error(), "text") {
		t.Errorf("missing text: err = %v", err)
	}
	_, _, err = runCLI(t, "ok\n\xff\xfe\n", "encode")
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
}

// The pipeline keeps input order whatever the number of workers.
func TestPipelineConcurrentOrder(t *testing.T) {
	var in strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&in, "line %d %s\n", i, strings.Repeat("x", i%50))
	}
	one, _, err := runCLI(t, in.String(), "encode", "--format", "ids", "--workers", "1")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"2", "4", "16"} {
		many, _, err := runCLI(t, in.String(), "encode", "--format", "ids", "--workers", w)
		if err != nil || many != one {
			t.Errorf("workers %s: output differs from one worker (err %v)", w, err)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{}, {"frobnicate"}, {"encode", "--format", "xml"}, {"encode", "--workers", "0"},
		{"encode", "--offsets", "words"}, {"encode", "--input-format", "csv"},
		{"encode", "--format", "bin"}, {"encode", "--format", "bin", "--output", "x.bin", "--batch", "2"},
		{"encode", "--dtype", "int8"}, {"encode", "--eos", "0"}, {"encode", "--format", "ids", "--dtype", "uint16"}, {"encode", "--max-record-bytes", "0"}, {"encode", "--field", ""},
		{"encode", "--batch", "-1"}, {"encode", "--nope"}, {"decode", "--input-format", "parquet"},
		{"decode", "--workers", "-1"}, {"count", "--per-record=maybe"}, {"count", "--input-format", "xml"},
	} {
		var ue usageError
		if _, _, err := runCLI(t, "", args...); !errors.As(err, &ue) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
	if _, _, err := runCLI(t, "", "encode", "extra"); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Errorf("a missing input: err = %v", err)
	}
	_, _, err := runCLI(t, "", "encode", "--tokenizer", filepath.Join(t.TempDir(), "missing.json"))
	if err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing tokenizer: err = %v", err)
	}
}

// The tokenizer loads while the input is read: a load failure still writes nothing,
// and its error wins over the input's.
func TestLoadErrorWhileReading(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.json")
	for _, w := range []string{"1", "3"} {
		out, _, err := runCLI(t, "{\"text\":\"a\"}\n{\"text\":\"b\"}\n", "encode", "--input-format", "jsonl", "--workers", w, "--tokenizer", missing)
		if err == nil || !strings.Contains(err.Error(), "missing.json") || out != "" {
			t.Errorf("workers %s: err = %v, output %q", w, err, out)
		}
		out, _, err = runCLI(t, "[1,2]\n", "decode", "--workers", w, "--tokenizer", missing)
		if err == nil || !strings.Contains(err.Error(), "missing.json") || out != "" {
			t.Errorf("decode, workers %s: err = %v, output %q", w, err, out)
		}
	}
	_, _, err := runCLI(t, "", "encode", "--tokenizer", missing, "--input", filepath.Join(t.TempDir(), "in.jsonl"))
	if err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing tokenizer and input: err = %v", err)
	}
	_, _, err = runCLI(t, "", "encode", "--input", filepath.Join(t.TempDir(), "in.jsonl"))
	if err == nil || !strings.Contains(err.Error(), "in.jsonl") {
		t.Errorf("missing input: err = %v", err)
	}
	var ue usageError
	_, _, err = runCLI(t, "x\n", "encode", "--truncation", `{"strategy":"Sideways"}`)
	if !errors.As(err, &ue) {
		t.Errorf("bad --truncation: err = %v, want a usage error", err)
	}
}

// count's per-record counts are the lengths of the reference's ids (the golden
// files), with and without special tokens; the total is their sum.
func TestCountMatchesGolden(t *testing.T) {
	in := readFile(t, "testdata/smoke.jsonl")
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"testdata/gpt2.smoke.golden.jsonl", nil},
		{"testdata/gpt2.smoke.nospecial.golden.jsonl", []string{"--no-special"}},
	} {
		var want strings.Builder
		total := 0
		for _, line := range strings.Split(strings.TrimSpace(readFile(t, c.golden)), "\n") {
			var rec struct{ IDs []uint32 }
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&want, len(rec.IDs))
			total += len(rec.IDs)
		}
		fmt.Fprintln(&want, total)
		out, _, err := runCLI(t, in, append([]string{"count", "--input-format", "jsonl", "--per-record"}, c.args...)...)
		if err != nil || out != want.String() {
			t.Errorf("%s: err %v, output differs:\n%s\nwant\n%s", c.golden, err, out, want.String())
		}
	}
}

func TestParseIDsRecord(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []uint32
		ok   bool
	}{
		{`{"ids":[1,2,3]}`, []uint32{1, 2, 3}, true},
		{` { "ids" : [ 0 , 4294967295 ] } `, []uint32{0, 4294967295}, true},
		{`{"ids":[]}`, []uint32{}, true},
		{`{"ids":[4294967296]}`, nil, false},
		{`{"ids":[01]}`, nil, false},
		{`{"ids":[1.5]}`, nil, false},
		{`{"ids":[-1]}`, nil, false},
		{`{"IDS":[1]}`, nil, false},
		{`{"ids":[1],"x":2}`, nil, false},
		{`{"ids":[1,]}`, nil, false},
		{`{"ids":[1]}x`, nil, false},
		{`{"ids":[12345678901]}`, nil, false},
	} {
		got, ok := parseIDsRecord([]byte(c.in))
		if ok != c.ok || ok && !slices.Equal(got, c.want) {
			t.Errorf("parseIDsRecord(%s) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
		if ok {
			// The fast path agrees with encoding/json.
			var rec struct{ IDs []uint32 }
			if err := json.Unmarshal([]byte(c.in), &rec); err != nil || !slices.Equal(rec.IDs, got) {
				t.Errorf("%s: encoding/json gives %v, %v", c.in, rec.IDs, err)
			}
		}
	}
}

// A record of 1 MiB or more is cut for the workers (the embedded GPT-2 allows it): the
// output is that of one worker, for encode --format ids and count.
func TestLongRecordWorkers(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3<<20/2; i++ {
		fmt.Fprintf(&b, "Line %d of a long record, it's 12345.\nNext  line\t%d\n", i, i*7)
	}
	in := `{"text":` + strconv.Quote(b.String()) + "}\n" + `{"text":"short"}` + "\n"
	for _, cmd := range [][]string{{"encode", "--format", "ids"}, {"count", "--per-record"}} {
		one, _, err := runCLI(t, in, append(cmd, "--workers", "1")...)
		if err != nil {
			t.Fatal(err)
		}
		three, _, err := runCLI(t, in, append(cmd, "--workers", "3")...)
		if err != nil {
			t.Fatal(err)
		}
		if one != three || one == "" {
			t.Errorf("%s: 3 workers give another output (%d bytes, one worker %d)", cmd[0], len(three), len(one))
		}
	}
}
