package jsonutil

import (
	"sync"

	"github.com/fasttok/fasttok/internal/hugepage"
)

// Stream is a byte buffer that one goroutine fills (FillFunc) while others read what is
// already there (Wait): it lets a loader parse the beginning of a file while the rest
// is still being decompressed.
type Stream struct {
	mu    sync.Mutex
	cond  sync.Cond
	buf   []byte
	avail int
	done  bool
	err   error
	// lent is set once a part of the text has been lent out (Lend): the text is then
	// no longer whole.
	lent bool
}

// NewStream returns an empty stream; capacity is the expected size (a hint).
func NewStream(capacity int) *Stream {
	s := &Stream{buf: hugepage.Slice[byte](capacity)[:0]}
	s.cond.L = &s.mu
	return s
}

// FillFunc fills the stream with fill, which appends the text to the buffer it is
// given (the stream's, empty, of the capacity hint) and calls publish with the text so
// far as it grows (a published slice must never change: fill only writes past it), and
// then marks the stream complete with fill's error.
func (s *Stream) FillFunc(fill func(buf []byte, publish func([]byte)) ([]byte, error)) {
	publish := func(b []byte) {
		s.mu.Lock()
		s.buf, s.avail = b, len(b)
		s.mu.Unlock()
		s.cond.Broadcast()
	}
	s.mu.Lock()
	buf := s.buf[:0]
	s.mu.Unlock()
	b, err := fill(buf, publish)
	s.mu.Lock()
	s.buf, s.avail, s.done, s.err = b, len(b), true, err
	s.mu.Unlock()
	s.cond.Broadcast()
}

// Lend returns the bytes [from, to) of the text, which must be in, for the caller to
// use as memory of its own: its reader no longer needs them, and nothing else reads
// them (no slice of them is kept elsewhere). The text is no longer whole afterwards:
// Lent reports it.
func (s *Stream) Lend(from, to int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lent = true
	return s.buf[from:to:to]
}

// Lent reports whether a part of the text was lent out.
func (s *Stream) Lent() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lent
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
