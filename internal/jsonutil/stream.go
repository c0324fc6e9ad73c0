package jsonutil

import (
	"io"
	"sync"

	"github.com/fasttok/fasttok/internal/hugepage"
)

// Stream is a byte buffer that one goroutine fills (Fill) while others read what is
// already there (Wait): it lets a loader parse the beginning of a file while the rest
// is still being decompressed.
type Stream struct {
	mu    sync.Mutex
	cond  sync.Cond
	buf   []byte
	avail int
	done  bool
	err   error
}

// NewStream returns an empty stream; capacity is the expected size (a hint).
func NewStream(capacity int) *Stream {
	s := &Stream{buf: hugepage.Slice[byte](capacity)[:0]}
	s.cond.L = &s.mu
	return s
}

// fillChunk is how much Fill reads between two publications.
const fillChunk = 128 << 10

// Fill reads r to its end into the stream, publishing the bytes as they come, and then
// marks the stream complete (with r's error, if any).
func (s *Stream) Fill(r io.Reader) {
	buf := s.buf
	for {
		if len(buf) == cap(buf) {
			// Grow: readers keep the old array, whose filled part is unchanged.
			buf = append(buf, make([]byte, max(fillChunk, cap(buf)/2))...)[:len(buf)]
		}
		end := min(cap(buf), len(buf)+fillChunk)
		// Not io.ReadFull: it reports a short last chunk and a reader's own
		// io.ErrUnexpectedEOF (a truncated .gz) alike. Only io.EOF ends the text.
		var err error
		for len(buf) < end && err == nil {
			var n int
			n, err = r.Read(buf[len(buf):end])
			buf = buf[:len(buf)+n]
		}
		s.mu.Lock()
		s.buf, s.avail = buf, len(buf)
		if err != nil {
			s.done = true
			if err != io.EOF {
				s.err = err
			}
		}
		s.mu.Unlock()
		s.cond.Broadcast()
		if err != nil {
			return
		}
	}
}

// Wait blocks until at least n bytes are in or the stream is complete, and returns the
// bytes in so far.
func (s *Stream) Wait(n int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.avail < n && !s.done {
		s.cond.Wait()
	}
	return s.buf[:s.avail]
}

// Result waits for the stream to complete and returns all its bytes and the error of
// its reader.
func (s *Stream) Result() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.done {
		s.cond.Wait()
	}
	return s.buf[:s.avail], s.err
}
