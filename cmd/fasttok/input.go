package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
)

// Input formats.
const (
	formatText    = "text"
	formatJSONL   = "jsonl"
	formatParquet = "parquet"
)

// defaultMaxRecordBytes is the default of --max-record-bytes: a record (a line, or a
// Parquet value) longer than this is an error, found while reading it (the reader
// never holds more than the limit and one buffer of the record).
const defaultMaxRecordBytes = 64 << 20

// inputConfig says where the records come from and how to read them.
type inputConfig struct {
	specs        []string // --input values and arguments: files, globs, directories, "-"
	format       string   // --input-format ("": from each file's name)
	field        string   // --field
	pairField    string   // --pair-field
	pairFieldSet bool     // --pair-field was given
	maxRecord    int      // --max-record-bytes
	lossy        bool     // --lossy
}

// source is one input: a file or standard input.
type source struct {
	name        string // as errors name it ("stdin" for standard input)
	path        string // "" for standard input
	format      string // formatText, formatJSONL or formatParquet
	compression string // "", "gz" or "zst"
	size        int64  // the file's size (-1: unknown)
}

// kind is what the source's records are called in errors.
func (s *source) kind() string {
	if s.format == formatParquet {
		return "row"
	}
	return "line"
}

// inputList is the repeatable --input flag.
type inputList []string

func (l *inputList) String() string { return strings.Join(*l, ",") }

func (l *inputList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// expandInputs resolves the input specs into sources, in order: "-" (or no spec) is
// standard input, a directory gives every regular file under it (recursively, in
// lexical order; links to regular files count), a glob its matches (none is an
// error), anything else a file.
// The format of each is format, or else guessed from its name (formatOf).
func expandInputs(specs []string, format string) ([]source, error) {
	if len(specs) == 0 {
		specs = []string{"-"}
	}
	var out []source
	add := func(path string, size int64) error {
		s := source{name: path, path: path, size: size}
		base := path
		switch {
		case strings.HasSuffix(base, ".gz"):
			s.compression, base = "gz", strings.TrimSuffix(base, ".gz")
		case strings.HasSuffix(base, ".zst"):
			s.compression, base = "zst", strings.TrimSuffix(base, ".zst")
		}
		s.format = format
		if s.format == "" {
			s.format = formatOf(base)
		}
		if s.format == formatParquet && s.compression != "" {
			return fmt.Errorf("%s: a Parquet file cannot be read compressed (Parquet compresses its own pages)", path)
		}
		out = append(out, s)
		return nil
	}
	for _, spec := range specs {
		if spec == "-" || spec == "" {
			s := source{name: "stdin", format: format, size: -1}
			if s.format == "" {
				s.format = formatText
			}
			if s.format == formatParquet {
				return nil, errors.New("Parquet input must be a file, not standard input")
			}
			out = append(out, s)
			continue
		}
		paths := []string{spec}
		if strings.ContainsAny(spec, "*?[") {
			if _, err := os.Stat(spec); err != nil { // a file named so is itself
				matches, err := filepath.Glob(spec)
				if err != nil {
					return nil, fmt.Errorf("--input %q: %w", spec, err)
				}
				if len(matches) == 0 {
					return nil, fmt.Errorf("--input %q: no file matches", spec)
				}
				sort.Strings(matches)
				paths = matches
			}
		}
		for _, p := range paths {
			fi, err := os.Stat(p)
			if err != nil {
				return nil, err
			}
			if !fi.IsDir() {
				if err := add(p, fi.Size()); err != nil {
					return nil, err
				}
				continue
			}
			n := len(out)
			err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() {
					return nil
				}
				info, err := d.Info()
				if err == nil && info.Mode()&fs.ModeSymlink != 0 {
					info, err = os.Stat(path) // a link to a regular file counts
				}
				if err != nil {
					return err
				}
				if !info.Mode().IsRegular() {
					return nil
				}
				return add(path, info.Size())
			})
			if err != nil {
				return nil, err
			}
			if len(out) == n {
				return nil, fmt.Errorf("--input %q: no file in the directory", p)
			}
		}
	}
	return out, nil
}

// formatOf guesses an input format from a file name without its compression suffix.
func formatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".json", ".ndjson":
		return formatJSONL
	case ".parquet":
		return formatParquet
	}
	return formatText
}

// totalSize is the sum of the sources' sizes when they are all regular, uncompressed
// files of lines (the progress bar's total), else -1.
func totalSize(srcs []source) int64 {
	var total int64
	for _, s := range srcs {
		if s.path == "" || s.compression != "" || s.format == formatParquet || s.size < 0 {
			return -1
		}
		total += s.size
	}
	return total
}

// openLines opens a source of lines, decompressing it as its name says.
func openLines(s *source, stdin io.Reader) (io.Reader, func(), error) {
	if s.path == "" {
		if stdin == nil {
			stdin = eofReader{}
		}
		return stdin, func() {}, nil
	}
	f, err := os.Open(s.path)
	if err != nil {
		return nil, nil, err
	}
	switch s.compression {
	case "gz":
		zr, err := gzip.NewReader(bufio.NewReaderSize(f, 256<<10))
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("%s: %w", s.name, err)
		}
		return zr, func() { zr.Close(); f.Close() }, nil
	case "zst":
		zr, err := zstd.NewReader(f, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("%s: %w", s.name, err)
		}
		return zr, func() { zr.Close(); f.Close() }, nil
	}
	return f, func() { f.Close() }, nil
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// recordTooLong is the error of a record over --max-record-bytes.
func recordTooLong(limit int) error {
	return fmt.Errorf("record longer than %d bytes (--max-record-bytes)", limit)
}

// parquetReader reads the text (and pair) column of a Parquet file row by row,
// a page at a time: memory is bounded by a page of each column, never the file.
type parquetReader struct {
	name  string
	f     *os.File
	file  *parquet.File
	text  columnCursor
	pair  *columnCursor
	group int   // the next row group
	row   int64 // rows read so far
	rows  int64 // rows of the row groups opened so far
}

// openParquet opens the Parquet file of s and finds its columns (field, and pair
// when not ""). A missing column, or one that is no string column, is an error
// listing the file's columns.
func openParquet(s *source, field, pair string) (*parquetReader, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, fi.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	r := &parquetReader{name: s.name, f: f, file: pf}
	if r.text, err = r.column(field, "--field"); err != nil {
		f.Close()
		return nil, err
	}
	if pair != "" {
		c, err := r.column(pair, "--pair-field")
		if err != nil {
			f.Close()
			return nil, err
		}
		r.pair = &c
	}
	return r, nil
}

func (r *parquetReader) column(name, flag string) (columnCursor, error) {
	schema := r.file.Schema()
	leaf, ok := schema.Lookup(strings.Split(name, ".")...)
	if !ok {
		var cols []string
		for _, c := range schema.Columns() {
			cols = append(cols, strings.Join(c, "."))
		}
		return columnCursor{}, fmt.Errorf("%s: no column %q (%s); the columns are: %s", r.name, name, flag, strings.Join(cols, ", "))
	}
	if leaf.MaxRepetitionLevel > 0 {
		return columnCursor{}, fmt.Errorf("%s: column %q is repeated (a list), not one string per row", r.name, name)
	}
	if k := leaf.Node.Type().Kind(); k != parquet.ByteArray && k != parquet.FixedLenByteArray {
		return columnCursor{}, fmt.Errorf("%s: column %q holds %s values, not strings", r.name, name, k)
	}
	return columnCursor{name: name, index: leaf.ColumnIndex}, nil
}

func (r *parquetReader) Close() {
	r.text.close()
	if r.pair != nil {
		r.pair.close()
	}
	r.f.Close()
}

// next returns the next row's text and pair values (valid until the next call), or
// io.EOF after the last row. A null text is an error naming its row; a null pair is
// none (hasPair false).
func (r *parquetReader) next() (text, pair []byte, hasPair bool, err error) {
	for r.row == r.rows {
		groups := r.file.RowGroups()
		if r.group == len(groups) {
			return nil, nil, false, io.EOF
		}
		g := groups[r.group]
		r.group++
		r.rows += g.NumRows()
		r.text.open(g)
		if r.pair != nil {
			r.pair.open(g)
		}
	}
	r.row++
	text, null, err := r.text.next(r)
	if err != nil {
		return nil, nil, false, err
	}
	if null {
		return nil, nil, false, fmt.Errorf("%s: row %d: column %q is null", r.name, r.row, r.text.name)
	}
	if r.pair != nil {
		if pair, null, err = r.pair.next(r); err != nil {
			return nil, nil, false, err
		}
		hasPair = !null
	}
	return text, pair, hasPair, nil
}

// columnCursor reads the values of one column, a page at a time.
type columnCursor struct {
	name   string
	index  int
	pages  parquet.Pages
	page   parquet.Page
	values parquet.ValueReader
	buf    []parquet.Value
	pos    int
}

func (c *columnCursor) open(g parquet.RowGroup) {
	c.close()
	c.pages = g.ColumnChunks()[c.index].Pages()
}

func (c *columnCursor) close() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page, c.values = nil, nil
	}
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
	c.buf, c.pos = c.buf[:0], 0
}

// next returns the next value of the column (null: a null one).
func (c *columnCursor) next(r *parquetReader) (v []byte, null bool, err error) {
	for c.pos == len(c.buf) {
		if cap(c.buf) == 0 {
			c.buf = make([]parquet.Value, 0, 256)
		}
		c.buf, c.pos = c.buf[:0], 0
		if c.values != nil {
			n, err := c.values.ReadValues(c.buf[:cap(c.buf)])
			c.buf = c.buf[:n]
			if err != nil && err != io.EOF {
				return nil, false, fmt.Errorf("%s: row %d: column %q: %w", r.name, r.row, c.name, err)
			}
			if n > 0 {
				break
			}
			parquet.Release(c.page)
			c.page, c.values = nil, nil
		}
		if c.pages == nil {
			return nil, false, fmt.Errorf("%s: row %d: column %q: no value", r.name, r.row, c.name)
		}
		p, err := c.pages.ReadPage()
		if err == io.EOF {
			return nil, false, fmt.Errorf("%s: row %d: column %q has fewer values than rows", r.name, r.row, c.name)
		}
		if err != nil {
			return nil, false, fmt.Errorf("%s: row %d: column %q: %w", r.name, r.row, c.name, err)
		}
		c.page, c.values = p, p.Values()
	}
	val := c.buf[c.pos]
	c.pos++
	if val.IsNull() {
		return nil, true, nil
	}
	return val.ByteArray(), false, nil
}
