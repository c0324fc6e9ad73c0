package unicodetables

import "unicode"

// RustNumericTable is the table of IsRustNumeric: General_Category N* (Nd, Nl, No) of
// Unicode 17.0.0, ASCII digits included. It must not be modified.
var RustNumericTable *unicode.RangeTable = number17

// WhiteSpaceTable is the table of IsWhitespace: the White_Space property (Unicode
// 17.0.0; the same set since Unicode 6.3), the \s of Rust's regex crate too. It must not
// be modified.
var WhiteSpaceTable *unicode.RangeTable = whiteSpace
