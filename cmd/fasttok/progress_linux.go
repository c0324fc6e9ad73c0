package main

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// isTerminal reports whether w is a terminal: an *os.File whose descriptor answers the
// TCGETS ioctl (as isatty does).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	return control(f, func(fd int) bool {
		_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
		return err == nil
	})
}

// termWidth returns the width in columns of the terminal w is, or 0 if it is none or
// does not say.
func termWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return 0
	}
	cols := 0
	control(f, func(fd int) bool {
		if ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ); err == nil {
			cols = int(ws.Col)
		}
		return true
	})
	return cols
}

// control runs fn on f's descriptor without changing its mode (as f.Fd would).
func control(f *os.File, fn func(fd int) bool) bool {
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	var ok bool
	if err := rc.Control(func(fd uintptr) { ok = fn(int(fd)) }); err != nil {
		return false
	}
	return ok
}
