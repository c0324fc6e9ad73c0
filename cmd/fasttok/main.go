// Command fasttok encodes, decodes and counts corpora with a Hugging Face tokenizer.json,
// exactly as the reference (tokenizers 0.23.2) does.
//
//	fasttok encode [FLAGS] [INPUT...] [--format jsonl|ids|bin] [--offsets char|byte]
//	               [--dtype uint16|uint32] [--eos ID|TOKEN]
//	               [--truncation JSON|null] [--padding JSON|null] [--batch N]
//	fasttok decode [FLAGS] [INPUT...] [--skip-special]
//	fasttok count  [FLAGS] [INPUT...] [--per-record]
//	fasttok info   [--tokenizer PATH|NAME] [--json]
//
// # Tokenizer
//
// --tokenizer takes a tokenizer.json file (plain or .gz) or a model name ("gpt2",
// "bert-base-uncased", "org/name") resolved in the local Hugging Face cache
// ($HF_HOME, ~/.cache/huggingface/hub; nothing is downloaded). Without it, an
// embedded GPT-2 tokenizer is used.
//
// # Inputs (the FLAGS of encode, decode and count)
//
// --input (repeatable) and the arguments that are no flags name the inputs, read in
// order: files, globs (a glob matching nothing is an error), directories (every
// regular file under them, recursively, in lexical order), and - for standard input,
// the default. Files named *.gz are gunzipped and *.zst unzstd'ed as they are read.
//
// --input-format text|jsonl|parquet says how records are read; by default from each
// name without its compression suffix: *.jsonl, *.json and *.ndjson are jsonl,
// *.parquet parquet, anything else (and standard input) text; decode reads jsonl by
// default. With text every line is a record (its line ending, "\n" or "\r\n",
// removed). With jsonl every non-blank line is a JSON object whose --field (default
// "text"; "ids" for decode) is the record's text, and whose --pair-field (default
// "pair"), when present and not null, is its pair. With parquet (a file, read a page
// at a time) the --field column (a string or byte array column, possibly optional or
// inside a group: "a.b") is the text, a null text being an error; the pair is the
// --pair-field column only when that flag is given (null: no pair). decode also reads
// text: ids separated by spaces, a line a record (the output of --format ids).
//
// Records are numbered from 1 in each file, by line (text, jsonl: blank lines
// included) or by row (parquet), and errors name them: "FILE: line N: ..." or
// "FILE: row N: ...".
//
// Text that is not valid UTF-8 is an error naming the record and the byte offset of the
// first invalid byte in its line (or value), unless --lossy, which replaces each
// maximal invalid subsequence by U+FFFD (as Python's errors="replace" and Rust's
// String::from_utf8_lossy). A record longer than --max-record-bytes (default 64 MiB)
// is an error, found while reading it: the reader holds at most the limit and a
// buffer of 1 MiB of it, whatever the line's length.
//
// --workers N (default GOMAXPROCS) goroutines encode; the outputs are written in input
// order. --no-special leaves the post-processor's special tokens out. --output PATH
// writes to PATH instead of standard output. A progress bar (bytes, MB/s, tokens/s,
// ETA when the size is known) is drawn on standard error when it is a terminal,
// unless --quiet; --progress draws it even when it is none.
//
// # Outputs
//
// encode --format jsonl prints one object per record, in input order, with the fields
// of the reference's golden files (ids, tokens, offsets, type_ids, attention_mask,
// special_tokens_mask, word_ids, sequence_ids, and overflowing when there is any);
// offsets count characters by default, as the Python and Node bindings report them
// (--offsets byte for UTF-8 byte offsets). --format ids prints each record's ids
// space-separated on one line. --format bin (with --output PATH) writes the ids of
// all records back to back as little-endian --dtype integers (uint32 by default;
// uint16 is refused when the vocabulary, added tokens included, does not fit), each
// followed by the --eos token when given (an id, or a token of the vocabulary), and
// the records' offsets in a Megatron-style index (PATH without .bin, or PATH, + .idx).
//
// decode prints {"text": ...} objects (--skip-special leaves the special tokens out).
//
// count prints the total number of tokens of the records (as len(Encode(text).IDs),
// counted without building the ids where the tokenizer allows it) as a bare decimal
// number on the last line; with --per-record, each record's count comes first, one
// per line, in input order.
//
// --truncation and --padding set the tokenizer's truncation and padding, as the
// sections of the same names of tokenizer.json (e.g. {"max_length":32,"stride":4,
// "strategy":"LongestFirst","direction":"Left"}, {"strategy":"BatchLongest",
// "pad_to_multiple_of":8} or {"strategy":{"Fixed":16}}); fields left out take the
// reference's defaults (truncation: max_length 512, LongestFirst, stride 0, Right;
// padding: BatchLongest, Right, no multiple, pad id 0, type id 0, token "[PAD]"), and
// null disables. Without them, the tokenizer.json's own sections apply. --batch N
// encodes the records N at a time as the reference's encode_batch, so that
// BatchLongest padding pads them together. These flags are those of the reference's
// golden.js, and the output is the same, byte for byte.
//
// # Errors, signals and exit status
//
// A record that cannot be read or encoded stops the run with an error naming its file
// and record on standard error; every record before it is written (and, for bin, its
// index), none after it. SIGINT or SIGTERM stops reading, lets the workers finish
// their jobs, writes every complete record before the first one not done (never a
// partial record; bin: with its index), prints "fasttok: interrupted after N
// records" and exits; a second signal kills at once.
//
// Exit status: 0 success, 1 error, 2 usage error, 130 after SIGINT, 143 after SIGTERM.
package main

// default.pgo, the profile that optimizes the build of this command, is written by
// pgo.sh (see there).
//
//go:generate sh pgo.sh

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/encjson"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

//go:embed gpt2.json.gz
var defaultTokenizer []byte

const usage = `usage:
  fasttok encode [FLAGS] [INPUT...] [--format jsonl|ids|bin] [--offsets char|byte]
                 [--dtype uint16|uint32] [--eos ID|TOKEN]
                 [--truncation JSON|null] [--padding JSON|null] [--batch N]
  fasttok decode [FLAGS] [INPUT...] [--skip-special]
  fasttok count  [FLAGS] [INPUT...] [--per-record]
  fasttok info   [--tokenizer PATH|NAME] [--json]

FLAGS (encode, decode, count):
  --tokenizer PATH|NAME     tokenizer.json (or .gz), or a model name in the local
                            Hugging Face cache; default: embedded GPT-2
  --input FILE|GLOB|DIR|-   an input (repeatable; also as arguments); default: stdin;
                            *.gz and *.zst are decompressed
  --input-format F          text, jsonl or parquet (default: from the name; decode: jsonl)
  --field NAME              the jsonl field / parquet column of the text (default
                            "text"; decode: "ids")
  --pair-field NAME         the pair's field (jsonl, default "pair", when present) or
                            column (parquet, only when given)
  --no-special              no special tokens
  --workers N               worker goroutines (default: the number of CPUs)
  --output PATH             write to PATH (default: stdout; --format bin needs it)
  --lossy                   replace invalid UTF-8 by U+FFFD instead of failing
  --max-record-bytes N      longest record (default 67108864, 64 MiB)
  --quiet, --progress       no progress bar / a progress bar even off a terminal

count prints the total of tokens on its last line, after each record's count with
--per-record (bare decimal numbers, one a line).
--format bin writes little-endian --dtype ids (default uint32), each record followed
by --eos when given, and a Megatron-style index PATH.idx (or PREFIX.idx for PREFIX.bin).

Exit status: 0 ok, 1 error (records before it are written), 2 usage, 130 SIGINT, 143 SIGTERM.
`

func main() {
	ctx, signaled, stopSignals := signalContext()
	err := runContext(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopSignals()
	os.Exit(exitCode(err, signaled(), os.Stderr))
}

// exitCode reports err on stderr and returns the process's exit status: 0, 1 for an
// error, 2 for a usage error, 128+n after signal n stopped the run.
func exitCode(err error, sig os.Signal, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "fasttok: %v\n%s", err, usage)
		return 2
	}
	// The library's errors may already say "fasttok: ".
	fmt.Fprintf(stderr, "fasttok: %s\n", strings.TrimPrefix(err.Error(), "fasttok: "))
	var ie *interruptedError
	if errors.As(err, &ie) {
		return signalExitCode(sig)
	}
	return 1
}

// usageError is the error of a command line that cannot be run (exit status 2, with
// the usage).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// run runs the command of args (without signal handling: the tests' entry point).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runContext(context.Background(), args, stdin, stdout, stderr)
}

// runContext runs the command of args; when ctx is done, a corpus command stops as
// after a signal (an *interruptedError).
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"missing command"}
	}
	switch args[0] {
	case "encode":
		return runEncode(ctx, args[1:], stdin, stdout, stderr)
	case "decode":
		return runDecode(ctx, args[1:], stdin, stdout, stderr)
	case "count":
		return runCount(ctx, args[1:], stdin, stdout, stderr)
	case "info":
		return runInfo(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
}

// commonFlags are the flags of every input-reading command.
type commonFlags struct {
	tokenizer string
	inputs    inputList
	in        inputConfig
	noSpecial bool
	workers   int
	output    string
	quiet     bool
	progress  bool
}

// register defines the flags on fs; field is the default of --field.
func (c *commonFlags) register(fs *flag.FlagSet, field string) {
	fs.StringVar(&c.tokenizer, "tokenizer", "", "tokenizer.json `path` (plain or .gz) or model name in the Hugging Face cache; default: embedded GPT-2")
	fs.Var(&c.inputs, "input", "input `file`, glob or directory (repeatable; also as arguments), or - for standard input (the default)")
	fs.StringVar(&c.in.format, "input-format", "", "text, jsonl or parquet (default: from the file name)")
	fs.StringVar(&c.in.field, "field", field, "the `name` of the record's field (jsonl) or column (parquet)")
	fs.StringVar(&c.in.pairField, "pair-field", "pair", "the `name` of the pair's field (jsonl, when present) or column (parquet, only when given)")
	fs.BoolVar(&c.noSpecial, "no-special", false, "do not add special tokens")
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "number of worker goroutines")
	fs.StringVar(&c.output, "output", "", "output `path` (default: standard output)")
	fs.BoolVar(&c.in.lossy, "lossy", false, "replace invalid UTF-8 by U+FFFD instead of failing")
	fs.IntVar(&c.in.maxRecord, "max-record-bytes", defaultMaxRecordBytes, "the longest record, in `bytes`, before an error")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&c.progress, "progress", false, "a progress bar on standard error even when it is no terminal")
}

func (c *commonFlags) load() (*fasttok.Tokenizer, error) {
	return loadTokenizer(c.tokenizer)
}

// loadTokenizer loads the tokenizer that a --tokenizer value names: "" is the embedded
// GPT-2 tokenizer, an existing file is loaded (tokenizer.json, plain or .gz), and
// anything else is a model name resolved in the local Hugging Face cache
// (fasttok.FromPretrained: nothing is downloaded).
func loadTokenizer(spec string) (*fasttok.Tokenizer, error) {
	if spec == "" {
		return fasttok.LoadBytes(defaultTokenizer)
	}
	if _, err := os.Stat(spec); err == nil || looksLikePath(spec) {
		return fasttok.Load(spec)
	}
	return fasttok.FromPretrained(spec)
}

// looksLikePath reports whether a --tokenizer value that names no file is meant as a
// path (its error is then the file's): absolute or relative to . or .., or named
// *.json or *.gz, which no model name is.
func looksLikePath(spec string) bool {
	return filepath.IsAbs(spec) || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") ||
		strings.HasSuffix(spec, ".json") || strings.HasSuffix(spec, ".gz")
}

// parse parses args with fs (where register put the flags); the arguments that are
// no flags (before, between or after them) are inputs.
func (c *commonFlags) parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	for {
		if err := fs.Parse(args); err != nil {
			return usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		c.inputs = append(c.inputs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "pair-field" {
			c.in.pairFieldSet = true
		}
	})
	c.in.specs = c.inputs
	switch c.in.format {
	case "", formatText, formatJSONL, formatParquet:
	default:
		return usageError{fmt.Sprintf("--input-format must be text, jsonl or parquet, not %q", c.in.format)}
	}
	if c.workers < 1 {
		return usageError{fmt.Sprintf("--workers must be at least 1, not %d", c.workers)}
	}
	if c.in.maxRecord < 1 {
		return usageError{fmt.Sprintf("--max-record-bytes must be at least 1, not %d", c.in.maxRecord)}
	}
	if c.in.field == "" {
		return usageError{"--field must not be empty"}
	}
	return nil
}

// start loads the tokenizer (with adjust, if not nil, applied to it) while the
// inputs are resolved, and returns the pipeline that reads them; its ready waits for
// the tokenizer. tok is set once ready returns nil.
func (c *commonFlags) start(stdin io.Reader, stderr io.Writer, tok **fasttok.Tokenizer, adjust func(*fasttok.Tokenizer) (*fasttok.Tokenizer, error)) (*pipeline, *progress, error) {
	loaded := make(chan struct{})
	var loadErr error
	go func() {
		defer close(loaded)
		t, err := c.load()
		if err == nil && adjust != nil {
			t, err = adjust(t)
		}
		*tok, loadErr = t, err
		gcLoaded()
	}()
	ready := func() error {
		<-loaded
		return loadErr
	}
	srcs, err := expandInputs(c.in.specs, c.in.format)
	if err != nil {
		if lerr := ready(); lerr != nil {
			return nil, nil, lerr
		}
		return nil, nil, err
	}
	prog := newProgress(stderr, totalSize(srcs), c.progress || (!c.quiet && isTerminal(stderr)))
	p := &pipeline{srcs: srcs, stdin: stdin, in: &c.in, workers: c.workers, ready: ready, progress: prog.Add}
	return p, prog, nil
}

// create opens the --output file (or returns stdout).
func (c *commonFlags) create(stdout io.Writer) (io.Writer, func() error, error) {
	if c.output == "" || c.output == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(c.output)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// textSink writes the outputs to a file or stdout, post (if not nil) turning each
// job's output into text on the writing goroutine: the share of the work that can
// leave the workers' (e.g. formatting).
func (c *commonFlags) textSink(stdout io.Writer, post func(dst, out []byte) []byte) func() (sink, error) {
	return func() (sink, error) {
		w, closeW, err := c.create(stdout)
		if err != nil {
			return nil, err
		}
		return &textSink{bw: bufio.NewWriterSize(w, 1<<20), closeW: closeW, post: post}, nil
	}
}

// textSink writes the jobs' outputs as they are, or as post turns them into text.
type textSink struct {
	bw     *bufio.Writer
	closeW func() error
	post   func(dst, out []byte) []byte
	buf    []byte
}

func (s *textSink) write(j *job) error {
	text := j.out
	if s.post != nil {
		s.buf = s.post(s.buf[:0], j.out)
		text = s.buf
	}
	_, err := s.bw.Write(text)
	return err
}

// idle flushes: the outputs written so far are seen at once (a slow input).
func (s *textSink) idle() error { return s.bw.Flush() }

func (s *textSink) close(bool) error {
	err := s.bw.Flush()
	if cerr := s.closeW(); err == nil {
		err = cerr
	}
	return err
}

// binSink hands each record's raw ids (appendRawIDs) to a binWriter.
type binSink struct {
	w   *binWriter
	ids []uint32
}

func (s *binSink) write(j *job) error {
	raw := j.out
	for len(raw) >= 4 {
		n := int(binary.LittleEndian.Uint32(raw))
		raw = raw[4:]
		if n > len(raw)/4 {
			return errors.New("internal error: malformed raw ids")
		}
		s.ids = s.ids[:0]
		for i := 0; i < n; i++ {
			s.ids = append(s.ids, binary.LittleEndian.Uint32(raw[4*i:]))
		}
		raw = raw[4*n:]
		if err := s.w.WriteDoc(s.ids); err != nil {
			return err
		}
	}
	return nil
}

func (s *binSink) idle() error { return nil }

func (s *binSink) close(bool) error { return s.w.Close() }

// encodeConfig is what encode does with each record.
type encodeConfig struct {
	in        *inputConfig
	format    string
	offsets   tokenizer.OffsetType
	noSpecial bool
	workers   int
	// idsText: the workers write --format ids as text. With fewer workers than
	// processors the writing goroutine formats them instead (it has a processor of
	// its own); with as many, that would take time from the workers.
	idsText bool
}

// opts are the encoding options of a record: with Workers, the ids path encodes the
// parts of a record of 1 MiB or more on the workers (tokenizer.AppendIDs), so that one
// long record does not leave them idle.
func (cfg *encodeConfig) opts() tokenizer.EncodeOptions {
	return tokenizer.EncodeOptions{NoSpecialTokens: cfg.noSpecial, Offsets: cfg.offsets, Lossy: cfg.in.lossy, Workers: cfg.workers}
}

func runEncode(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c commonFlags
	fs := flag.NewFlagSet("encode", flag.ContinueOnError)
	c.register(fs, "text")
	format := fs.String("format", "jsonl", "output format: jsonl, ids or bin")
	offsets := fs.String("offsets", "char", "offsets in the jsonl output: char or byte")
	dtype := fs.String("dtype", "uint32", "the ids' type in the bin output: uint16 or uint32")
	eos := fs.String("eos", "", "the separator after each document of the bin output: a token `id or string`")
	truncation := sectionFlag{defaults: truncationDefaults}
	padding := sectionFlag{defaults: paddingDefaults}
	fs.Var(&truncation, "truncation", "truncation `JSON` (the tokenizer.json section; null: none)")
	fs.Var(&padding, "padding", "padding `JSON` (the tokenizer.json section; null: none)")
	batch := fs.Int("batch", 0, "encode and pad `N` records at a time (0: one at a time)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if *batch < 0 {
		return usageError{fmt.Sprintf("--batch must not be negative, not %d", *batch)}
	}
	cfg := encodeConfig{in: &c.in, format: *format, noSpecial: c.noSpecial, workers: c.workers}
	switch cfg.format {
	case "jsonl", "ids":
	case "bin":
		if c.output == "" || c.output == "-" {
			return usageError{"--format bin needs --output PATH (it writes PATH and its index)"}
		}
		if *batch > 0 {
			return usageError{"--format bin does not take --batch"}
		}
	default:
		return usageError{fmt.Sprintf("--format must be jsonl, ids or bin, not %q", cfg.format)}
	}
	binOnly := ""
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "dtype" || f.Name == "eos" {
			binOnly = f.Name
		}
	})
	if binOnly != "" && cfg.format != "bin" {
		return usageError{fmt.Sprintf("--%s is a flag of --format bin", binOnly)}
	}
	if *dtype != "uint16" && *dtype != "uint32" {
		return usageError{fmt.Sprintf("--dtype must be uint16 or uint32, not %q", *dtype)}
	}
	switch *offsets {
	case "char":
		cfg.offsets = tokenizer.OffsetChars
	case "byte":
		cfg.offsets = tokenizer.OffsetBytes
	default:
		return usageError{fmt.Sprintf("--offsets must be char or byte, not %q", *offsets)}
	}
	var tok *fasttok.Tokenizer
	var adjust func(*fasttok.Tokenizer) (*fasttok.Tokenizer, error)
	if truncation.set || padding.set {
		adjust = func(t *fasttok.Tokenizer) (*fasttok.Tokenizer, error) {
			t, err := t.WithSections(truncation.raw, padding.raw)
			if err != nil {
				return nil, usageError{err.Error()}
			}
			return t, nil
		}
	}
	p, prog, err := c.start(stdin, stderr, &tok, adjust)
	if err != nil {
		return err
	}
	defer prog.Finish()
	if *batch > 0 {
		p.fn = frameRecord
		p.newSink = func() (sink, error) {
			w, closeW, err := c.create(stdout)
			if err != nil {
				return nil, err
			}
			return &batchSink{tok: tok, cfg: &cfg, batch: *batch, bw: bufio.NewWriterSize(w, 64<<10), closeW: closeW}, nil
		}
		return p.run(ctx)
	}
	p.fn = func(dst []byte, r *record) ([]byte, error) {
		return encodeRecord(tok, &cfg, dst, r)
	}
	switch cfg.format {
	case "jsonl":
		p.newSink = c.textSink(stdout, nil)
	case "ids":
		if cfg.workers >= runtime.GOMAXPROCS(0) {
			cfg.idsText = true
			p.newSink = c.textSink(stdout, nil)
		} else {
			p.newSink = c.textSink(stdout, formatRawIDs) // the workers append raw ids (appendRawIDs)
		}
	case "bin":
		p.newSink = func() (sink, error) {
			id, err := eosID(tok, *eos)
			if err != nil {
				return nil, err
			}
			w, err := newBinWriter(c.output, *dtype, tok.VocabSize(true), id)
			if err != nil {
				return nil, err
			}
			return &binSink{w: w}, nil
		}
	}
	return p.run(ctx)
}

// eosID resolves --eos: "" is none (-1), a number an id, else a token of the vocabulary.
func eosID(tok *fasttok.Tokenizer, eos string) (int64, error) {
	if eos == "" {
		return -1, nil
	}
	if id, err := strconv.ParseUint(eos, 10, 32); err == nil {
		if id >= uint64(tok.VocabSize(true)) {
			return 0, fmt.Errorf("--eos %d: not an id of the vocabulary (%d tokens)", id, tok.VocabSize(true))
		}
		return int64(id), nil
	}
	id, ok := tok.TokenToID(eos)
	if !ok {
		return 0, fmt.Errorf("--eos %q: no such token in the vocabulary", eos)
	}
	return int64(id), nil
}

// The defaults of the truncation and padding sections' fields, as golden.js fills them.
var (
	truncationDefaults = map[string]any{"direction": "Right", "max_length": 512, "strategy": "LongestFirst", "stride": 0}
	paddingDefaults    = map[string]any{"strategy": "BatchLongest", "direction": "Right", "pad_to_multiple_of": nil,
		"pad_id": 0, "pad_type_id": 0, "pad_token": "[PAD]"}
)

// sectionFlag is a --truncation or --padding value: a JSON object, whose missing fields
// take defaults, or null.
type sectionFlag struct {
	defaults map[string]any
	set      bool
	raw      []byte
}

func (f *sectionFlag) String() string { return string(f.raw) }

func (f *sectionFlag) Set(v string) error {
	if jsonutil.IsNull([]byte(v)) {
		f.set, f.raw = true, []byte("null")
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(v), &fields); err != nil || fields == nil {
		return fmt.Errorf("want a JSON object or null, got %q", v)
	}
	merged := make(map[string]any, len(f.defaults)+len(fields))
	for k, d := range f.defaults {
		merged[k] = d
	}
	for k, x := range fields {
		merged[k] = x
	}
	raw, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	f.set, f.raw = true, raw
	return nil
}

// frameRecord is the record function of --batch: it passes the record on as is
// (its number, text and pair), for batchSink to parse and encode in order.
func frameRecord(dst []byte, r *record) ([]byte, error) {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(r.no))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(r.data)))
	dst = append(dst, r.data...)
	if !r.hasPair {
		return binary.LittleEndian.AppendUint32(dst, math.MaxUint32), nil
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(r.pair)))
	return append(dst, r.pair...), nil
}

// batchSink encodes the records batch at a time with EncodeBatch (so that padding
// pads each batch together) and writes them in order. A record that cannot be read,
// or a batch that cannot be encoded, stops the run with an error naming its records.
type batchSink struct {
	tok    *fasttok.Tokenizer
	cfg    *encodeConfig
	batch  int
	bw     *bufio.Writer
	closeW func() error
	inputs []tokenizer.Input
	names  []string // each input's source and number, for errors
	buf    []byte
	failed bool
}

func (s *batchSink) write(j *job) error {
	raw := j.out
	for len(raw) > 0 {
		r := record{src: j.src, no: int(binary.LittleEndian.Uint32(raw))}
		n := int(binary.LittleEndian.Uint32(raw[4:]))
		r.data, raw = raw[8:8+n], raw[8+n:]
		if n := binary.LittleEndian.Uint32(raw); n != math.MaxUint32 {
			r.pair, r.hasPair, raw = raw[4:4+n], true, raw[4+n:]
		} else {
			raw = raw[4:]
		}
		input, err := parseRecord(s.cfg.in, &r) // no scratch: copies, kept until the batch is full
		if err == errSkip {
			continue
		}
		if err != nil {
			if ferr := s.flush(); ferr != nil {
				return ferr
			}
			s.failed = true
			return fmt.Errorf("%s: %s %d: %w", r.src.name, r.src.kind(), r.no, err)
		}
		s.inputs = append(s.inputs, input)
		s.names = append(s.names, fmt.Sprintf("%s: %s %d", r.src.name, r.src.kind(), r.no))
		if len(s.inputs) == s.batch {
			if err := s.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *batchSink) flush() error {
	if len(s.inputs) == 0 || s.failed {
		return nil
	}
	opts := s.cfg.opts()
	opts.Workers = s.cfg.workers
	encs, err := s.tok.EncodeBatch(context.Background(), s.inputs, opts)
	if err != nil {
		s.failed = true
		return fmt.Errorf("the batch of %s to %s: %w", s.names[0], s.names[len(s.names)-1], err)
	}
	for _, enc := range encs {
		s.buf = appendEncoding(s.buf[:0], s.cfg, enc)
		if _, err := s.bw.Write(s.buf); err != nil {
			s.failed = true
			return err
		}
	}
	s.inputs, s.names = s.inputs[:0], s.names[:0]
	return nil
}

func (s *batchSink) idle() error { return nil }

func (s *batchSink) close(bool) error {
	err := s.flush()
	if ferr := s.bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := s.closeW(); err == nil {
		err = cerr
	}
	return err
}

var idsPool = sync.Pool{New: func() any { b := make([]uint32, 0, 4096); return &b }}

// errSkip marks a line that is no record (a blank line of JSON Lines input).
var errSkip = errors.New("skip")

// encodeRecord encodes the record r and appends it to dst: for --format ids and bin,
// as appendRawIDs (the writer formats them) or, with cfg.idsText, as appendIDs; else
// as appendEncoding.
func encodeRecord(tok *fasttok.Tokenizer, cfg *encodeConfig, dst []byte, r *record) ([]byte, error) {
	input, err := parseRecord(cfg.in, r)
	if err != nil {
		return dst, err
	}
	opts := cfg.opts()
	if cfg.format != "jsonl" && input.Second == nil {
		// The ids-only path: no tokens, offsets or word ids are built.
		ids := idsPool.Get().(*[]uint32)
		defer idsPool.Put(ids)
		var err error
		if *ids, err = tok.AppendIDs((*ids)[:0], input.First.Text, opts); err != nil {
			return dst, err
		}
		r.tokens = len(*ids)
		if cfg.idsText {
			return appendIDs(dst, *ids), nil
		}
		return appendRawIDs(dst, *ids), nil
	}
	enc, err := tok.EncodeInput(input, opts)
	if err != nil {
		return dst, err
	}
	r.tokens = len(enc.IDs)
	if cfg.idsText {
		return appendIDs(dst, enc.IDs), nil
	}
	if cfg.format != "jsonl" {
		return appendRawIDs(dst, enc.IDs), nil
	}
	return appendEncoding(dst, cfg, enc), nil
}

// parseRecord reads one input record (errSkip for a blank line of JSON Lines). Its
// text is valid UTF-8: invalid UTF-8 is an error, or replaced (--lossy). When r has a
// scratch buffer (a job's record), the texts may be r's own bytes or the scratch's
// rather than copies (most records then allocate nothing): the caller must be done with
// them before the next record, which the record functions are (the tokenizer keeps no
// input string: its caches copy what they keep).
func parseRecord(in *inputConfig, r *record) (tokenizer.Input, error) {
	borrow := r.scratch != nil
	var input tokenizer.Input
	switch r.src.format {
	case formatText:
		text, err := validText(bytes.TrimSuffix(r.data, []byte("\r")), in.lossy, "line", borrow)
		input.First.Text = text
		return input, err
	case formatParquet:
		text, err := validText(r.data, in.lossy, "value", borrow)
		if err != nil {
			return input, err
		}
		input.First.Text = text
		if r.hasPair {
			pair, err := validText(r.pair, in.lossy, "pair value", borrow)
			if err != nil {
				return input, err
			}
			input.Second = &tokenizer.Sequence{Text: pair}
		}
		return input, nil
	}
	line := r.data
	if len(bytes.TrimSpace(line)) == 0 {
		return input, errSkip
	}
	if in.field == "text" {
		if text, ok := parseTextRecord(line, r.scratch); ok {
			input.First.Text = text
			return input, nil
		}
	}
	if !utf8.Valid(line) {
		if !in.lossy {
			return input, invalidUTF8(line, "line")
		}
		line = []byte(tokenizer.LossyString(line))
	}
	text, pair, hasPair, err := parseJSONRecord(line, in.field, in.pairField)
	if err != nil {
		return input, err
	}
	input.First.Text = text
	if hasPair {
		input.Second = &tokenizer.Sequence{Text: pair}
	}
	return input, nil
}

// validText returns b as a string, with invalid UTF-8 an error naming the byte offset
// in what (line, value) or, when lossy, replaced by U+FFFD. With borrow, valid text
// is b's own bytes (see parseRecord).
func validText(b []byte, lossy bool, what string, borrow bool) (string, error) {
	if utf8.Valid(b) {
		if borrow {
			return unsafe.String(unsafe.SliceData(b), len(b)), nil
		}
		return string(b), nil
	}
	if lossy {
		return tokenizer.LossyString(b), nil
	}
	return "", invalidUTF8(b, what)
}

// parseJSONRecord decodes a JSON Lines record: the string of its field, and of its
// pair field when present.
func parseJSONRecord(line []byte, field, pairField string) (text, pair string, hasPair bool, err error) {
	// Keys are matched exactly (a struct would take "TEXT" for "text").
	var rec map[string]json.RawMessage
	if err := jsonutil.Unmarshal(line, &rec); err != nil {
		return "", "", false, fmt.Errorf("invalid JSON: %w", err)
	}
	if text, err = stringField(rec, field); err != nil {
		return "", "", false, err
	}
	if raw, ok := rec[pairField]; ok && !jsonutil.IsNull(raw) {
		if pair, err = stringField(rec, pairField); err != nil {
			return "", "", false, err
		}
		hasPair = true
	}
	return text, pair, hasPair, nil
}

// stringField returns the string value of rec's field.
func stringField(rec map[string]json.RawMessage, field string) (string, error) {
	raw, ok := rec[field]
	if !ok || jsonutil.IsNull(raw) {
		return "", fmt.Errorf("missing %q field (or null)", field)
	}
	var s string
	if err := jsonutil.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("field %q: want a string: %w", field, err)
	}
	return s, nil
}

// appendEncoding appends enc as --format says, with its line ending.
func appendEncoding(dst []byte, cfg *encodeConfig, enc *tokenizer.Encoding) []byte {
	if cfg.format == "ids" {
		return appendIDs(dst, enc.IDs)
	}
	return append(encjson.Append(dst, enc), '\n')
}

// invalidUTF8 is the error of b, which is not valid UTF-8: it names the offset of the
// first invalid byte in what (the line, the value).
func invalidUTF8(b []byte, what string) error {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Errorf("invalid UTF-8 at byte %d of the %s (--lossy replaces it)", i, what)
		}
		i += size
	}
	return errors.New("invalid UTF-8")
}

func runDecode(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c commonFlags
	fs := flag.NewFlagSet("decode", flag.ContinueOnError)
	c.register(fs, "ids")
	skip := fs.Bool("skip-special", false, "leave special tokens out of the text")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	switch c.in.format {
	case "":
		c.in.format = formatJSONL
	case formatParquet:
		return usageError{"decode reads jsonl ({\"ids\": [...]}) or text (ids separated by spaces), not parquet"}
	}
	var tok *fasttok.Tokenizer
	p, prog, err := c.start(stdin, stderr, &tok, nil)
	if err != nil {
		return err
	}
	defer prog.Finish()
	field := c.in.field
	p.fn = func(dst []byte, r *record) ([]byte, error) {
		ids, err := parseIDs(r, field)
		if err != nil {
			return dst, err
		}
		text, err := tok.Decode(ids, *skip)
		if err != nil {
			return dst, err
		}
		r.tokens = len(ids)
		dst = append(dst, `{"text":`...)
		dst = encjson.AppendString(dst, text)
		return append(dst, "}\n"...), nil
	}
	p.newSink = c.textSink(stdout, nil)
	return p.run(ctx)
}

// parseIDsRecord reads the common decode record {"ids": [1, 2, 3]} (spaces allowed
// between tokens), without reflection; false for anything else, which parseIDs then
// reads (and words the error of) with encoding/json.
func parseIDsRecord(line []byte) (ids []uint32, ok bool) {
	s := jsonutil.Scanner{Data: line}
	found := false
	ok = s.Object(func(key []byte) bool {
		if string(key) != "ids" || found || !s.Consume('[') {
			return false
		}
		found = true
		ids = make([]uint32, 0, len(line)/6)
		if s.Consume(']') {
			return true
		}
		for {
			id, ok := s.Uint32()
			if !ok {
				return false
			}
			ids = append(ids, id)
			if s.Consume(']') {
				return true
			}
			if !s.Consume(',') {
				return false
			}
		}
	})
	return ids, ok && found && s.AtEnd()
}

// parseIDs reads the ids of a decode record: a JSON Lines object's field (blank lines
// are skipped), or a line of ids separated by spaces (text).
func parseIDs(r *record, field string) ([]uint32, error) {
	line := r.data
	if r.src.format == formatText {
		fields := bytes.Fields(line)
		ids := make([]uint32, len(fields))
		for i, f := range fields {
			id, err := strconv.ParseUint(string(f), 10, 32)
			if err != nil {
				return nil, fmt.Errorf("id %d: %w", i, err)
			}
			ids[i] = uint32(id)
		}
		return ids, nil
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return nil, errSkip
	}
	if field == "ids" {
		if ids, ok := parseIDsRecord(line); ok {
			return ids, nil
		}
	}
	// Keys are matched exactly (a struct would take "IDS" for "ids").
	var rec map[string]json.RawMessage
	if err := jsonutil.Unmarshal(line, &rec); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	raw, ok := rec[field]
	if !ok || jsonutil.IsNull(raw) {
		return nil, fmt.Errorf("missing %q field", field)
	}
	var ids []uint32
	if err := jsonutil.Unmarshal(raw, &ids); err != nil {
		return nil, fmt.Errorf("field %q: want an array of ids: %w", field, err)
	}
	return ids, nil
}
