package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// chunkBytes is about how much input one job carries: small enough that the last jobs
// of a run keep every worker busy, large enough that the per-job cost (two channel
// operations) is negligible. Memory is bounded by the jobs in flight (about 2 per
// worker), each of about chunkBytes plus at most one record.
const chunkBytes = 64 << 10

// record is one input record as the workers see it.
type record struct {
	src     *source
	no      int    // its number in its source (from 1): its line or row
	data    []byte // the line (text, jsonl) or the text value (parquet)
	pair    []byte // the pair value (parquet, when hasPair)
	hasPair bool
	tokens  int // set by the record function: the record's token count
	// scratch is a buffer the record function may decode the record's text into
	// (parseRecord): reused from record to record of a job. Without one (nil),
	// parseRecord copies the texts.
	scratch *[]byte
}

// recordFunc turns a record into its output, appended to dst. errSkip says the
// record has none (a blank line of JSON Lines).
type recordFunc func(dst []byte, r *record) ([]byte, error)

// job is a run of consecutive records of one source and their outputs. Its buffers
// are reused (jobPool): a run allocates about as many jobs as are in flight.
type job struct {
	src      *source
	first    int    // the number of its first record
	data     []byte // the records' bytes, back to back (lines without their "\n")
	ends     []int  // end offset of each record's text in data
	pairEnds []int  // with pairs (parquet): end offset of each record's pair in data (-1: none)
	inBytes  int64  // input bytes the job covers (for the progress bar)

	out     []byte
	scratch []byte // the records' scratch (record.scratch)
	tokens  int64  // tokens of the records done
	records int64  // records that produced an output
	err     error
	errNo   int  // the failing record's number
	skipped bool // not run (the run was stopped)
	done    chan struct{}
}

var jobPool = sync.Pool{New: func() any { return &job{done: make(chan struct{}, 1)} }}

func getJob(src *source, first int) *job {
	j := jobPool.Get().(*job)
	j.src, j.first = src, first
	j.data, j.ends, j.pairEnds, j.out = j.data[:0], j.ends[:0], j.pairEnds[:0], j.out[:0]
	j.inBytes, j.tokens, j.records = 0, 0, 0
	j.err, j.errNo, j.skipped = nil, 0, false
	return j
}

func putJob(j *job) {
	if cap(j.data) > 4*chunkBytes || cap(j.out) > 16*chunkBytes || cap(j.scratch) > 4*chunkBytes {
		return // an outsized record: let it go
	}
	j.src = nil
	jobPool.Put(j)
}

// run applies fn to the job's records, stopping at the first error.
func (j *job) run(fn recordFunc) {
	start := 0
	r := record{src: j.src, scratch: &j.scratch}
	paired := len(j.pairEnds) > 0
	for i, end := range j.ends {
		r.no, r.data, r.tokens = j.first+i, j.data[start:end:end], 0
		start = end
		r.pair, r.hasPair = nil, false
		if paired && j.pairEnds[i] >= 0 {
			end = j.pairEnds[i]
			r.pair, r.hasPair = j.data[start:end:end], true
			start = end
		}
		next, err := fn(j.out, &r)
		if err == errSkip {
			continue
		}
		if err != nil {
			j.err, j.errNo = err, r.no
			return
		}
		j.out = next
		j.tokens += int64(r.tokens)
		j.records++
	}
}

// errorf names the job's failing record in its error.
func (j *job) error() error {
	return fmt.Errorf("%s: %s %d: %w", j.src.name, j.src.kind(), j.errNo, j.err)
}

// sink receives the jobs' outputs in input order.
type sink interface {
	// write writes the output of j (every record of it before j.err, if any).
	write(j *job) error
	// idle is called when no job output is waiting (e.g. to flush a stream: a
	// slow input's records are not held back).
	idle() error
	// close flushes what was written; it is called once, after an error or an
	// interruption too (complete is false then).
	close(complete bool) error
}

// interruptedError is the error of a run stopped by its context (a signal).
type interruptedError struct {
	records int64 // the records written
	cause   error
}

func (e *interruptedError) Error() string {
	return fmt.Sprintf("interrupted after %d records", e.records)
}

func (e *interruptedError) Unwrap() error { return e.cause }

// pipeline is one run: its input, its record function and its sink.
type pipeline struct {
	srcs    []source
	stdin   io.Reader
	in      *inputConfig
	workers int
	fn      recordFunc
	// ready (if not nil) is waited for before the first record is processed, while
	// the input is already being read (e.g. the tokenizer loading); if it fails, the
	// run writes nothing and returns its error as is. It must be safe to call
	// concurrently.
	ready func() error
	// newSink makes the sink, once ready succeeded.
	newSink func() (sink, error)
	// progress (if not nil) is called for each job written: its input bytes and tokens.
	progress func(bytes, tokens int64)
}

// run reads the records of the sources, runs fn on each (in jobs, on p.workers
// goroutines) and writes their outputs to the sink in input order. At the first
// failing record it writes every output before it and returns an error naming its
// source and record. When ctx is done (a signal), it stops reading, drops the jobs
// not done, writes every output before the first of them and returns an
// *interruptedError.
//
// The reader goroutine cuts the input into jobs of about chunkBytes (a job never
// spans two sources), the workers take them as they come (no lock on the hot path:
// each job is owned by one goroutine at a time), and this goroutine writes the
// outputs in order as each job completes.
func (p *pipeline) run(ctx context.Context) error {
	workers := p.workers
	jobs := make(chan *job, workers)
	stop := make(chan struct{})
	ordered := make(chan *job, 2*workers+2)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var notReady error
			if p.ready != nil {
				notReady = p.ready()
			}
			for {
				select {
				case <-stop:
					return
				case j, ok := <-jobs:
					if !ok {
						return
					}
					select {
					case <-stop:
						j.skipped = true
					default:
						if notReady == nil {
							j.run(p.fn)
						} else {
							j.skipped = true
						}
					}
					j.done <- struct{}{}
				}
			}
		}()
	}
	var readErr error
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		defer close(ordered)
		defer close(jobs)
		readErr = p.read(stop, ordered, jobs)
	}()
	var stopOnce sync.Once
	halt := func() { stopOnce.Do(func() { close(stop) }) }
	// On return: no goroutine left behind, except a reader blocked in a read of
	// standard input (which cannot be interrupted: a pipe may stay silent for long),
	// which exits as soon as its read returns.
	fromStdin := false
	for i := range p.srcs {
		fromStdin = fromStdin || p.srcs[i].path == ""
	}
	defer func() {
		halt()
		wg.Wait()
		if !fromStdin {
			<-readerDone
		}
	}()

	if p.ready != nil {
		if err := p.ready(); err != nil {
			return err
		}
	}
	out, err := p.newSink()
	if err != nil {
		return err
	}
	var written int64
	var failure error
	interrupted := false
	var pending *job // received from ordered, not written
loop:
	for {
		select {
		case j, ok := <-ordered:
			if !ok {
				break loop
			}
			pending = j
		case <-ctx.Done():
			interrupted = true
			break loop
		}
		select {
		case <-pending.done:
		case <-ctx.Done():
			interrupted = true
			break loop
		}
		j := pending
		pending = nil
		if err := p.writeJob(out, j, &written); err != nil {
			failure = err
			break
		}
		if len(ordered) == 0 {
			if err := out.idle(); err != nil {
				failure = err
				break
			}
		}
	}
	if interrupted {
		// Let the workers finish their jobs and stop, then write the jobs done
		// that precede the first one not done.
		halt()
		wg.Wait()
		for failure == nil {
			j := pending
			if j == nil {
				select {
				case j = <-ordered:
				default:
				}
			}
			pending = nil
			if j == nil {
				break
			}
			select {
			case <-j.done:
			default:
				j = nil
			}
			if j == nil || j.skipped {
				break
			}
			failure = p.writeJob(out, j, &written)
		}
	}
	if failure == nil && !interrupted {
		halt()
		wg.Wait()
		<-readerDone // ordered is closed: the reader is done
	}
	if cerr := out.close(failure == nil && !interrupted && readErr == nil); cerr != nil && failure == nil {
		failure = cerr
	}
	if failure != nil {
		return failure
	}
	if interrupted {
		return &interruptedError{records: written, cause: context.Cause(ctx)}
	}
	return readErr
}

// writeJob writes j to out (and counts it); j's error, if any, is returned after its
// records before it are written.
func (p *pipeline) writeJob(out sink, j *job, written *int64) error {
	if j.skipped {
		return errors.New("internal error: a job was skipped")
	}
	if err := out.write(j); err != nil {
		return err
	}
	*written += j.records
	if p.progress != nil {
		p.progress(j.inBytes, j.tokens)
	}
	if j.err != nil {
		return j.error()
	}
	putJob(j)
	return nil
}

// read cuts the sources into jobs and sends each to ordered (for the writer) and then
// to jobs (for the workers), until the end of the input, an error or stop.
func (p *pipeline) read(stop <-chan struct{}, ordered, jobs chan<- *job) error {
	n := 0 // jobs sent
	send := func(j *job) bool {
		if len(j.ends) == 0 {
			putJob(j)
			return true
		}
		n++
		select {
		case ordered <- j:
		case <-stop:
			return false
		}
		select {
		case jobs <- j:
		case <-stop:
			j.skipped = true
			j.done <- struct{}{}
			return false
		}
		return true
	}
	// The first jobs are small, so that every worker starts early.
	limit := func() int {
		if n < 2*p.workers {
			return chunkBytes / 8
		}
		return chunkBytes
	}
	for i := range p.srcs {
		src := &p.srcs[i]
		var err error
		if src.format == formatParquet {
			err = p.readParquet(src, stop, send, limit)
		} else {
			err = p.readLines(src, stop, send, limit)
		}
		if err != nil {
			return err
		}
		select {
		case <-stop:
			return nil
		default:
		}
	}
	return nil
}

// readLines reads the lines of src into jobs.
func (p *pipeline) readLines(src *source, stop <-chan struct{}, send func(*job) bool, limit func() int) error {
	in, closeIn, err := openLines(src, p.stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	br := bufio.NewReaderSize(in, 1<<20)
	max := p.in.maxRecord
	lineNo := 1
	for {
		j := getJob(src, lineNo)
		var err error
		for size := limit(); len(j.data) < size; {
			if len(j.ends) > 0 && br.Buffered() == 0 {
				// The next read may wait (a pipe, a terminal): the records read so
				// far go first.
				break
			}
			start := len(j.data)
			line, e := br.ReadSlice('\n')
			if e == bufio.ErrBufferFull {
				// A line longer than the buffer: its pieces are kept apart until
				// its end (no copies of a growing buffer: memory stays about
				// the limit, even for an endless line) and then joined.
				if line, e = readLongLine(br, line, max+1); e == errTooLong {
					err = recordTooLong(max)
					break
				}
			}
			j.data = append(j.data, line...)
			if e != nil && !(e == io.EOF && len(j.data) > start) {
				j.data = j.data[:start] // no line, or a read error within one
				err = e
				break
			}
			j.inBytes += int64(len(j.data) - start)
			if n := len(j.data); j.data[n-1] == '\n' {
				j.data = j.data[:n-1]
			}
			if len(j.data)-start > max {
				j.data = j.data[:start]
				err = recordTooLong(max)
				break
			}
			j.ends = append(j.ends, len(j.data))
			lineNo++
			if e != nil { // the last line, without "\n"
				err = e
				break
			}
		}
		if !send(j) {
			return nil
		}
		if err != nil {
			if err != io.EOF {
				return fmt.Errorf("%s: line %d: %w", src.name, lineNo, err)
			}
			return nil
		}
	}
}

// errTooLong is readLongLine's error for a line over its limit.
var errTooLong = errors.New("line too long")

// readLongLine returns the line of which br just returned first with
// bufio.ErrBufferFull (its "\n" included, if any), or errTooLong as soon as it is
// longer than limit bytes.
func readLongLine(br *bufio.Reader, first []byte, limit int) ([]byte, error) {
	parts := [][]byte{append([]byte(nil), first...)}
	n := len(first)
	for {
		if n > limit {
			return nil, errTooLong
		}
		part, err := br.ReadSlice('\n')
		n += len(part)
		if err == bufio.ErrBufferFull {
			parts = append(parts, append([]byte(nil), part...))
			continue
		}
		if n > limit {
			return nil, errTooLong
		}
		line := make([]byte, 0, n)
		for _, p := range parts {
			line = append(line, p...)
		}
		return append(line, part...), err
	}
}

// readParquet reads the rows of src into jobs.
func (p *pipeline) readParquet(src *source, stop <-chan struct{}, send func(*job) bool, limit func() int) error {
	pair := ""
	if p.in.pairFieldSet {
		pair = p.in.pairField
	}
	r, err := openParquet(src, p.in.field, pair)
	if err != nil {
		return err
	}
	defer r.Close()
	max := p.in.maxRecord
	rowNo := 1
	for {
		j := getJob(src, rowNo)
		var err error
		for size := limit(); len(j.data) < size; {
			text, pairText, hasPair, e := r.next()
			if e != nil {
				err = e
				break
			}
			if len(text) > max || len(pairText) > max {
				err = fmt.Errorf("%s: row %d: %w", src.name, rowNo, recordTooLong(max))
				break
			}
			j.data = append(j.data, text...)
			j.ends = append(j.ends, len(j.data))
			if r.pair != nil {
				// A record without a pair has its pair end at -1.
				end := -1
				if hasPair {
					j.data = append(j.data, pairText...)
					end = len(j.data)
				}
				j.pairEnds = append(j.pairEnds, end)
			}
			j.inBytes += int64(len(text) + len(pairText))
			rowNo++
		}
		if !send(j) {
			return nil
		}
		if err != nil {
			if err != io.EOF {
				return err
			}
			return nil
		}
	}
}
