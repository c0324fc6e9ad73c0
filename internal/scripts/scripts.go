// Package scripts tells the Unicode script of a character as the reference's
// UnicodeScripts pre-tokenizer sees it: with the Script property of Unicode 9.0.0
// (pre_tokenizers/unicode_scripts/scripts.rs), code points unassigned in 9.0.0 having
// no script (Any).
package scripts

//go:generate go run gen.go -pkg package

// Script is a Unicode script (Any for none).
type Script uint8

// entry is a range [lo, hi] of code points of one script.
type entry struct {
	lo, hi rune
	script Script
}

// ascii holds the scripts of the ASCII characters.
var ascii [128]Script

func init() {
	for r := rune(0); r < 128; r++ {
		ascii[r] = lookup(r)
	}
}

// Of returns the script of r in Unicode 9.0.0 (Any when r was unassigned).
func Of(r rune) Script {
	if r >= 0 && r < 128 {
		return ascii[r]
	}
	return lookup(r)
}

func lookup(r rune) Script {
	lo, hi := 0, len(table)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		e := &table[m]
		switch {
		case r < e.lo:
			hi = m
		case r > e.hi:
			lo = m + 1
		default:
			return e.script
		}
	}
	return Any
}

// String returns the script's name as the UCD spells it (Old_Italic).
func (s Script) String() string {
	if int(s) < len(names) {
		return names[s]
	}
	return "Script(?)"
}
