package fasttok_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// TestBadInputs is issue #12's table of bad inputs: each row feeds one kind of bad input
// (or many variants of it) and checks that every call returns a clear error (its message
// matches the row's want: it names the JSON path, the file, the byte offset or the
// record), never panics, and leaves no goroutine behind. With -v it prints the table
// (input → what it gets); FASTTOK_BADINPUT_TABLE=FILE writes it as Markdown (the README's).
func TestBadInputs(t *testing.T) {
	var rows []string
	cli := &cliBuild{dir: t.TempDir()}
	for _, c := range badInputs(t, cli) {
		t.Run(c.name, func(t *testing.T) {
			before := liveGoroutines()
			res := c.run(t)
			var problems []string
			msg := "(no error)"
			if res.err == nil && !c.accepted {
				problems = append(problems, "no error")
			}
			if res.err != nil {
				msg = res.err.Error()
				if c.want != nil && !c.want.MatchString(msg) {
					problems = append(problems, fmt.Sprintf("error %q does not match %q", msg, c.want))
				}
			}
			problems = append(problems, res.problems...)
			if left := settleGoroutines(before); left > 0 {
				problems = append(problems, fmt.Sprintf("%d goroutines left behind", left))
			}
			what := "`" + oneLine(msg) + "`"
			if res.note != "" {
				what = res.note + ": " + what
			}
			if len(problems) > 0 && c.bug != "" {
				rows = append(rows, fmt.Sprintf("| %s | **known bug** (%s): %s; %s |", cell(c.input), c.bug, oneLine(strings.Join(problems, "; ")), what))
				t.Skipf("%s: known bug (%s): %s", c.input, c.bug, strings.Join(problems, "; "))
			}
			for _, p := range problems {
				t.Errorf("%s: %s", c.input, p)
			}
			rows = append(rows, fmt.Sprintf("| %s | %s |", cell(c.input), what))
		})
	}
	table := "| bad input | what it gets |\n|---|---|\n" + strings.Join(rows, "\n") + "\n"
	t.Logf("\n%s", table)
	if p := os.Getenv("FASTTOK_BADINPUT_TABLE"); p != "" {
		if err := os.WriteFile(p, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// badCase is one row of the table.
type badCase struct {
	name  string // subtest name
	input string // the table's first column
	run   func(t *testing.T) badResult
	want  *regexp.Regexp // what the error must say (nil: any error)
	// accepted: the reference accepts this input too (no error is the right answer).
	accepted bool
	// bug names a known bug (in /work/notes/h4-crashers.md) that makes the row fail
	// today: the row is then skipped with that note instead of failing. Remove it
	// with the fix.
	bug string
}

// badResult is what a row got: an error (one representative when the row makes many
// calls) and a note for the table.
type badResult struct {
	err      error
	note     string
	problems []string // failures found by the row itself
}

// settleGoroutines waits up to 2 s for the goroutine count to fall back to before and
// returns how many more there are.
func settleGoroutines(before int) int {
	deadline := time.Now().Add(2 * time.Second)
	for {
		n := liveGoroutines() - before
		if n <= 0 || time.Now().After(deadline) {
			return max(n, 0)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// liveGoroutines counts the goroutines but regexp2's match-timeout clock, which
// outlives the last match by its timeout plus a second by design and then stops.
func liveGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if len(bytes.TrimSpace(g)) > 0 && !bytes.Contains(g, []byte("regexp2.runClock")) {
			count++
		}
	}
	return count
}

// cell escapes the table's column separator.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// oneLine shortens an error message for the table.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "`", "'")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// noPanic runs f and turns a panic into a test failure.
func noPanic[T any](t *testing.T, what string, f func() (T, error)) (v T, err error) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%s: panic: %v", what, p)
		}
	}()
	return f()
}

// loadErr loads data, failing t when it panics or returns both or neither results.
func loadErr(t *testing.T, what string, data []byte) error {
	t.Helper()
	tok, err := noPanic(t, what, func() (*fasttok.Tokenizer, error) { return fasttok.LoadBytes(data) })
	if (tok == nil) == (err == nil) {
		t.Fatalf("%s: LoadBytes returned %v and %v", what, tok, err)
	}
	return err
}

// badBPE is a tiny valid BPE model section.
const badBPE = `{"type":"BPE","dropout":null,"unk_token":"[UNK]","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":false,"vocab":{"[UNK]":0,"a":1,"b":2,"ab":3},"merges":["a b"]}`

// badFile is a tokenizer.json with the given sections (JSON members) and, unless
// they set it, the model badBPE.
func badFile(members string) []byte {
	if !strings.Contains(members, `"model":`) {
		if members != "" {
			members += ","
		}
		members += `"model":` + badBPE
	}
	return []byte(`{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],` + members + `}`)
}

// place matches a message that names where the problem is: a JSON path (the section,
// then fields and [indexes]), a byte offset or a line.
func place(path string) *regexp.Regexp {
	return regexp.MustCompile(`(^|: )` + regexp.QuoteMeta(path) + `([.\[:]|$)`)
}

func badInputs(t *testing.T, cli *cliBuild) []badCase {
	small := testutil.Gunzip(t, filepath.Join("testdata", "tokenizers", "wordpiece-small.json.gz"))
	scenario, err := os.ReadFile(filepath.Join("testdata", "scenarios", "added-strip.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(small)
	zw.Close()
	gzData := gz.Bytes()

	// A row per load of one file.
	load := func(name, input, want string, data []byte) badCase {
		return badCase{name: name, input: input, want: regexp.MustCompile(want), run: func(t *testing.T) badResult {
			return badResult{err: loadErr(t, name, data)}
		}}
	}
	loadAt := func(name, input, path string, data []byte) badCase {
		c := load(name, input, "", data)
		c.want = place(path)
		return c
	}
	// A row of many truncations or flips of one file.
	many := func(name, input string, data []byte, step int, mutate func(b []byte, i int) []byte) badCase {
		return badCase{name: name, input: input, want: regexp.MustCompile(`^tokenizer\.json: |^[a-z_]+[.\[:]|^gzip: `),
			run: func(t *testing.T) badResult {
				var errs []error
				loaded := 0
				for i := 0; i < len(data); i += step {
					err := loadErr(t, fmt.Sprintf("%s at %d", name, i), mutate(data, i))
					if err == nil {
						loaded++
						continue
					}
					if c := regexp.MustCompile(`^tokenizer\.json: |^[a-z_]+[.\[:]|^gzip: `); !c.MatchString(err.Error()) {
						t.Errorf("%s at %d: error %q names no place", name, i, err)
					}
					errs = append(errs, err)
				}
				res := badResult{note: fmt.Sprintf("%d errors, %d loads (still valid), e.g.", len(errs), loaded)}
				if len(errs) > 0 {
					res.err = errs[len(errs)/2] // one from the middle of the file
				}
				return res
			}}
	}
	truncate := func(b []byte, i int) []byte { return b[:i] }
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 0x41
		return c
	}

	tok, err := fasttok.Load(filepath.Join("testdata", "tokenizers", "wordpiece-small.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	invalid := []byte("héllo \xff wörld")
	utf8Want := regexp.MustCompile(`not valid UTF-8 \(first invalid byte at offset 7\)`)
	encodeRow := func(name, input string, f func() error) badCase {
		return badCase{name: name, input: input, want: utf8Want, run: func(t *testing.T) badResult {
			_, err := noPanic(t, name, func() (int, error) { return 0, f() })
			var ue *tokenizer.InvalidUTF8Error
			if err != nil && !errors.As(err, &ue) {
				t.Errorf("%s: %v is not an *InvalidUTF8Error", name, err)
			}
			return badResult{err: err}
		}}
	}

	deep := func(n int) []byte {
		var b strings.Builder
		for range n {
			b.WriteString(`{"type":"Sequence","normalizers":[`)
		}
		b.WriteString(`{"type":"NFC"}`)
		for range n {
			b.WriteString(`]}`)
		}
		return badFile(`"normalizer":` + b.String())
	}

	cases := []badCase{
		many("truncated-every-byte", "a tokenizer.json (testdata/scenarios/added-strip.json) truncated at every byte",
			scenario, 1, truncate),
		many("truncated-every-97", "a 60 KB tokenizer.json (testdata/tokenizers/wordpiece-small) truncated every 97 bytes",
			small, 97, truncate),
		many("flipped-bytes", "the same file with one byte flipped (XOR 0x41), every 211 bytes", small, 211, flip),
		many("truncated-gzip", "the same file gzip-compressed, truncated every 211 bytes", gzData, 211, truncate),
		// (Bugs #1 and #2 of /work/notes/h4-crashers.md, fixed in 5d430be.)
		load("gzip-no-trailer", "the gzip file without its 8-byte trailer (CRC-32, size)", `^gzip: `, gzData[:len(gzData)-8]),
		gzipHugeSize(gzData),
		load("gzip-bad-crc", "the gzip file with its CRC-32 trailer corrupted", `^gzip: `,
			append(bytes.Clone(gzData[:len(gzData)-8]), 1, 2, 3, 4, 5, 6, 7, 8)),
		load("empty", "an empty file", `^tokenizer\.json: `, nil),
		load("null", "`null`", `^tokenizer\.json: |model`, []byte("null")),
		load("array", "`[]`", `^tokenizer\.json: `, []byte("[]")),
		load("no-model", "`{}` (no model)", "missing field `model`", []byte("{}")),
		loadAt("vocab-list", "model.vocab a list (WordPiece)", "model",
			badFile(`"model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":["a","b"]}`)),
		loadAt("merges-numbers", "model.merges numbers", "model",
			badFile(`"model":`+strings.Replace(badBPE, `["a b"]`, `[1,2]`, 1))),
		loadAt("vocab-id-string", "a vocabulary id a string", "model",
			badFile(`"model":`+strings.Replace(badBPE, `"a":1`, `"a":"1"`, 1))),
		loadAt("added-object", "added_tokens an object", "added_tokens",
			[]byte(strings.Replace(string(badFile("")), `"added_tokens":[]`, `"added_tokens":{}`, 1))),
		loadAt("normalizer-string", "normalizer a string", "normalizer", badFile(`"normalizer":"NFC"`)),
		loadAt("truncation-string", "truncation.max_length a string", "truncation",
			[]byte(strings.Replace(string(badFile("")), `"truncation":null`,
				`"truncation":{"direction":"Right","max_length":"512","strategy":"LongestFirst","stride":0}`, 1))),
		loadAt("decoder-field", "decoder field of the wrong type (Strip start \"one\")", "decoder",
			badFile(`"decoder":{"type":"Strip","content":" ","start":"one","stop":0}`)),
		loadAt("unknown-normalizer", "unknown normalizer type", "normalizer", badFile(`"normalizer":{"type":"Upcase"}`)),
		loadAt("unknown-nested", "unknown pre-tokenizer inside a Sequence", "pre_tokenizer.pretokenizers[1]",
			badFile(`"pre_tokenizer":{"type":"Sequence","pretokenizers":[{"type":"Whitespace"},{"type":"Nope"}]}`)),
		loadAt("unknown-model", "unknown model type", "model", badFile(`"model":{"type":"Magic","vocab":{}}`)),
		loadAt("unknown-processor", "unknown post-processor type", "post_processor", badFile(`"post_processor":{"type":"Nope"}`)),
		loadAt("unknown-decoder", "unknown decoder type", "decoder", badFile(`"decoder":{"type":"Nope"}`)),
		loadAt("no-type", "component without \"type\"", "normalizer", badFile(`"normalizer":{"lowercase":true}`)),
		loadAt("split-regex", "invalid regex in a Split pre-tokenizer (`(a`)", "pre_tokenizer.pattern",
			badFile(`"pre_tokenizer":{"type":"Split","pattern":{"Regex":"(a"},"behavior":"Isolated","invert":false}`)),
		loadAt("replace-regex", "invalid regex in a Replace normalizer (`[a`)", "normalizer.pattern",
			badFile(`"normalizer":{"type":"Replace","pattern":{"Regex":"[a"},"content":"x"}`)),
		loadAt("decoder-regex", "invalid regex in a Replace decoder (`[z-a]`)", "decoder.pattern",
			badFile(`"decoder":{"type":"Replace","pattern":{"Regex":"[z-a]"},"content":"x"}`)),
		loadAt("unigram-empty-unk", "empty vocabulary (Unigram with an unk_id)", "model",
			badFile(`"model":{"type":"Unigram","unk_id":0,"vocab":[],"byte_fallback":false}`)),
		emptyVocab("unigram-empty", "empty vocabulary (Unigram, no unk_id): loads, as in the reference; encoding",
			badFile(`"model":{"type":"Unigram","unk_id":null,"vocab":[],"byte_fallback":false}`)),
		emptyVocab("wordpiece-empty", "empty vocabulary (WordPiece): loads, as in the reference; encoding",
			badFile(`"model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}`)),
		emptyVocab("wordlevel-empty", "empty vocabulary (WordLevel): loads, as in the reference; encoding",
			badFile(`"model":{"type":"WordLevel","unk_token":"[UNK]","vocab":{}}`)),
		emptyVocab("bpe-empty", "empty vocabulary (BPE, unk token \"[UNK]\"): loads, as in the reference; encoding",
			badFile(`"model":{"type":"BPE","dropout":null,"unk_token":"[UNK]","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"vocab":{},"merges":[]}`)),
		loadAt("merge-oov", "a merge of tokens not in the vocabulary", "model",
			badFile(`"model":`+strings.Replace(badBPE, `"a b"`, `"a z"`, 1))),
		loadAt("huge-id", "a vocabulary id of 2^40", "model",
			badFile(`"model":`+strings.Replace(badBPE, `"ab":3`, `"ab":1099511627776`, 1))),
		loadAt("negative-id", "an added token id of -1", "added_tokens",
			[]byte(strings.Replace(string(badFile("")), `"added_tokens":[]`,
				`"added_tokens":[{"id":-1,"content":"x","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}]`, 1))),
		loadAt("huge-float", "a Unigram score of 1e999", "model",
			badFile(`"model":{"type":"Unigram","unk_id":0,"vocab":[["a",1e999]],"byte_fallback":false}`)),
		loadAt("huge-padding", "padding to a fixed length of 10^12 tokens", "padding",
			[]byte(strings.Replace(string(badFile("")), `"padding":null`,
				`"padding":{"strategy":{"Fixed":1000000000000},"direction":"Right","pad_to_multiple_of":null,"pad_id":0,"pad_type_id":0,"pad_token":"[UNK]"}`, 1))),
		load("deep-sequence", "normalizer Sequences nested 200 deep", `MaxDepth.*at byte \d+`, deep(200)),
		load("deep-brackets", "100,000 nested `[` in a field", `^tokenizer\.json: .*(nest|depth|Limits)`,
			badFile(`"normalizer":{"type":"NFC","x":`+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+`}`)),
		slowRegex(),
		encodeRow("encode-string", "invalid UTF-8 text, string API (Encode)", func() error {
			_, err := tok.Encode(string(invalid))
			return err
		}),
		encodeRow("encode-bytes", "invalid UTF-8 text, byte API (EncodeBytes)", func() error {
			_, err := tok.EncodeBytes(invalid, tokenizer.EncodeOptions{})
			return err
		}),
		encodeRow("append-ids-bytes", "invalid UTF-8 text, ids only (AppendIDsBytes, Count)", func() error {
			if _, err := tok.Count(string(invalid), tokenizer.EncodeOptions{}); err == nil {
				return errors.New("Count: no error")
			}
			_, err := tok.AppendIDsBytes(nil, invalid, tokenizer.EncodeOptions{})
			return err
		}),
		{name: "encode-pair", input: "invalid UTF-8 in the second text of a pair", want: regexp.MustCompile(`^pair: .*offset 7`),
			run: func(t *testing.T) badResult {
				_, err := noPanic(t, "EncodePair", func() (*tokenizer.Encoding, error) { return tok.EncodePair("ok", string(invalid)) })
				return badResult{err: err}
			}},
		{name: "encode-batch", input: "invalid UTF-8 in the 3rd input of EncodeBatch", want: regexp.MustCompile(`offset 7`),
			run: func(t *testing.T) badResult {
				_, err := noPanic(t, "EncodeBatch", func() ([]*tokenizer.Encoding, error) {
					return tok.EncodeBatchTexts(context.Background(), []string{"a", "b", string(invalid), "d"}, tokenizer.EncodeOptions{Workers: 2})
				})
				return badResult{err: err}
			}},
		{name: "lossy", input: "invalid UTF-8 with EncodeOptions.Lossy", accepted: true,
			run: func(t *testing.T) badResult {
				enc, err := noPanic(t, "Lossy", func() (*tokenizer.Encoding, error) {
					return tok.EncodeBytes(invalid, tokenizer.EncodeOptions{Lossy: true})
				})
				if err != nil {
					t.Fatal(err)
				}
				want, _ := tok.Encode(tokenizer.LossyString(invalid))
				if fmt.Sprint(enc.IDs) != fmt.Sprint(want.IDs) {
					t.Errorf("Lossy ids %v, LossyString's %v", enc.IDs, want.IDs)
				}
				return badResult{note: "encoded as `héllo \uFFFD wörld` (U+FFFD per maximal invalid subsequence)"}
			}},
		{name: "decode-out-of-range", input: "ids out of range in Decode (2^31, 2^32-1, vocab size)", accepted: true,
			run: func(t *testing.T) badResult {
				n := uint32(tok.VocabSize(true))
				got, err := noPanic(t, "Decode", func() (string, error) { return tok.Decode([]uint32{1 << 31, 2002, ^uint32(0), n}, false) })
				if err != nil {
					t.Fatal(err)
				}
				want, _ := tok.Decode([]uint32{2002}, false)
				if got != want {
					t.Errorf("Decode with unknown ids = %q, want %q (unknown ids skipped)", got, want)
				}
				st := tok.NewDecodeStream(false)
				for _, id := range []uint32{1 << 31, 2002, ^uint32(0)} {
					if _, _, err := st.Step(id); err != nil {
						t.Errorf("DecodeStream.Step(%d): %v", id, err)
					}
				}
				return badResult{note: "skipped, as the reference skips them (no error)"}
			}},
		{name: "missing-file", input: "a tokenizer file that does not exist", want: regexp.MustCompile(`no/such/tokenizer\.json`),
			run: func(t *testing.T) badResult {
				_, err := noPanic(t, "Load", func() (*fasttok.Tokenizer, error) { return fasttok.Load("no/such/tokenizer.json") })
				return badResult{err: err}
			}},
		{name: "file-error-names-file", input: "a file DIR/bad.json with a bad section (Load names the file first)",
			want: regexp.MustCompile(`bad\.json: normalizer`),
			run: func(t *testing.T) badResult {
				dir := t.TempDir()
				p := filepath.Join(dir, "bad.json")
				if err := os.WriteFile(p, badFile(`"normalizer":{"type":"Upcase"}`), 0o644); err != nil {
					t.Fatal(err)
				}
				_, err := noPanic(t, "Load", func() (*fasttok.Tokenizer, error) { return fasttok.Load(p) })
				if err != nil { // the table shows DIR for the temporary directory
					err = errors.New(strings.ReplaceAll(err.Error(), dir, "DIR"))
				}
				return badResult{err: err}
			}},
		cliRow(cli, "cli-invalid-utf8", "invalid UTF-8 in the 2nd line of `fasttok encode` text input",
			`stdin: line 2: invalid UTF-8 at byte 4`, "ok\nbad \xff here\nafter\n", false, "encode", "--format", "ids"),
		cliRow(cli, "cli-lossy", "the same with `--lossy`", "", "ok\nbad \xff here\nafter\n", true,
			"encode", "--format", "ids", "--lossy"),
		cliRow(cli, "cli-bad-json", "a truncated JSON line (2nd) in `--input-format jsonl`", `stdin: line 2: invalid JSON`,
			`{"text":"a"}`+"\n"+`{"text":`+"\n", false, "encode", "--format", "ids", "--input-format", "jsonl"),
		cliRow(cli, "cli-no-field", "a JSON line without the field (`{\"txt\":\"a\"}`)", `stdin: line 1: .*"text"`,
			`{"txt":"a"}`+"\n", false, "encode", "--format", "ids", "--input-format", "jsonl"),
		cliRow(cli, "cli-bad-tokenizer", "`--tokenizer` naming a file that is no tokenizer.json", `go\.mod`,
			"x\n", false, "encode", "--tokenizer", "go.mod"),
		cliHugeLine(cli),
	}
	return cases
}

// withBug marks c as failing today because of bug.
func withBug(c badCase, bug string) badCase {
	c.bug = bug
	return c
}

// gzipHugeSize is the row of a small gzip file whose trailer claims 1 GiB: it must fail
// (CRC mismatch) without allocating for the claimed size.
func gzipHugeSize(gzData []byte) badCase {
	data := bytes.Clone(gzData)
	copy(data[len(data)-4:], []byte{0xf0, 0xff, 0xff, 0x3f})
	return badCase{name: "gzip-huge-size", input: "a 22 KB gzip file whose trailer claims 1 GiB",
		want: regexp.MustCompile(`^gzip: `), run: func(t *testing.T) badResult {
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			err := loadErr(t, "gzip-huge-size", data)
			runtime.ReadMemStats(&m1)
			res := badResult{err: err}
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 64<<20 {
				res.problems = append(res.problems, fmt.Sprintf("allocated %d MB", alloc>>20))
			}
			return res
		}}
}

// slowRegex is the row of a Split regex that backtracks catastrophically (nested lazy
// loops with empty alternatives). It records the time 18 characters take: regexp2's time
// grows about 2.5 times for each 2 more characters (24 characters took 15 s); since
// 310f3ed (bug #4 of /work/notes/h4-crashers.md) a match running longer than
// onig.MatchTimeout fails instead of going on. The reference encodes these 18 characters
// at once but stops on Oniguruma's retry limit (aborting the process) on 2000.
func slowRegex() badCase {
	const pattern = "(?:|[^ab\\n]*?|)*?[^ab\\n]*? +?|"
	return badCase{name: "slow-regex", accepted: true,
		input: "a Split regex that backtracks exponentially (`" + strings.ReplaceAll(pattern, `\\`, `\`) + "`), 18 characters",
		run: func(t *testing.T) badResult {
			if testing.Short() {
				t.Skip("takes a second")
			}
			tok, err := fasttok.LoadBytes(badFile(`"pre_tokenizer":{"type":"Split","pattern":{"Regex":"` + pattern +
				`"},"behavior":"Isolated","invert":false}`))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err = noPanic(t, "Encode", func() (*tokenizer.Encoding, error) { return tok.Encode(strings.Repeat("é", 18)) })
			d := time.Since(start)
			res := badResult{err: err, note: fmt.Sprintf("%v (×2.5 per 2 more characters; a match running over onig.MatchTimeout, 5 s, fails)",
				d.Round(10*time.Millisecond))}
			if d > 10*time.Second {
				res.problems = append(res.problems, fmt.Sprintf("took %v", d.Round(10*time.Millisecond)))
			}
			return res
		}}
}

// emptyVocab is a row of a model that loads with an empty vocabulary (the reference
// loads it too) and must give a clear error when it encodes.
func emptyVocab(name, input string, data []byte) badCase {
	return badCase{name: name, input: input, want: regexp.MustCompile(`(?i)unk|vocab`), run: func(t *testing.T) badResult {
		tok, err := noPanic(t, name, func() (*fasttok.Tokenizer, error) { return fasttok.LoadBytes(data) })
		if err != nil {
			return badResult{err: err, note: "load"}
		}
		_, err = noPanic(t, name, func() (*tokenizer.Encoding, error) { return tok.Encode("hello") })
		return badResult{err: err, note: "encode"}
	}}
}

// zeros is an io.Reader of n bytes 'a' without a newline, made as they are read.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > z.n {
		p = p[:z.n]
	}
	for i := range p {
		p[i] = 'a'
	}
	z.n -= int64(len(p))
	return len(p), nil
}

// cliBuild builds cmd/fasttok once, into dir (the test's temporary directory), for the
// rows that run the CLI.
type cliBuild struct {
	dir  string
	once sync.Once
	path string
	err  error
}

func (c *cliBuild) binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	c.once.Do(func() {
		c.path = filepath.Join(c.dir, "fasttok")
		if out, err := exec.Command("go", "build", "-o", c.path, "./cmd/fasttok").CombinedOutput(); err != nil {
			c.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if c.err != nil {
		t.Fatal(c.err)
	}
	return c.path
}

// cliRow is a row that runs `fasttok ARGS` on stdin and expects it to fail (or, when
// accepted, to succeed); the table shows its standard error (and output when accepted).
func cliRow(cli *cliBuild, name, input, want string, stdin string, accepted bool, args ...string) badCase {
	c := badCase{name: name, input: input, accepted: accepted, run: func(t *testing.T) badResult {
		cmd := exec.Command(cli.binary(t), args...)
		cmd.Stdin = strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err == nil {
			return badResult{note: fmt.Sprintf("exit 0, output %q", stdout.String())}
		}
		return badResult{err: errors.New(strings.TrimSpace(stderr.String())),
			note: fmt.Sprintf("exit %d, %d output lines before it", cmd.ProcessState.ExitCode(), strings.Count(stdout.String(), "\n"))}
	}}
	if want != "" {
		c.want = regexp.MustCompile(want)
	}
	return c
}

// cliHugeLine is the row of a 1 GB line (no newline) on the CLI's standard input: the
// CLI is fed from a generating reader (nothing holds the gigabyte), and must stop with
// an error naming the record and --max-record-bytes.
func cliHugeLine(cli *cliBuild) badCase {
	return badCase{name: "cli-1GB-line", input: "a 1 GB line (no newline) on `fasttok encode`'s standard input",
		want: regexp.MustCompile(`line 1.*--max-record-bytes|--max-record-bytes.*line 1`),
		run: func(t *testing.T) badResult {
			cmd := exec.Command(cli.binary(t), "encode", "--format", "ids")
			src := &zeros{n: 1 << 30}
			cmd.Stdin = src
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = io.Discard, &stderr
			start := time.Now()
			err := cmd.Run()
			if err == nil {
				t.Fatalf("no error on a 1 GB line")
			}
			msg := strings.TrimSpace(stderr.String())
			note := fmt.Sprintf("exit status %d after reading %d MB in %v", cmd.ProcessState.ExitCode(),
				(1<<30-src.n)>>20, time.Since(start).Round(100*time.Millisecond))
			return badResult{err: errors.New(msg), note: note}
		}}
}
