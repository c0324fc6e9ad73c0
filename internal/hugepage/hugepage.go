// Package hugepage asks the operating system to back large tables with huge pages.
//
// The models' tables (vocabulary hash tables, merge tables, word caches) are tens of
// megabytes read at random: with 4 KiB pages, most of their lookups miss the
// processor's TLB (expensive in virtual machines), and filling them takes one page
// fault per 4 KiB. On Linux, where transparent huge pages are often enabled only for
// memory that asks for them ("madvise" mode), Slice asks for them; elsewhere it is a
// plain make.
package hugepage

// minSize is the size from which Slice advises: below a few huge pages it cannot pay.
const minSize = 4 << 20

// Slice returns a new zeroed slice of n elements of T, whose memory is advised to be
// backed by huge pages when it is large enough (and the system supports it).
func Slice[T any](n int) []T {
	s := make([]T, n)
	advise(s)
	return s
}
