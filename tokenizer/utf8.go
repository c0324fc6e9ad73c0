package tokenizer

import (
	"fmt"
	"unicode/utf8"
)

// InvalidUTF8Error is the error of an input that is not valid UTF-8: the reference only
// takes valid text, so fasttok refuses it rather than guess (strings.ToValidUTF8 or
// bytes.ToValidUTF8 turn such input into valid text when replacement is wanted).
type InvalidUTF8Error struct {
	// Offset is the byte offset of the first invalid byte.
	Offset int
}

// Error describes the error.
func (e *InvalidUTF8Error) Error() string {
	return fmt.Sprintf("input is not valid UTF-8 (first invalid byte at offset %d)", e.Offset)
}

// checkUTF8 returns an *InvalidUTF8Error when s is not valid UTF-8.
func checkUTF8(s string) error {
	if utf8.ValidString(s) {
		return nil
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return &InvalidUTF8Error{Offset: i}
		}
		i += size
	}
	return &InvalidUTF8Error{}
}

func checkSequence(s Sequence) error {
	if s.Words == nil {
		return checkUTF8(s.Text)
	}
	for i, w := range s.Words {
		if err := checkUTF8(w); err != nil {
			return fmt.Errorf("word %d: %w", i, err)
		}
	}
	return nil
}
