// Package hugepage asks the operating system to back large tables with huge pages.
//
// The models' tables (vocabulary hash tables, merge tables, word caches) are tens of
// megabytes read at random: with 4 KiB pages, most of their lookups miss the
// processor's TLB (expensive in virtual machines), and filling them takes one page
// fault per 4 KiB (on this project's virtual machine, a fresh megabyte costs about
// 0.8 ms in 4 KiB pages and 0.2 ms in huge pages). On Linux, where transparent huge
// pages are often enabled only for memory that asks for them ("madvise" mode), Slice
// asks for them; elsewhere it is a plain make.
//
// Only what encoding reads at random should ask: the vocabulary's table, the merge
// table and the text buffer the merge table may reuse. The loader's other buffers,
// written and read in order, are plain makes: their huge pages saved little, and
// measured on this project's machine they made a run right after a heavy process
// (the reference, in the bench) slower and erratic (a pinned llama3 run on
// speed-en: median 221 ms with them, 190 ms without).
package hugepage

import "unsafe"

// minSize is the size from which Slice advises: below a huge page it cannot pay.
const minSize = 2 << 20

// Slice returns a new zeroed slice of n elements of T, whose memory is advised to be
// backed by huge pages when it is large enough (and the system supports it). A large
// slice starts on a huge page boundary (the allocation is up to one huge page longer;
// the pages past the slice are never touched), so that all of it can be.
func Slice[T any](n int) []T {
	var zero T
	size := uintptr(n) * unsafe.Sizeof(zero)
	if !enabled || size < minSize || unsafe.Sizeof(zero) == 0 {
		return make([]T, n)
	}
	extra := int((hugeSize + unsafe.Sizeof(zero) - 1) / unsafe.Sizeof(zero))
	s := make([]T, n+extra)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	if skip := (hugeSize - start%hugeSize) % hugeSize; skip%unsafe.Sizeof(zero) == 0 {
		s = s[skip/unsafe.Sizeof(zero):]
	}
	s = s[:n:n]
	advise(s)
	return s
}

// pageSize is the smallest page size of the systems fasttok runs on.
const pageSize = 4 << 10

// Prefault touches every page of the zeroed slice s (writing a zero to it), so that
// the page faults of its first use are taken now: on a goroutine of their own while
// other work goes on, they leave the critical path. s must not be in use meanwhile.
func Prefault[T any](s []T) {
	if len(s) == 0 {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), uintptr(len(s))*unsafe.Sizeof(s[0]))
	for i := 0; i < len(b); i += pageSize {
		b[i] = 0
	}
}
