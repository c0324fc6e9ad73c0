package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// age moves p's clock back by d, as if its run had started d earlier and the last
// redraw were due.
func (p *progress) age(d time.Duration) {
	p.start = p.start.Add(-d)
	p.last = p.last.Add(-d)
}

func TestProgressNilAndDisabled(t *testing.T) {
	var p *progress
	p.Add(10, 2)
	p.Finish()
	var buf bytes.Buffer
	q := newProgress(&buf, 100, false)
	q.age(time.Second)
	q.Add(50, 10)
	q.Finish()
	if buf.Len() != 0 {
		t.Errorf("a disabled progress wrote %q", buf.String())
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 4_000_000_000, true)
	p.Add(1_000_000, 200) // too early: no redraw
	if buf.Len() != 0 {
		t.Fatalf("redrawn before %v: %q", redrawInterval, buf.String())
	}
	p.age(10 * time.Second)
	p.Add(999_000_000, 249_999_800)
	line := buf.String()
	for _, want := range []string{"\r1.00 GB / 4.00 GB (25%)", "100 MB/s", "25.0M tok/s", "ETA 30s", "\x1b[K"} {
		if !strings.Contains(line, want) {
			t.Errorf("line %q lacks %q", line, want)
		}
	}
	if strings.Contains(line, "] ") {
		t.Errorf("a bar without a terminal width: %q", line)
	}
	buf.Reset()
	p.Add(1, 1) // just redrawn: nothing
	if buf.Len() != 0 {
		t.Errorf("redrawn too soon: %q", buf.String())
	}
	p.Finish()
	final := buf.String()
	if !strings.HasPrefix(final, "\r1.00 GB, 250M tokens in 10s  100 MB/s  25.0M tok/s\x1b[K\n") {
		t.Errorf("final line %q", final)
	}
	buf.Reset()
	p.Finish()
	p.Add(1, 1)
	if buf.Len() != 0 {
		t.Errorf("wrote after Finish: %q", buf.String())
	}
}

func TestProgressUnknownTotal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, -1, true)
	p.age(2 * time.Second)
	p.Add(3_000_000, 1_001)
	line := buf.String()
	if !strings.HasPrefix(line, "\r3.00 MB  1.50 MB/s  500 tok/s\x1b[K") || strings.Contains(line, "ETA") || strings.Contains(line, "%") {
		t.Errorf("line %q", line)
	}
}

func TestProgressFormats(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{string(appendSize(nil, 0)), "0 B"},
		{string(appendSize(nil, 999)), "999 B"},
		{string(appendSize(nil, 1000)), "1.00 kB"},
		{string(appendSize(nil, 12_345_678)), "12.3 MB"},
		{string(appendSize(nil, 999_999_999)), "1000 MB"},
		{string(appendSize(nil, 123_456_789_012)), "123 GB"},
		{string(appendSize(nil, 1<<62)), "4.61 EB"},
		{string(appendCount(nil, 7)), "7"},
		{string(appendCount(nil, 45_600)), "45.6k"},
		{string(appendDuration(nil, 0.42)), "0.42s"},
		{string(appendDuration(nil, 4.26)), "4.3s"},
		{string(appendDuration(nil, 42.9)), "42s"},
		{string(appendDuration(nil, 187)), "3m07s"},
		{string(appendDuration(nil, 7500)), "2h05m"},
		{string(appendDuration(nil, 1e9)), ">99h"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestIsTerminalNot(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	var nilFile *os.File
	for name, w := range map[string]any{"buffer": &bytes.Buffer{}, "pipe": w, "devnull": null, "nil file": nilFile} {
		if isTerminal(w.(interface{ Write([]byte) (int, error) })) {
			t.Errorf("%s: isTerminal = true", name)
		}
	}
}
