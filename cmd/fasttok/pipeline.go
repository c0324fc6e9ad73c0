package main

import (
	"bufio"
	"fmt"
	"io"
	"sync"
)

// chunkBytes is about how much input one job carries; it bounds memory with the number
// of jobs in flight (2 per worker).
const chunkBytes = 256 << 10

type job struct {
	seq       int
	firstLine int
	lines     [][]byte
	out       []byte
	err       error
	errLine   int
	done      chan struct{}
}

// processLines reads the lines of in, runs fn on each (in chunks, on workers
// goroutines) and writes their outputs to out in input order. At the first failing
// record it writes every output before it and returns an error naming its line.
func processLines(in io.Reader, out io.Writer, workers int, name string, fn func(dst, line []byte, lineNo int) ([]byte, error)) error {
	br := bufio.NewReaderSize(in, 1<<20)
	bw := bufio.NewWriterSize(out, 1<<20)
	jobs := make(chan *job, workers)
	stop := make(chan struct{})
	ordered := make(chan *job, 2*workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				select {
				case <-stop:
					close(j.done)
					continue
				default:
				}
				for i, line := range j.lines {
					next, err := fn(j.out, line, j.firstLine+i)
					if err == errSkip {
						continue
					}
					if err != nil {
						j.err, j.errLine = err, j.firstLine+i
						break
					}
					j.out = next
				}
				close(j.done)
			}
		}()
	}
	var readErr error
	go func() {
		defer close(ordered)
		defer close(jobs)
		lineNo := 1
		for seq := 0; ; seq++ {
			j := &job{seq: seq, firstLine: lineNo, done: make(chan struct{})}
			size := 0
			var err error
			for size < chunkBytes {
				var line []byte
				line, err = readLine(br)
				if err != nil {
					break
				}
				j.lines = append(j.lines, append([]byte(nil), line...))
				size += len(line) + 1
				lineNo++
			}
			if len(j.lines) > 0 {
				select {
				case ordered <- j:
				case <-stop:
					return
				}
				select {
				case jobs <- j:
				case <-stop:
					return
				}
			}
			if err != nil {
				if err != io.EOF {
					readErr = fmt.Errorf("%s: line %d: %w", name, lineNo, err)
				}
				return
			}
		}
	}()
	var failure error
	for j := range ordered {
		<-j.done
		if _, err := bw.Write(j.out); err != nil && failure == nil {
			failure = err
		}
		if j.err != nil && failure == nil {
			failure = fmt.Errorf("%s: line %d: %w", name, j.errLine, j.err)
		}
		if failure != nil {
			close(stop)
			// Drain what the reader queued; the workers skip it (stop is closed) and
			// exit when the reader closes jobs, so no goroutine is left behind.
			for range ordered {
			}
			break
		}
	}
	wg.Wait()
	if err := bw.Flush(); err != nil && failure == nil {
		failure = err
	}
	if failure != nil {
		return failure
	}
	if readErr != nil {
		return readErr
	}
	return nil
}
