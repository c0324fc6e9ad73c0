package unicodetables

// normInfo are the normalization properties of a code point in Unicode 9.0.0.
type normInfo struct {
	ccc       uint8
	flags     uint8
	canonOff  uint16
	canonLen  uint8
	compatOff uint16
	compatLen uint8
}

type composition struct {
	first, second, composite rune
}

const (
	flagStableNFD = 1 << iota
	flagStableNFKD
	flagStableNFC
	flagStableNFKC
)

// Form is a Unicode normalization form.
type Form uint8

// The normalization forms.
const (
	NFD Form = iota
	NFKD
	NFC
	NFKC
)

// Compat reports whether f uses the compatibility decompositions (NFKD, NFKC).
func (f Form) Compat() bool { return f == NFKD || f == NFKC }

// Composes reports whether f recomposes (NFC, NFKC).
func (f Form) Composes() bool { return f == NFC || f == NFKC }

func lookup(r rune) *normInfo {
	if r < 0 || r > 0x10FFFF {
		return &normInfos[0]
	}
	blk := normStage1[r>>normBlockBits]
	return &normInfos[normStage2[int(blk)<<normBlockBits|int(r&(1<<normBlockBits-1))]]
}

// Stable reports whether r is left unchanged by f whatever its neighbours: it has
// combining class 0, no decomposition in f, and (for NFC/NFKC) never combines with a
// preceding character. A string of stable characters is already normalized.
func (f Form) Stable(r rune) bool {
	if r < 0x80 {
		return true
	}
	return lookup(r).flags&(1<<f) != 0
}

// CCC returns the canonical combining class of r in Unicode 9.0.0 (0 for characters
// assigned later).
func CCC(r rune) uint8 {
	if r < 0x300 {
		return 0
	}
	return lookup(r).ccc
}

// Hangul syllable constants (Unicode §3.12).
const (
	sBase  = 0xAC00
	lBase  = 0x1100
	vBase  = 0x1161
	tBase  = 0x11A7
	lCount = 19
	vCount = 21
	tCount = 28
	nCount = vCount * tCount
	sCount = lCount * nCount
)

// AppendDecomposition appends the full decomposition of r (canonical, or
// compatibility when compat is set; Hangul syllables algorithmically) to dst, or r
// itself when it has none, and returns the extended slice.
func AppendDecomposition(dst []rune, r rune, compat bool) []rune {
	if r < 0x80 {
		return append(dst, r)
	}
	if r >= sBase && r < sBase+sCount {
		si := r - sBase
		dst = append(dst, lBase+si/nCount, vBase+(si%nCount)/tCount)
		if t := si % tCount; t > 0 {
			dst = append(dst, tBase+t)
		}
		return dst
	}
	in := lookup(r)
	if compat && in.compatLen > 0 {
		return append(dst, normDecomp[in.compatOff:int(in.compatOff)+int(in.compatLen)]...)
	}
	if in.canonLen > 0 {
		return append(dst, normDecomp[in.canonOff:int(in.canonOff)+int(in.canonLen)]...)
	}
	return append(dst, r)
}

// Compose returns the primary composite of a and b in Unicode 9.0.0 (Hangul
// included), if any.
func Compose(a, b rune) (rune, bool) {
	if a >= lBase && a < lBase+lCount && b >= vBase && b < vBase+vCount {
		return sBase + ((a-lBase)*vCount+(b-vBase))*tCount, true
	}
	if a >= sBase && a < sBase+sCount && (a-sBase)%tCount == 0 && b > tBase && b < tBase+tCount {
		return a + (b - tBase), true
	}
	lo, hi := 0, len(compositions)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		c := &compositions[m]
		if c.first < a || (c.first == a && c.second < b) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(compositions) && compositions[lo].first == a && compositions[lo].second == b {
		return compositions[lo].composite, true
	}
	return 0, false
}
