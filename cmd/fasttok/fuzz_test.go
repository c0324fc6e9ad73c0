package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/bytelevel"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// FuzzRecordReader feeds arbitrary bytes as standard input to `fasttok encode --format
// ids` (text or jsonl records, --field, --lossy, --workers, --batch, a small
// --max-record-bytes: the mode byte chooses) and checks the CLI against a model of its
// documented record rules (main.go's package comment): it never panics nor leaves a
// goroutine behind; without an
// error it writes one line per record, the record's ids, in input order; with an error,
// the error names a line N that is a bad record (or one the model cannot judge), and the
// output is exactly the records before line N: none lost, reordered or duplicated.
func FuzzRecordReader(f *testing.F) {
	for _, s := range []struct {
		mode byte
		in   string
	}{
		{0, "hello world\nsecond line\r\n\nlast"},
		{1, `{"text":"a"}` + "\n\n" + `{"text":"b","pair":"c"}` + "\n" + `{"text":"d","pair":null}` + "\n"},
		{1, `{"text":"a"}` + "\n" + `{"text":1}` + "\n"},
		{1, `{"text":"a"}` + "\n" + `{"text":"a` + "\n"},
		{0, "ok\n\xff bad\nafter\n"},
		{2, "ok\n\xe2\x82 lossy\n"},
		{3, `{"text":"caf\u00e9 \ud83d\ude00"}` + "\n" + `{"text":"x\xff"}` + "\n"},
		{9, `{"t":"other field"}` + "\n" + `{"text":"no t"}` + "\n"},
		{16, "short\n" + strings.Repeat("long ", 20) + "\nafter\n"},
		{17, `{"text":"` + strings.Repeat("y", 70) + `"}` + "\n"},
		{36, "a\nb\nc\nd\ne\nf\ng\n"},
		{1, "   \n\t\n" + `  {"text" : "spaced" }  ` + "\n" + `[1]` + "\n"},
		{1, `{"text":"dup","text":"twice"}` + "\n"},
	} {
		f.Add(s.mode, []byte(s.in))
	}
	tokPath, tok := fuzzCLITokenizer(f)
	f.Fuzz(func(t *testing.T, mode byte, data []byte) {
		if len(data) > 1<<12 {
			return
		}
		checkRecordReader(t, tokPath, tok, mode, data)
	})
}

// recordReaderMaxBytes is the --max-record-bytes of the modes that set it.
const recordReaderMaxBytes = 64

func checkRecordReader(t *testing.T, tokPath string, tok *fasttok.Tokenizer, mode byte, data []byte) {
	t.Helper()
	jsonl := mode&1 != 0
	lossy := mode&2 != 0
	field := "text"
	args := []string{"encode", "--format", "ids", "--quiet", "--tokenizer", tokPath}
	if jsonl {
		args = append(args, "--input-format", "jsonl")
		if mode&8 != 0 {
			field = "t"
			args = append(args, "--field", field)
		}
	} else {
		args = append(args, "--input-format", "text")
	}
	if lossy {
		args = append(args, "--lossy")
	}
	if mode&4 != 0 {
		args = append(args, "--workers", "2")
	} else {
		args = append(args, "--workers", "1")
	}
	limited := mode&16 != 0
	if limited {
		args = append(args, "--max-record-bytes", strconv.Itoa(recordReaderMaxBytes))
	}
	if mode&32 != 0 {
		args = append(args, "--batch", "2")
	}
	var out, errb bytes.Buffer
	before := runtime.NumGoroutine()
	err := run(args, bytes.NewReader(data), &out, &errb)
	// No goroutine of the run outlives it (allowing them a moment to exit).
	for deadline := time.Now().Add(2 * time.Second); runtime.NumGoroutine() > before; {
		if time.Now().After(deadline) {
			t.Fatalf("%v on %q: %d goroutines left behind (error: %v)", args, data, runtime.NumGoroutine()-before, err)
		}
		time.Sleep(time.Millisecond)
	}

	want := modelRecords(t, tok, data, jsonl, lossy, field, limited)
	got := strings.SplitAfter(out.String(), "\n")
	if got[len(got)-1] == "" {
		got = got[:len(got)-1]
	}
	for i, g := range got {
		if !strings.HasSuffix(g, "\n") {
			t.Fatalf("%v on %q: output line %d is not terminated: %q", args, data, i+1, g)
		}
	}
	end := len(want) // the lines read before the error: all of them without one
	if err != nil {
		m := lineRe.FindStringSubmatch(err.Error())
		if m == nil {
			t.Fatalf("%v on %q: error %q names no line", args, data, err)
		}
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(want) {
			t.Fatalf("%v on %q: error %q names line %d of %d", args, data, err, n, len(want))
		}
		if w := want[n-1]; w.state == recOK || w.state == recSkip {
			t.Fatalf("%v on %q: error %q at line %d, whose record is good (%q)", args, data, err, n, w.ids)
		}
		end = n - 1
	}
	// Every line before the end is a record written, or blank.
	var expect []recordModel
	for i, w := range want[:end] {
		if w.state == recBad {
			t.Fatalf("%v on %q: line %d is a bad record, the CLI took it (error: %v)", args, data, i+1, err)
		}
		if w.state != recSkip {
			expect = append(expect, w)
		}
	}
	if len(got) != len(expect) {
		t.Fatalf("%v on %q: %d output lines, %d records before the end (error: %v)\n%s", args, data, len(got),
			len(expect), err, out.String())
	}
	for i, w := range expect {
		if w.state == recOK && got[i] != w.ids {
			t.Fatalf("%v on %q: output line %d = %q, want %q", args, data, i+1, got[i], w.ids)
		}
	}
}

var lineRe = regexp.MustCompile(`\bline (\d+)\b`)

// Record states of the model.
const (
	recOK     = iota // a good record: its output line is ids
	recSkip          // no record (a blank line of JSON Lines)
	recBad           // a record the CLI must refuse
	recUnsure        // a record the model cannot judge (either is fine)
)

type recordModel struct {
	state int
	ids   string // the output line of a good record
}

// modelRecords returns what each line of data should give, by the rules of main.go's
// package comment, computed without the CLI's code (the encoding by tok).
func modelRecords(t *testing.T, tok *fasttok.Tokenizer, data []byte, jsonl, lossy bool, field string, limited bool) []recordModel {
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	out := make([]recordModel, len(lines))
	for i, line := range lines {
		line = bytes.TrimSuffix(line, []byte("\n"))
		if limited && len(line) > recordReaderMaxBytes-1 {
			// Whether the limit counts the line ending is the reader's choice: near it,
			// either; beyond, an error.
			out[i].state = recUnsure
			if len(line) > recordReaderMaxBytes+1 {
				out[i].state = recBad
			}
			continue
		}
		if !jsonl {
			out[i] = encodeModel(t, tok, bytes.TrimSuffix(line, []byte("\r")), nil, lossy)
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			out[i].state = recSkip
			continue
		}
		if !utf8.Valid(line) {
			if !lossy {
				out[i].state = recBad
				continue
			}
			line = []byte(tokenizer.LossyString(line))
		}
		if bytes.Count(line, []byte(`"`+field+`"`)) > 1 || bytes.Count(line, []byte(`"pair"`)) > 1 {
			out[i].state = recUnsure // duplicate keys: first or last wins, or an error
			continue
		}
		var obj map[string]json.RawMessage
		if err := jsonutil.Unmarshal(line, &obj); err != nil || obj == nil {
			out[i].state = recBad
			if err == nil || bytes.Contains(line, []byte(`\u`)) {
				out[i].state = recUnsure // surrogate escapes: decoders differ
			}
			continue
		}
		if caseInsensitiveKeysBug && field == "text" && (foldedKey(obj, field) || foldedKey(obj, "pair")) {
			out[i].state = recUnsure
			continue
		}
		var text, pair *string
		raw, ok := obj[field]
		if !ok || jsonutil.Unmarshal(raw, &text) != nil || text == nil {
			out[i].state = recBad
			continue
		}
		if raw, ok := obj["pair"]; ok && jsonutil.Unmarshal(raw, &pair) != nil {
			out[i].state = recBad
			continue
		}
		if bytes.Contains(line, []byte(`\u`)) {
			out[i].state = recUnsure
			continue
		}
		var second []byte
		if pair != nil {
			second = []byte(*pair)
		}
		out[i] = encodeModel(t, tok, []byte(*text), second, lossy)
		if pair != nil && second == nil {
			out[i].state = recUnsure
		}
	}
	return out
}

// caseInsensitiveKeysBug: the CLI's {"text", "pair"} record decoder matched keys
// case-insensitively ({"TEXT": "x"} was taken as a text; /work/notes/h4-crashers.md #3,
// found by this target: seed testdata/fuzz/FuzzRecordReader/0b7ac0866cfa137a; fixed in
// 9907a60). While true, the model leaves such records unjudged.
const caseInsensitiveKeysBug = false

// foldedKey reports whether obj has a key that equals name only under case folding.
func foldedKey(obj map[string]json.RawMessage, name string) bool {
	for k := range obj {
		if k != name && strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// encodeModel returns the model of a record of text (and pair, when not nil).
func encodeModel(t *testing.T, tok *fasttok.Tokenizer, text, pair []byte, lossy bool) recordModel {
	if !utf8.Valid(text) || pair != nil && !utf8.Valid(pair) {
		if !lossy {
			return recordModel{state: recBad}
		}
		text = []byte(tokenizer.LossyString(text))
		if pair != nil {
			pair = []byte(tokenizer.LossyString(pair))
		}
	}
	in := tokenizer.Input{First: tokenizer.Sequence{Text: string(text)}}
	if pair != nil {
		in.Second = &tokenizer.Sequence{Text: string(pair)}
	}
	enc, err := tok.EncodeInput(in, tokenizer.EncodeOptions{})
	if err != nil {
		t.Fatalf("encoding %q: %v", text, err)
	}
	var b strings.Builder
	for i, id := range enc.IDs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatUint(uint64(id), 10))
	}
	b.WriteByte('\n')
	return recordModel{state: recOK, ids: b.String()}
}

// fuzzCLITokenizer writes a small byte-level BPE tokenizer (the 256 byte tokens, a few
// merges, a [CLS] template so that pairs differ from singles) and loads it: it encodes
// any text, and the CLI loads it in microseconds on every call.
func fuzzCLITokenizer(f *testing.F) (string, *fasttok.Tokenizer) {
	f.Helper()
	{
		vocab := map[string]int{"[CLS]": 0, "[SEP]": 1}
		for b := 0; b < 256; b++ {
			vocab[bytelevel.String(byte(b))] = len(vocab)
		}
		var merges []string
		for _, m := range [][2]string{{"h", "e"}, {"l", "l"}, {"he", "ll"}, {"Ġ", "w"}, {"o", "r"}} {
			merges = append(merges, m[0]+" "+m[1])
			vocab[m[0]+m[1]] = len(vocab)
		}
		model, _ := json.Marshal(map[string]any{"type": "BPE", "dropout": nil, "unk_token": nil,
			"continuing_subword_prefix": nil, "end_of_word_suffix": nil, "fuse_unk": false,
			"byte_fallback": false, "vocab": vocab, "merges": merges})
		file := `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,` +
			`"pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},` +
			`"post_processor":{"type":"TemplateProcessing","single":[{"Sequence":{"id":"A","type_id":0}}],` +
			`"pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},` +
			`{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}}],` +
			`"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[0],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[1],"tokens":["[SEP]"]}}},` +
			`"decoder":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},` +
			`"model":` + string(model) + `}`
		path := filepath.Join(f.TempDir(), "bytebpe.json")
		if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
			f.Fatal(err)
		}
		tok, err := fasttok.Load(path)
		if err != nil {
			f.Fatal(err)
		}
		return path, tok
	}
}
