package decoders

import (
	"github.com/fasttok/fasttok/internal/onig"
	"github.com/fasttok/fasttok/tokenizer"
)

// compileRegex compiles an Oniguruma regex (errors read "Oniguruma error: ...", as the
// reference's).
func compileRegex(pattern string) (tokenizer.Pattern, error) {
	re, err := onig.Compile(pattern)
	if err != nil {
		return nil, err
	}
	return re, nil
}
