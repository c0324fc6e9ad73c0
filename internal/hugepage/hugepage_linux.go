//go:build linux

package hugepage

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

const hugeSize = 2 << 20

const enabled = true

// advise applies MADV_HUGEPAGE to the whole huge pages inside s's memory. Errors are
// ignored: the advice only changes speed.
func advise[T any](s []T) {
	if len(s) == 0 {
		return
	}
	size := uintptr(len(s)) * unsafe.Sizeof(s[0])
	if size < minSize {
		return
	}
	p := unsafe.Pointer(unsafe.SliceData(s))
	start := uintptr(p)
	lo := (start + hugeSize - 1) &^ (hugeSize - 1)
	hi := (start + size) &^ (hugeSize - 1)
	if hi <= lo {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Add(p, lo-start)), hi-lo)
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
}
