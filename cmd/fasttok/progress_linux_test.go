package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal of cols columns and returns its master and slave
// ends, and a function that closes the slave and returns all the master has read.
func openPTY(t *testing.T, cols uint16) (slave *os.File, output func() string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	var name string
	control(master, func(fd int) bool {
		if err = unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil { // unlock
			return false
		}
		var n int
		if n, err = unix.IoctlGetInt(fd, unix.TIOCGPTN); err != nil {
			return false
		}
		name = fmt.Sprintf("/dev/pts/%d", n)
		return true
	})
	if err != nil {
		master.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	slave, err = os.OpenFile(name, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Skipf("no pseudo-terminal slave: %v", err)
	}
	control(slave, func(fd int) bool {
		err = unix.IoctlSetWinsize(fd, unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: cols})
		return err == nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Read the master as the output comes, so that the terminal's buffer never fills.
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(&buf, master) // ends with EIO once the slave is closed
	}()
	var closed bool
	t.Cleanup(func() {
		if !closed {
			slave.Close()
			<-done
		}
		master.Close()
	})
	return slave, func() string {
		if !closed {
			closed = true
			slave.Close()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("the pseudo-terminal's master did not see the slave closed")
			}
		}
		return buf.String()
	}
}

func TestIsTerminalPTY(t *testing.T) {
	slave, _ := openPTY(t, 80)
	if !isTerminal(slave) {
		t.Error("isTerminal(pty slave) = false")
	}
	if w := termWidth(slave); w != 80 {
		t.Errorf("termWidth = %d, want 80", w)
	}
	if w := termWidth(&bytes.Buffer{}); w != 0 {
		t.Errorf("termWidth(buffer) = %d, want 0", w)
	}
}

// On a terminal the progress line is drawn, with a bar that fits the terminal's width,
// and ends with a newline.
func TestProgressPTY(t *testing.T) {
	for _, cols := range []uint16{100, 50} {
		slave, output := openPTY(t, cols)
		p := newProgress(slave, 1_000_000, isTerminal(slave))
		for i := 0; i < 4; i++ {
			p.age(time.Second)
			p.Add(200_000, 50_000)
		}
		p.Add(200_000, 0) // too soon for a redraw
		p.Finish()
		out := output()
		// The terminal writes the final "\n" as "\r\n".
		if !strings.HasSuffix(out, "\x1b[K\r\n") {
			t.Fatalf("%d columns: output does not end with the final line's \\x1b[K\\n: %q", cols, out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r")
		if len(lines) != 6 { // "", 4 redraws, the final line
			t.Fatalf("%d columns: %d lines, want 5: %q", cols, len(lines)-1, out)
		}
		for i, l := range lines[1:] {
			if !strings.HasSuffix(l, "\x1b[K") {
				t.Errorf("%d columns: line %d does not end with \\x1b[K: %q", cols, i+1, l)
			}
			l = strings.TrimSuffix(l, "\x1b[K")
			if len(l) > int(cols)-1 {
				t.Errorf("%d columns: a line of %d: %q", cols, len(l), l)
			}
		}
		// 100 columns: every field and a 40-column bar; 50: no room for the bar nor the
		// tokens/s.
		want := map[uint16]string{
			100: "[================================>       ] 800 kB / 1.00 MB (80%)  200 kB/s  50.0k tok/s  ETA 1.0s\x1b[K",
			50:  "800 kB / 1.00 MB (80%)  200 kB/s  ETA 1.0s\x1b[K",
		}[cols]
		if lines[4] != want {
			t.Errorf("%d columns: 4th line %q, want %q", cols, lines[4], want)
		}
		if want := "1.00 MB, 200k tokens in 4.0s  250 kB/s"; !strings.HasPrefix(lines[5], want) {
			t.Errorf("%d columns: final line %q, want it to start with %q", cols, lines[5], want)
		}
	}
}

// `fasttok encode` draws the progress line on a terminal's stderr (the final line at
// least: a short run has no time for a redraw), and not with --quiet, nor on a
// non-terminal unless --progress asks.
func TestEncodeProgressPTY(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.txt")
	text := strings.Repeat("Hello world, this is a line of text.\n", 20_000)
	if err := os.WriteFile(in, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"encode", "--format", "ids", "--input", in}
	for _, c := range []struct {
		name  string
		extra []string
		pty   bool
		want  bool
	}{
		{"terminal", nil, true, true},
		{"terminal --quiet", []string{"--quiet"}, true, false},
		{"pipe", nil, false, false},
		{"buffer", nil, false, false},
		{"buffer --progress", []string{"--progress"}, false, true},
	} {
		var stdout bytes.Buffer
		var errOut string
		if c.pty {
			slave, output := openPTY(t, 120)
			if err := run(append(args, c.extra...), strings.NewReader(""), &stdout, slave); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			errOut = output()
		} else if c.name == "pipe" {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			got := make(chan []byte)
			go func() { b, _ := io.ReadAll(r); got <- b }()
			err = run(append(args, c.extra...), strings.NewReader(""), &stdout, w)
			w.Close()
			errOut = string(<-got)
			r.Close()
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		} else {
			var stderr bytes.Buffer
			if err := run(append(args, c.extra...), strings.NewReader(""), &stdout, &stderr); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			errOut = stderr.String()
		}
		if n := strings.Count(stdout.String(), "\n"); n != 20_000 {
			t.Errorf("%s: %d output lines, want 20000", c.name, n)
		}
		tokens := len(strings.Fields(stdout.String()))
		final := fmt.Sprintf("\r%s, %s tokens in ", appendSize(nil, int64(len(text))), appendCount(nil, int64(tokens)))
		if !c.want {
			if errOut != "" {
				t.Errorf("%s: stderr %q, want nothing", c.name, errOut)
			}
			continue
		}
		if !strings.Contains(errOut, final) || !strings.HasSuffix(errOut, "\x1b[K\n") && !strings.HasSuffix(errOut, "\x1b[K\r\n") {
			t.Errorf("%s: stderr %q, want a progress line ending with %q…", c.name, errOut, final)
		}
	}
}
