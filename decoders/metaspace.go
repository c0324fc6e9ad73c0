package decoders

import (
	"errors"
	"strings"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/pretokenizers"
	"github.com/fasttok/fasttok/tokenizer"
)

// Metaspace decodes the tokens of SentencePiece-like models: the replacement character
// (usually '▁') becomes a space, except in the first token, where it is dropped unless
// the prepend scheme is Never. It is the decoder side of the reference's `Metaspace`
// (pre_tokenizers/metaspace.rs); Split only matters to the pre-tokenizer.
type Metaspace struct {
	Replacement   rune
	PrependScheme pretokenizers.PrependScheme
	Split         bool
}

// NewMetaspace returns a Metaspace decoder with the reference's defaults ('▁', always,
// split).
func NewMetaspace() *Metaspace {
	return &Metaspace{Replacement: '▁', PrependScheme: pretokenizers.Always, Split: true}
}

// parseMetaspace reads {"type":"Metaspace","replacement":c,"prepend_scheme":s,
// "split":b} as the reference's custom deserializer: type and replacement required,
// prepend_scheme defaults to always, split to true; the legacy add_prefix_space=true
// keeps the scheme, add_prefix_space=false requires the scheme never (the default,
// always, is an error too); str_rep is tolerated.
func parseMetaspace(data []byte) (*Metaspace, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	if err := o.RequireType("Metaspace"); err != nil {
		return nil, err
	}
	d := NewMetaspace()
	if d.Replacement, err = serde.Char(o, "replacement"); err != nil {
		return nil, err
	}
	var addPrefixSpace *bool
	if _, err := serde.Field(o, "add_prefix_space", &addPrefixSpace, false, true); err != nil {
		return nil, err
	}
	var scheme string
	if ok, err := serde.Field(o, "prepend_scheme", &scheme, false, false); err != nil {
		return nil, err
	} else if ok {
		if d.PrependScheme, err = pretokenizers.ParsePrependScheme(scheme); err != nil {
			return nil, tokenizer.WrapPath(err, "prepend_scheme")
		}
	}
	var split *bool
	if _, err := serde.Field(o, "split", &split, false, true); err != nil {
		return nil, err
	}
	if split != nil {
		d.Split = *split
	}
	var strRep *string
	if _, err := serde.Field(o, "str_rep", &strRep, false, true); err != nil {
		return nil, err
	}
	if addPrefixSpace != nil && !*addPrefixSpace {
		if d.PrependScheme != pretokenizers.Never {
			return nil, errors.New("add_prefix_space does not match declared prepend_scheme")
		}
	}
	return d, nil
}

// MarshalJSON writes the reference's serialization.
func (d *Metaspace) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "Metaspace").Add("replacement", string(d.Replacement)).
		Add("prepend_scheme", d.PrependScheme.String()).Add("split", d.Split)
	return o.MarshalJSON()
}

// DecodeChain replaces the replacement character with a space in every token; in the
// first token it removes them all instead, unless the scheme is Never.
func (d *Metaspace) DecodeChain(tokens []string) ([]string, error) {
	out := make([]string, len(tokens))
	rep := string(d.Replacement)
	for i, t := range tokens {
		if !strings.Contains(t, rep) {
			out[i] = t
			continue
		}
		if i == 0 && d.PrependScheme != pretokenizers.Never {
			out[i] = strings.ReplaceAll(t, rep, "")
		} else {
			out[i] = strings.ReplaceAll(t, rep, " ")
		}
	}
	return out, nil
}
