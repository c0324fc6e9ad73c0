package tokenizer

// splitAdded replaces each piece not yet tokenized by the splits fn returns for it
// (which may be tokenized already, as added tokens are); empty pieces are dropped.
func (p *PreTokenizedString) splitAdded(fn func(n *NormalizedString) ([]Split, error)) error {
	out := make([]Split, 0, len(p.splits))
	for i := range p.splits {
		sp := &p.splits[i]
		if sp.Tokenized {
			out = append(out, *sp)
			continue
		}
		got, err := fn(&sp.Normalized)
		if err != nil {
			return err
		}
		for _, g := range got {
			if !g.Normalized.IsEmpty() {
				out = append(out, g)
			}
		}
	}
	p.splits = out
	return nil
}
