package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain runs the test binary as the fasttok command when FASTTOK_TEST_MAIN=1 (the
// subprocess of TestSignalSubprocess).
func TestMain(m *testing.M) {
	if os.Getenv("FASTTOK_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// lineRecords is n text records.
func lineRecords(from, n int) string {
	var b strings.Builder
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&b, "record %d: %s\n", i, strings.Repeat("word ", i%40))
	}
	return b.String()
}

// waitGoroutines waits until the number of goroutines is back to n (at most 5 s).
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines left, want %d:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Cancelling the context stops a run cleanly: an *interruptedError counting the
// records written, which are a prefix of the full output ending at a record, and no
// goroutine left once the input's read returns.
func TestPipelineCancelContext(t *testing.T) {
	full, _, err := runCLI(t, lineRecords(0, 20000), "encode", "--format", "ids")
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []string{"1", "2", "4"} {
		for _, format := range []string{"ids", "count"} {
			args := []string{"encode", "--format", "ids", "--workers", workers}
			if format == "count" {
				args = []string{"count", "--per-record", "--workers", workers}
			}
			// The wait before cancelling grows until some records were written
			// (a loaded machine, -race).
			for _, wait := range []time.Duration{300 * time.Millisecond, time.Second, 4 * time.Second} {
				got, records := cancelAfter(t, args, wait)
				if n := strings.Count(got, "\n"); int64(n) != records {
					t.Errorf("%v: %d records written, the error says %d", args, n, records)
				}
				if format == "ids" && !strings.HasPrefix(full, got) {
					t.Errorf("%v: the output is no prefix of the full output", args)
				}
				if records > 0 {
					break
				}
				if wait == 4*time.Second {
					t.Errorf("%v: no record written", args)
				}
			}
		}
	}
}

// cancelAfter runs args on a stdin that gives 300 KB of records and then waits,
// cancels the run wait after the records were read, and returns its output and the
// records its *interruptedError counts. It checks that no goroutine is left once the
// input's blocked read returns.
func cancelAfter(t *testing.T, args []string, wait time.Duration) (string, int64) {
	t.Helper()
	base := runtime.NumGoroutine()
	pr, pw := io.Pipe()
	written := make(chan struct{})
	go func() {
		pw.Write([]byte(lineRecords(0, 20000)[:300000]))
		close(written)
	}()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	done := make(chan error)
	go func() { done <- runContext(ctx, args, pr, &out, io.Discard) }()
	<-written // read: the reader waits for more
	time.Sleep(wait)
	cancel()
	err := <-done
	var ie *interruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("%v: err = %v, want an *interruptedError", args, err)
	}
	pr.CloseWithError(io.ErrClosedPipe) // the blocked read returns
	waitGoroutines(t, base)
	return out.String(), ie.records
}

// The command, sent SIGINT (or SIGTERM) while it reads a slow standard input, writes
// a clean prefix of its output (whole records), says how many records it wrote, and
// exits with 130 (143).
func TestSignalSubprocess(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	input := lineRecords(0, 3000)
	full, _, err := runCLI(t, input, "encode", "--format", "ids")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		for _, output := range []string{"stdout", "bin"} {
			// The wait before the signal grows until some records were written (a
			// loaded machine).
			for _, wait := range []time.Duration{500 * time.Millisecond, 2 * time.Second, 6 * time.Second} {
				got, n := signalAfter(t, exe, input, c.sig, c.code, output, wait)
				if strings.Count(got, "\n") != n || !strings.HasPrefix(full, got) {
					t.Errorf("%v, %s: %d records written (stderr says %d): want a prefix of the full output", c.sig, output, strings.Count(got, "\n"), n)
				}
				if n > 0 {
					break
				}
				if wait == 6*time.Second {
					t.Errorf("%v, %s: no record written", c.sig, output)
				}
			}
		}
	}
}

// signalAfter runs the command (this test binary as main) on the first half of
// input, its stdin left open, sends it sig after wait, checks its exit status and
// message, and returns its output (as --format ids would print it) and the record
// count its message gives.
func signalAfter(t *testing.T, exe, input string, sig syscall.Signal, code int, output string, wait time.Duration) (string, int) {
	t.Helper()
	cmd := exec.Command(exe, "encode", "--format", "ids", "--workers", "2")
	bin := ""
	if output == "bin" {
		bin = t.TempDir() + "/out.bin"
		cmd.Args = append(cmd.Args[:2], "--format", "bin", "--output", bin)
	}
	cmd.Env = append(os.Environ(), "FASTTOK_TEST_MAIN=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// More than a pipe's buffer: when the write returns, the command is reading
	// (its signal handler is set).
	if _, err := io.WriteString(stdin, input[:len(input)/2]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(wait)
	cmd.Process.Signal(sig)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != code {
		t.Fatalf("%v, %s: exit %v, want status %d; stderr %q", sig, output, err, code, stderr.String())
	}
	m := regexp.MustCompile(`^fasttok: interrupted after (\d+) records\n$`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("%v: stderr %q", sig, stderr.String())
	}
	n, _ := strconv.Atoi(m[1])
	got := stdout.String()
	if output == "bin" {
		_, docs, err := readBinFile(bin)
		if err != nil {
			t.Fatalf("%v: %v", sig, err)
		}
		got = idsText(docs)
	}
	return got, n
}
