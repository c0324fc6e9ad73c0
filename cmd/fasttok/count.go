package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"flag"
	"io"
	"strconv"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/tokenizer"
)

// runCount is `fasttok count`: the token count of every record (--per-record: one
// line each, in input order) and, on the last line, their total; each a bare decimal
// number. Counting builds no ids where the tokenizer allows it (tokenizer.Count).
func runCount(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c commonFlags
	fs := flag.NewFlagSet("count", flag.ContinueOnError)
	c.register(fs, "text")
	perRecord := fs.Bool("per-record", false, "print each record's count, one per line, before the total")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	var tok *fasttok.Tokenizer
	p, prog, err := c.start(stdin, stderr, &tok, nil)
	if err != nil {
		return err
	}
	defer prog.Finish()
	// With Workers, the parts of a record of 1 MiB or more are encoded on the workers
	// (tokenizer.AppendIDs).
	opts := tokenizer.EncodeOptions{NoSpecialTokens: c.noSpecial, Lossy: c.in.lossy, Workers: c.workers}
	in := &c.in
	p.fn = func(dst []byte, r *record) ([]byte, error) {
		input, err := parseRecord(in, r)
		if err != nil {
			return dst, err
		}
		var n int
		if input.Second == nil {
			n, err = tok.Count(input.First.Text, opts)
		} else {
			var enc *tokenizer.Encoding
			if enc, err = tok.EncodeInput(input, opts); err == nil {
				n = len(enc.IDs)
			}
		}
		if err != nil {
			return dst, err
		}
		r.tokens = n
		return binary.LittleEndian.AppendUint64(dst, uint64(n)), nil
	}
	p.newSink = func() (sink, error) {
		w, closeW, err := c.create(stdout)
		if err != nil {
			return nil, err
		}
		return &countSink{bw: bufio.NewWriterSize(w, 64<<10), closeW: closeW, perRecord: *perRecord}, nil
	}
	return p.run(ctx)
}

// countSink sums the records' counts (and prints each with perRecord).
type countSink struct {
	bw        *bufio.Writer
	closeW    func() error
	perRecord bool
	total     uint64
	buf       []byte
}

func (s *countSink) write(j *job) error {
	for raw := j.out; len(raw) >= 8; raw = raw[8:] {
		n := binary.LittleEndian.Uint64(raw)
		s.total += n
		if s.perRecord {
			s.buf = strconv.AppendUint(s.buf[:0], n, 10)
			s.buf = append(s.buf, '\n')
			if _, err := s.bw.Write(s.buf); err != nil {
				return err
			}
		}
	}
	return nil
}

// idle flushes the per-record counts written so far.
func (s *countSink) idle() error { return s.bw.Flush() }

// close prints the total, unless the run failed or was interrupted (then only the
// counts of the records before that point were printed, with --per-record).
func (s *countSink) close(complete bool) error {
	var err error
	if complete {
		s.buf = strconv.AppendUint(s.buf[:0], s.total, 10)
		_, err = s.bw.Write(append(s.buf, '\n'))
	}
	if ferr := s.bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := s.closeW(); err == nil {
		err = cerr
	}
	return err
}
