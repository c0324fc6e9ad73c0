//go:build !linux

package main

import "io"

// isTerminal reports whether w is a terminal. Outside Linux it says no: no progress
// line is drawn unless asked.
func isTerminal(w io.Writer) bool { return false }

// termWidth returns the width in columns of the terminal w is: 0, unknown, outside
// Linux.
func termWidth(w io.Writer) int { return 0 }
