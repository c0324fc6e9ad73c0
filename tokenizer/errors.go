package tokenizer

import (
	"errors"
	"fmt"
	"strings"
)

func fmtErrorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// PathError is an error at a JSON path of a tokenizer.json, such as
// `pre_tokenizer.pretokenizers[1].pattern.Regex`.
type PathError struct {
	Path string
	Err  error
}

// Error returns "path: error".
func (e *PathError) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *PathError) Unwrap() error { return e.Err }

// WrapPath puts segment in front of the JSON path of err: a field name ("model"), or an
// index ("[3]"). A nil err stays nil.
func WrapPath(err error, segment string) error {
	if err == nil {
		return nil
	}
	var pe *PathError
	if errors.As(err, &pe) && pe == err {
		p := pe.Path
		switch {
		case p == "":
			p = segment
		case strings.HasPrefix(p, "["):
			p = segment + p
		default:
			p = segment + "." + p
		}
		return &PathError{Path: p, Err: pe.Err}
	}
	return &PathError{Path: segment, Err: err}
}

// WrapIndex is WrapPath with the segment "field[i]".
func WrapIndex(err error, field string, i int) error {
	if err == nil {
		return nil
	}
	return WrapPath(err, fmt.Sprintf("%s[%d]", field, i))
}
