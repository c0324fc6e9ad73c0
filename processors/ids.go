package processors

// SingleIDs methods: what each post-processor adds around the ids of a single sequence,
// for the tokenizer's ids-only path (tokenizer.SingleIDsProcessor). They must agree with
// ProcessEncodings; ids_test.go checks that they do.

// SingleIDs returns nothing to add: ByteLevel only trims offsets.
func (p *ByteLevel) SingleIDs(addSpecialTokens bool) (prefix, suffix []uint32, ok bool) {
	return nil, nil, true
}

// SingleIDs returns [CLS] and [SEP].
func (p *BertProcessing) SingleIDs(addSpecialTokens bool) (prefix, suffix []uint32, ok bool) {
	if !addSpecialTokens {
		return nil, nil, true
	}
	return []uint32{p.CLS.ID}, []uint32{p.Sep.ID}, true
}

// SingleIDs returns <s> and </s>.
func (p *RobertaProcessing) SingleIDs(addSpecialTokens bool) (prefix, suffix []uint32, ok bool) {
	if !addSpecialTokens {
		return nil, nil, true
	}
	return []uint32{p.CLS.ID}, []uint32{p.Sep.ID}, true
}

// SingleIDs returns the ids of the special tokens before and after $A in the single
// template; ok is false when the template is not of that shape (no $A, several, or $B)
// or names a special token it does not define.
func (p *TemplateProcessing) SingleIDs(addSpecialTokens bool) (prefix, suffix []uint32, ok bool) {
	seen := false
	for _, pc := range p.Single {
		if pc.IsSequence {
			if seen || pc.SequenceB {
				return nil, nil, false
			}
			seen = true
			continue
		}
		st, found := p.SpecialTokens[pc.SpecialToken]
		if !found {
			return nil, nil, false
		}
		if !addSpecialTokens {
			continue
		}
		if seen {
			suffix = append(suffix, st.IDs...)
		} else {
			prefix = append(prefix, st.IDs...)
		}
	}
	return prefix, suffix, seen
}

// singleIDser is tokenizer.SingleIDsProcessor.
type singleIDser interface {
	SingleIDs(addSpecialTokens bool) (prefix, suffix []uint32, ok bool)
}

// SingleIDs composes the processors' prefixes and suffixes (each wraps the output of
// the one before it); ok is false if one of them cannot tell.
func (s *Sequence) SingleIDs(addSpecialTokens bool) (prefix, suffix []uint32, ok bool) {
	for _, p := range s.Processors {
		sp, isSP := p.(singleIDser)
		if !isSP {
			return nil, nil, false
		}
		pre, suf, ok := sp.SingleIDs(addSpecialTokens)
		if !ok {
			return nil, nil, false
		}
		prefix = append(append([]uint32(nil), pre...), prefix...)
		suffix = append(suffix, suf...)
	}
	return prefix, suffix, true
}
