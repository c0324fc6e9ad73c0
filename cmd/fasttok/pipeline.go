package main

import (
	"bufio"
	"fmt"
	"io"
	"sync"
)

// chunkBytes is about how much input one job carries: small enough that the last jobs
// of a run keep every worker busy, large enough that the per-job cost (two channel
// operations) is negligible. Memory is bounded by the jobs in flight (2 per worker).
const chunkBytes = 64 << 10

// job is a run of consecutive input lines and their outputs. Its buffers are reused
// (jobPool): a run allocates about as many jobs as are in flight.
type job struct {
	firstLine int
	data      []byte // the lines' bytes, back to back (without their "\n")
	ends      []int  // end offset of each line in data
	out       []byte
	err       error
	errLine   int
	done      chan struct{}
}

var jobPool = sync.Pool{New: func() any { return &job{done: make(chan struct{}, 1)} }}

func getJob(firstLine int) *job {
	j := jobPool.Get().(*job)
	j.firstLine = firstLine
	j.data, j.ends, j.out = j.data[:0], j.ends[:0], j.out[:0]
	j.err, j.errLine = nil, 0
	return j
}

func putJob(j *job) {
	if cap(j.data) > 4*chunkBytes || cap(j.out) > 16*chunkBytes {
		return // an outsized line: let it go
	}
	jobPool.Put(j)
}

// run applies fn to the job's lines, stopping at the first error.
func (j *job) run(fn func(dst, line []byte, lineNo int) ([]byte, error)) {
	start := 0
	for i, end := range j.ends {
		line := j.data[start:end:end]
		start = end
		next, err := fn(j.out, line, j.firstLine+i)
		if err == errSkip {
			continue
		}
		if err != nil {
			j.err, j.errLine = err, j.firstLine+i
			return
		}
		j.out = next
	}
}

// processLines reads the lines of in, runs fn on each (in chunks, on workers
// goroutines) and writes their outputs to out in input order. At the first failing
// record it writes every output before it and returns an error naming its line.
//
// The reader goroutine cuts the input into jobs of about chunkBytes, the workers take
// them as they come (no lock on the hot path: each job is owned by one goroutine at a
// time), and this goroutine writes the outputs in order as each job completes. With
// one worker, encoding still runs on one goroutine only, reading and writing beside it.
//
// post (if not nil) turns each job's output into the text to write, on the writing
// goroutine: the share of the work that can leave the workers' (e.g. formatting).
//
// ready (if not nil) is waited for before the first record is processed, while the
// input is already being read (e.g. the tokenizer loading); if it fails, processLines
// writes nothing and returns its error as is. It must be safe to call concurrently.
func processLines(in io.Reader, out io.Writer, workers int, name string, ready func() error, fn func(dst, line []byte, lineNo int) ([]byte, error), post func(dst, out []byte) []byte) error {
	bw := bufio.NewWriterSize(out, 1<<20)
	jobs := make(chan *job, workers)
	stop := make(chan struct{})
	ordered := make(chan *job, 2*workers+2)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var notReady error
			if ready != nil {
				notReady = ready()
			}
			for j := range jobs {
				select {
				case <-stop:
				default:
					if notReady == nil {
						j.run(fn)
					}
				}
				j.done <- struct{}{}
			}
		}()
	}
	var readErr error
	go func() {
		defer close(ordered)
		defer close(jobs)
		readErr = readJobs(in, name, workers, stop, ordered, jobs)
	}()
	var failure error
	var postBuf []byte
	if ready != nil {
		failure = ready()
	}
	if failure == nil {
		for j := range ordered {
			<-j.done
			text := j.out
			if post != nil {
				postBuf = post(postBuf[:0], j.out)
				text = postBuf
			}
			if _, err := bw.Write(text); err != nil && failure == nil {
				failure = err
			}
			if j.err != nil && failure == nil {
				failure = fmt.Errorf("%s: line %d: %w", name, j.errLine, j.err)
			}
			putJob(j)
			if failure != nil {
				break
			}
		}
	}
	if failure != nil {
		close(stop)
		// Drain what the reader queued; the workers skip it (stop is closed) and
		// exit when the reader closes jobs, so no goroutine is left behind.
		for j := range ordered {
			<-j.done
		}
	}
	wg.Wait()
	if err := bw.Flush(); err != nil && failure == nil {
		failure = err
	}
	if failure != nil {
		return failure
	}
	return readErr
}

// readJobs cuts in into jobs and sends each to ordered (for the writer) and then to
// jobs (for the workers), until the end of the input or stop.
func readJobs(in io.Reader, name string, workers int, stop <-chan struct{}, ordered, jobs chan<- *job) error {
	br := bufio.NewReaderSize(in, 1<<20)
	lineNo := 1
	for n := 0; ; n++ {
		j := getJob(lineNo)
		var err error
		// The first jobs are small, so that every worker starts early.
		limit := chunkBytes
		if n < 2*workers {
			limit = chunkBytes / 8
		}
		for len(j.data) < limit {
			start := len(j.data)
			line, e := br.ReadSlice('\n')
			j.data = append(j.data, line...)
			for e == bufio.ErrBufferFull { // a line longer than the buffer
				line, e = br.ReadSlice('\n')
				j.data = append(j.data, line...)
			}
			if e != nil && !(e == io.EOF && len(j.data) > start) {
				j.data = j.data[:start] // no line, or a read error within one
				err = e
				break
			}
			if n := len(j.data); j.data[n-1] == '\n' {
				j.data = j.data[:n-1]
			}
			j.ends = append(j.ends, len(j.data))
			lineNo++
			if e != nil { // the last line, without "\n"
				err = e
				break
			}
		}
		if len(j.ends) > 0 {
			select {
			case ordered <- j:
			case <-stop:
				return nil
			}
			select {
			case jobs <- j:
			case <-stop:
				// The writer drains ordered and waits for done.
				j.done <- struct{}{}
				return nil
			}
		} else {
			putJob(j)
		}
		if err != nil {
			if err != io.EOF {
				return fmt.Errorf("%s: line %d: %w", name, lineNo, err)
			}
			return nil
		}
	}
}
