package encjson

import (
	"fmt"
	"reflect"
)

// Diff returns one line per field of got that differs from want ("field = got, want"),
// with overflowing records prefixed by their index; nil when they are equal.
func Diff(got, want Record) []string {
	var out []string
	add := func(field string, g, w any) {
		if !reflect.DeepEqual(g, w) {
			out = append(out, fmt.Sprintf("%s = %v, want %v", field, g, w))
		}
	}
	add("ids", nonNil(got.IDs), nonNil(want.IDs))
	add("tokens", nonNilS(got.Tokens), nonNilS(want.Tokens))
	add("offsets", nonNilO(got.Offsets), nonNilO(want.Offsets))
	add("type_ids", nonNil(got.TypeIDs), nonNil(want.TypeIDs))
	add("attention_mask", nonNil(got.AttentionMask), nonNil(want.AttentionMask))
	add("special_tokens_mask", nonNil(got.SpecialTokensMask), nonNil(want.SpecialTokensMask))
	add("word_ids", nonNilI(got.WordIDs), nonNilI(want.WordIDs))
	add("sequence_ids", nonNilI(got.SequenceIDs), nonNilI(want.SequenceIDs))
	if len(got.Overflowing) != len(want.Overflowing) {
		out = append(out, fmt.Sprintf("len(overflowing) = %d, want %d", len(got.Overflowing), len(want.Overflowing)))
	} else {
		for i := range got.Overflowing {
			for _, d := range Diff(got.Overflowing[i], want.Overflowing[i]) {
				out = append(out, fmt.Sprintf("overflowing[%d].%s", i, d))
			}
		}
	}
	return out
}

func nonNil(v []uint32) []uint32 {
	if v == nil {
		return []uint32{}
	}
	return v
}

func nonNilS(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func nonNilO(v [][2]int) [][2]int {
	if v == nil {
		return [][2]int{}
	}
	return v
}

func nonNilI(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}
