package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// signalContext returns a context cancelled at the first SIGINT or SIGTERM, and a
// function reporting that signal (nil if none came). After the first signal the
// handler is removed, so that a second one kills the process at once. stop releases
// the handler.
func signalContext() (ctx context.Context, signaled func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	var mu sync.Mutex
	var got os.Signal
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			signal.Stop(ch)
			mu.Lock()
			got = sig
			mu.Unlock()
			cancel(signalError{sig})
		case <-done:
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
		})
	}
	signaled = func() os.Signal {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
	return ctx, signaled, stop
}

// signalError is the cause of the context of signalContext.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "received " + e.sig.String() }

// signalExitCode is the exit status after sig stopped a run: 128 + its number, as
// shells report a process killed by it (130 for SIGINT, 143 for SIGTERM).
func signalExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}
