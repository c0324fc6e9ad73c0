// Package prefetch asks the processor to bring memory into its caches ahead of use,
// so that the cache misses of a loop's next iterations overlap with the work of the
// current one. It never changes a result; where the architecture has no assembly
// here, it does nothing.
package prefetch

import "unsafe"

// Addr asks for the cache line at p.
func Addr(p unsafe.Pointer) { addr(uintptr(p)) }
