// Command fasttok encodes and decodes corpora with a Hugging Face tokenizer.json.
//
//	fasttok encode [--tokenizer PATH] [--input PATH|-] [--input-format text|jsonl]
//	               [--format jsonl|ids] [--offsets byte|char] [--no-special] [--workers N]
//	               [--truncation JSON|null] [--padding JSON|null] [--batch N]
//	fasttok decode [--tokenizer PATH] [--input PATH|-] [--skip-special]
//
// Without --tokenizer it uses an embedded GPT-2 tokenizer. Input is read from --input (a
// file, or - for standard input, the default). With --input-format text every line is a
// record (its line ending, "\n" or "\r\n", removed); with jsonl every non-blank line is an
// object {"text": ..., "pair": ...} (pair optional). The input format defaults to jsonl
// for files named *.jsonl and to text otherwise.
//
// encode --format jsonl prints one object per record, in input order, with the fields of
// the reference's golden files (ids, tokens, offsets, type_ids, attention_mask,
// special_tokens_mask, word_ids, sequence_ids, and overflowing when there is any);
// offsets count characters by default, as the Python and Node bindings report them
// (--offsets byte for UTF-8 byte offsets). --format ids prints each record's ids
// space-separated on one line. decode reads {"ids": [...]} objects and prints
// {"text": ...} objects.
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
// A record that cannot be read or encoded stops the run with an error naming its line
// on standard error and exit status 1; every record before it is written.
package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/encjson"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

//go:embed gpt2.json.gz
var defaultTokenizer []byte

const usage = `usage:
  fasttok encode [--tokenizer PATH] [--input PATH|-] [--input-format text|jsonl]
                 [--format jsonl|ids] [--offsets byte|char] [--no-special] [--workers N]
                 [--truncation JSON|null] [--padding JSON|null] [--batch N]
  fasttok decode [--tokenizer PATH] [--input PATH|-] [--skip-special]

Without --tokenizer, an embedded GPT-2 tokenizer is used.
`

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(os.Stderr, "fasttok: %v\n%s", err, usage)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "fasttok: %v\n", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"missing command"}
	}
	switch args[0] {
	case "encode":
		return runEncode(args[1:], stdin, stdout, stderr)
	case "decode":
		return runDecode(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
}

type commonFlags struct {
	tokenizer string
	input     string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.tokenizer, "tokenizer", "", "tokenizer.json `path` (plain or .gz); default: embedded GPT-2")
	fs.StringVar(&c.input, "input", "-", "input `path`, or - for standard input")
}

func (c *commonFlags) load() (*fasttok.Tokenizer, error) {
	if c.tokenizer == "" {
		return fasttok.LoadBytes(defaultTokenizer)
	}
	return fasttok.Load(c.tokenizer)
}

func (c *commonFlags) open(stdin io.Reader) (io.Reader, func(), error) {
	if c.input == "" || c.input == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(c.input)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

func (c *commonFlags) inputName() string {
	if c.input == "" || c.input == "-" {
		return "stdin"
	}
	return c.input
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

type encodeConfig struct {
	inputFormat string
	format      string
	offsets     tokenizer.OffsetType
	noSpecial   bool
	workers     int
}

func runEncode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c commonFlags
	fs := flag.NewFlagSet("encode", flag.ContinueOnError)
	c.register(fs)
	inputFormat := fs.String("input-format", "", "text or jsonl (default: jsonl for *.jsonl files, else text)")
	format := fs.String("format", "jsonl", "output format: jsonl or ids")
	offsets := fs.String("offsets", "char", "offsets in the jsonl output: char or byte")
	noSpecial := fs.Bool("no-special", false, "do not add special tokens")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "number of encoding goroutines")
	truncation := sectionFlag{defaults: truncationDefaults}
	padding := sectionFlag{defaults: paddingDefaults}
	fs.Var(&truncation, "truncation", "truncation `JSON` (the tokenizer.json section; null: none)")
	fs.Var(&padding, "padding", "padding `JSON` (the tokenizer.json section; null: none)")
	batch := fs.Int("batch", 0, "encode and pad `N` records at a time (0: one at a time)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *batch < 0 {
		return usageError{fmt.Sprintf("--batch must not be negative, not %d", *batch)}
	}
	cfg := encodeConfig{inputFormat: *inputFormat, format: *format, noSpecial: *noSpecial, workers: *workers}
	switch cfg.inputFormat {
	case "":
		cfg.inputFormat = "text"
		if strings.HasSuffix(c.input, ".jsonl") {
			cfg.inputFormat = "jsonl"
		}
	case "text", "jsonl":
	default:
		return usageError{fmt.Sprintf("--input-format must be text or jsonl, not %q", cfg.inputFormat)}
	}
	switch cfg.format {
	case "jsonl", "ids":
	default:
		return usageError{fmt.Sprintf("--format must be jsonl or ids, not %q", cfg.format)}
	}
	switch *offsets {
	case "char":
		cfg.offsets = tokenizer.OffsetChars
	case "byte":
		cfg.offsets = tokenizer.OffsetBytes
	default:
		return usageError{fmt.Sprintf("--offsets must be char or byte, not %q", *offsets)}
	}
	if cfg.workers < 1 {
		return usageError{fmt.Sprintf("--workers must be at least 1, not %d", cfg.workers)}
	}
	// Load while the input is being opened and read.
	var tok *fasttok.Tokenizer
	loaded := make(chan struct{})
	var loadErr error
	go func() {
		defer close(loaded)
		t, err := c.load()
		if err == nil && (truncation.set || padding.set) {
			if t, err = t.WithSections(truncation.raw, padding.raw); err != nil {
				err = usageError{err.Error()}
			}
		}
		tok, loadErr = t, err
		gcLoaded()
	}()
	ready := func() error {
		<-loaded
		return loadErr
	}
	in, closeIn, err := c.open(stdin)
	if err != nil {
		if lerr := ready(); lerr != nil {
			return lerr
		}
		return err
	}
	defer closeIn()
	if *batch > 0 {
		if err := ready(); err != nil {
			return err
		}
		return encodeBatches(tok, &cfg, *batch, in, stdout, c.inputName())
	}
	var post func(dst, out []byte) []byte
	if cfg.format == "ids" {
		post = formatRawIDs // the workers append raw ids (appendRawIDs)
	}
	return processLines(in, stdout, cfg.workers, c.inputName(), ready, func(dst []byte, line []byte, lineNo int) ([]byte, error) {
		return encodeRecord(tok, &cfg, dst, line)
	}, post)
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

// encodeBatches encodes the records batch at a time with EncodeBatch (so that padding
// pads each batch together) and writes them in order. A record that cannot be read, or
// a batch that cannot be encoded, stops the run with an error naming its lines.
func encodeBatches(tok *fasttok.Tokenizer, cfg *encodeConfig, batch int, in io.Reader, out io.Writer, name string) error {
	br := bufio.NewReaderSize(in, 64<<10)
	bw := bufio.NewWriterSize(out, 64<<10)
	opts := tokenizer.EncodeOptions{NoSpecialTokens: cfg.noSpecial, Offsets: cfg.offsets, Workers: cfg.workers}
	inputs := make([]tokenizer.Input, 0, batch)
	lines := make([]int, 0, batch)
	var buf []byte
	flush := func() error {
		if len(inputs) == 0 {
			return nil
		}
		encs, err := tok.EncodeBatch(context.Background(), inputs, opts)
		if err != nil {
			return fmt.Errorf("%s: the batch of lines %d to %d: %w", name, lines[0], lines[len(lines)-1], err)
		}
		for _, enc := range encs {
			buf = appendEncoding(buf[:0], cfg, enc)
			if _, err := bw.Write(buf); err != nil {
				return err
			}
		}
		inputs, lines = inputs[:0], lines[:0]
		return nil
	}
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(br)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		input, err := parseRecord(cfg, line)
		if err == errSkip {
			continue
		}
		if err != nil {
			if ferr := flush(); ferr != nil {
				return ferr
			}
			bw.Flush()
			return fmt.Errorf("%s: line %d: %w", name, lineNo, err)
		}
		inputs, lines = append(inputs, input), append(lines, lineNo)
		if len(inputs) == batch {
			if err := flush(); err != nil {
				bw.Flush()
				return err
			}
		}
	}
	if err := flush(); err != nil {
		bw.Flush()
		return err
	}
	return bw.Flush()
}

var idsPool = sync.Pool{New: func() any { b := make([]uint32, 0, 4096); return &b }}

// errSkip marks a line that is no record (a blank line of JSON Lines input).
var errSkip = errors.New("skip")

// encodeRecord encodes the record of line and appends it to dst: for --format ids,
// as appendRawIDs (the writer formats them), else as appendEncoding.
func encodeRecord(tok *fasttok.Tokenizer, cfg *encodeConfig, dst, line []byte) ([]byte, error) {
	input, err := parseRecord(cfg, line)
	if err != nil {
		return dst, err
	}
	opts := tokenizer.EncodeOptions{NoSpecialTokens: cfg.noSpecial, Offsets: cfg.offsets}
	if cfg.format == "ids" && input.Second == nil {
		// The ids-only path: no tokens, offsets or word ids are built.
		ids := idsPool.Get().(*[]uint32)
		defer idsPool.Put(ids)
		var err error
		if *ids, err = tok.AppendIDs((*ids)[:0], input.First.Text, opts); err != nil {
			return dst, err
		}
		return appendRawIDs(dst, *ids), nil
	}
	enc, err := tok.EncodeInput(input, opts)
	if err != nil {
		return dst, err
	}
	if cfg.format == "ids" {
		return appendRawIDs(dst, enc.IDs), nil
	}
	return appendEncoding(dst, cfg, enc), nil
}

// parseRecord reads one input record (errSkip for a blank line of JSON Lines).
func parseRecord(cfg *encodeConfig, line []byte) (tokenizer.Input, error) {
	var input tokenizer.Input
	if cfg.inputFormat == "text" {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if !utf8.Valid(line) {
			return input, invalidUTF8(line)
		}
		input.First.Text = string(line)
		return input, nil
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return input, errSkip
	}
	if text, ok := parseTextRecord(line); ok {
		input.First.Text = text
		return input, nil
	}
	var rec struct {
		Text *string `json:"text"`
		Pair *string `json:"pair"`
	}
	if err := jsonutil.Unmarshal(line, &rec); err != nil {
		return input, fmt.Errorf("invalid JSON: %w", err)
	}
	if rec.Text == nil {
		return input, errors.New(`missing "text" field`)
	}
	input.First.Text = *rec.Text
	if rec.Pair != nil {
		input.Second = &tokenizer.Sequence{Text: *rec.Pair}
	}
	return input, nil
}

// appendEncoding appends enc as --format says, with its line ending.
func appendEncoding(dst []byte, cfg *encodeConfig, enc *tokenizer.Encoding) []byte {
	if cfg.format == "ids" {
		return appendIDs(dst, enc.IDs)
	}
	return append(encjson.Append(dst, enc), '\n')
}

func invalidUTF8(b []byte) error {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Errorf("invalid UTF-8 at byte %d of the line", i)
		}
		i += size
	}
	return errors.New("invalid UTF-8")
}

func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c commonFlags
	fs := flag.NewFlagSet("decode", flag.ContinueOnError)
	c.register(fs)
	skip := fs.Bool("skip-special", false, "leave special tokens out of the text")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "number of decoding goroutines")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *workers < 1 {
		return usageError{fmt.Sprintf("--workers must be at least 1, not %d", *workers)}
	}
	var tok *fasttok.Tokenizer
	loaded := make(chan struct{})
	var loadErr error
	go func() {
		defer close(loaded)
		tok, loadErr = c.load()
		gcLoaded()
	}()
	ready := func() error {
		<-loaded
		return loadErr
	}
	in, closeIn, err := c.open(stdin)
	if err != nil {
		if lerr := ready(); lerr != nil {
			return lerr
		}
		return err
	}
	defer closeIn()
	return processLines(in, stdout, *workers, c.inputName(), ready, func(dst []byte, line []byte, lineNo int) ([]byte, error) {
		if len(bytes.TrimSpace(line)) == 0 {
			return dst, errSkip
		}
		var rec struct {
			IDs *[]uint32 `json:"ids"`
		}
		if err := jsonutil.Unmarshal(line, &rec); err != nil {
			return dst, fmt.Errorf("invalid JSON: %w", err)
		}
		if rec.IDs == nil {
			return dst, errors.New(`missing "ids" field`)
		}
		text, err := tok.Decode(*rec.IDs, *skip)
		if err != nil {
			return dst, err
		}
		dst = append(dst, `{"text":`...)
		dst = encjson.AppendString(dst, text)
		return append(dst, "}\n"...), nil
	}, nil)
}

// readLine returns the next line of r without its "\n" (nil, io.EOF at the end).
func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		buf := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			line, err = r.ReadSlice('\n')
			buf = append(buf, line...)
		}
		line = buf
	}
	if err == io.EOF && len(line) > 0 {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(line, []byte("\n")), nil
}
