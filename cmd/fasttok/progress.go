package main

import (
	"io"
	"strconv"
	"time"
)

// redrawInterval is the least time between two redraws of the progress line.
const redrawInterval = 100 * time.Millisecond

// progress draws a one-line progress report on a terminal: the input bytes done (and
// their share of the total, with a bar, when the total is known), the throughput in
// MB/s and tokens/s, and the time left. Add is cheap (a clock read; no system call, no
// allocation) and redraws at most every redrawInterval, on the caller's goroutine: there
// is no goroutine to stop. A nil or disabled *progress does nothing.
type progress struct {
	w       io.Writer
	total   int64 // -1: unknown
	enabled bool
	start   time.Time
	last    time.Time // the last redraw (start before the first)
	bytes   int64
	tokens  int64
	line    []byte
}

// newProgress returns a progress report written to w about an input of total bytes
// (-1: unknown). It draws nothing unless enabled (typically isTerminal(w) and no
// --quiet).
func newProgress(w io.Writer, total int64, enabled bool) *progress {
	now := time.Now()
	return &progress{w: w, total: total, enabled: enabled, start: now, last: now}
}

// Add counts bytes of input and tokens more, and redraws the line if it is time to.
// It must be called from one goroutine (or with the caller's own synchronization).
func (p *progress) Add(bytes, tokens int64) {
	if p == nil || !p.enabled {
		return
	}
	p.bytes += bytes
	p.tokens += tokens
	if now := time.Now(); now.Sub(p.last) >= redrawInterval {
		p.last = now
		p.draw(now, false)
	}
}

// Finish draws the final line (totals and average rates) and ends it with a newline,
// so that what follows on the terminal starts on a line of its own. Later calls do
// nothing.
func (p *progress) Finish() {
	if p == nil || !p.enabled {
		return
	}
	p.draw(time.Now(), true)
	p.enabled = false
}

// draw writes the line: "\r", the report, and "\x1b[K" to clear what a longer previous
// line left. On a terminal narrower than the report, fields are left out (tokens/s,
// then the time left, then MB/s) and a bar is drawn only when there is room for it.
func (p *progress) draw(now time.Time, final bool) {
	elapsed := now.Sub(p.start).Seconds()
	const (
		fMain = iota
		fRate
		fTokens
		fETA
		nFields
	)
	var fields [nFields][]byte
	b := appendSize(nil, p.bytes)
	if final {
		b = append(b, ", "...)
		b = appendCount(b, p.tokens)
		b = append(b, " tokens in "...)
		b = appendDuration(b, elapsed)
	} else if p.total > 0 {
		b = append(b, " / "...)
		b = appendSize(b, p.total)
		b = append(b, " ("...)
		b = strconv.AppendInt(b, int64(min(100, float64(p.bytes)*100/float64(p.total))), 10)
		b = append(b, "%)"...)
	}
	fields[fMain] = b
	if elapsed > 0 {
		fields[fRate] = append(appendSize(nil, int64(float64(p.bytes)/elapsed)), "/s"...)
		fields[fTokens] = append(appendCount(nil, int64(float64(p.tokens)/elapsed)), " tok/s"...)
	}
	if !final && p.total > 0 && p.bytes > 0 && p.bytes < p.total && elapsed > 0 {
		left := float64(p.total-p.bytes) / (float64(p.bytes) / elapsed)
		fields[fETA] = appendDuration(append([]byte(nil), "ETA "...), left)
	}
	width := func() int {
		n := 0
		for _, f := range fields {
			if len(f) > 0 {
				if n > 0 {
					n += 2
				}
				n += len(f)
			}
		}
		return n
	}
	cols := termWidth(p.w)
	if cols > 1 {
		for _, drop := range []int{fTokens, fETA, fRate} {
			if width() <= cols-1 {
				break
			}
			fields[drop] = nil
		}
	}
	line := append(p.line[:0], '\r')
	head := len(line)
	// A bar, when the total is known and the terminal has room for one.
	if room := cols - 1 - width() - 3; !final && p.total > 0 && cols > 0 && room >= 10 {
		n := min(room, 40)
		filled := int(min(1, float64(p.bytes)/float64(p.total)) * float64(n))
		line = append(line, '[')
		for i := 0; i < n; i++ {
			switch {
			case i < filled:
				line = append(line, '=')
			case i == filled:
				line = append(line, '>')
			default:
				line = append(line, ' ')
			}
		}
		line = append(line, "] "...)
	}
	sep := false
	for _, f := range fields {
		if len(f) > 0 {
			if sep {
				line = append(line, "  "...)
			}
			line = append(line, f...)
			sep = true
		}
	}
	if cols > 1 && len(line)-head > cols-1 {
		line = line[:head+cols-1] // the line is ASCII: one byte per column
	}
	line = append(line, "\x1b[K"...)
	if final {
		line = append(line, '\n')
	}
	p.line = line
	p.w.Write(line) // a progress line is not worth failing the run for
}

// appendSize appends n bytes in decimal units ("512 B", "1.5 kB", "23.4 MB", "1.21 GB").
func appendSize(b []byte, n int64) []byte {
	v, unit := scale(n)
	if unit == 0 {
		return append(strconv.AppendInt(b, n, 10), " B"...)
	}
	return append(appendFloat3(b, v), ' ', unit, 'B')
}

// appendCount appends n with a k/M/G suffix ("950", "12.3k", "4.56M").
func appendCount(b []byte, n int64) []byte {
	v, unit := scale(n)
	if unit == 0 {
		return strconv.AppendInt(b, n, 10)
	}
	return append(appendFloat3(b, v), unit)
}

// scale returns n in the largest decimal unit (k, M, G...) it reaches, and that unit's
// letter, or 0 below 1000.
func scale(n int64) (float64, byte) {
	const units = "kMGTPE"
	if n < 1000 {
		return 0, 0
	}
	v := float64(n)
	i := -1
	for v >= 1000 && i < len(units)-1 {
		v /= 1000
		i++
	}
	return v, units[i]
}

// appendFloat3 appends v (at least 1) with 3 significant digits, or as an integer from
// 100 on.
func appendFloat3(b []byte, v float64) []byte {
	switch {
	case v < 9.995:
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	case v < 99.95:
		return strconv.AppendFloat(b, v, 'f', 1, 64)
	default:
		return strconv.AppendFloat(b, v, 'f', 0, 64)
	}
}

// appendDuration appends a duration in seconds: "0.42s", "4.2s", "42s", "3m07s", "2h05m".
func appendDuration(b []byte, sec float64) []byte {
	switch {
	case sec < 1:
		b = strconv.AppendFloat(b, sec, 'f', 2, 64)
		return append(b, 's')
	case sec < 10:
		b = strconv.AppendFloat(b, sec, 'f', 1, 64)
		return append(b, 's')
	case sec < 60:
		b = strconv.AppendInt(b, int64(sec), 10)
		return append(b, 's')
	case sec < 3600:
		s := int64(sec)
		b = strconv.AppendInt(b, s/60, 10)
		b = append(b, 'm')
		b = append2(b, s%60)
		return append(b, 's')
	case sec < 100*3600:
		m := int64(sec) / 60
		b = strconv.AppendInt(b, m/60, 10)
		b = append(b, 'h')
		b = append2(b, m%60)
		return append(b, 'm')
	default:
		return append(b, ">99h"...)
	}
}

func append2(b []byte, n int64) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, n, 10)
}
