package tokenizer

import "sync"

// IDAppender is implemented by models that can append the ids of a sequence without
// building its tokens' strings and offsets. It is the model's side of the ids-only path.
type IDAppender interface {
	AppendIDs(dst []uint32, sequence string) ([]uint32, error)
}

// SingleIDsProcessor is implemented by post-processors that, on a single sequence,
// only add fixed ids before and after it (templates such as "[CLS] $A [SEP]", ByteLevel
// which adds nothing). ok is false when the processor does more than that for this
// setting; the ids-only path then builds the whole Encoding.
type SingleIDsProcessor interface {
	SingleIDs(addSpecialTokens bool) (prefix, suffix []uint32, ok bool)
}

// AppendIDs appends the ids of text to dst, exactly those of Encode(text).IDs (with
// opts.NoSpecialTokens as Encode), without building tokens, offsets or word ids where
// the pipeline allows it. It is the fast path for counting and for training data.
//
// A text of 1 MiB or more is cut into parts of about 256 KB when the pipeline gives the
// same ids on the parts as on the whole (see CutSafe): the work of a part stays in the
// processor's caches. With opts.Workers above 1, the parts are encoded on up to that
// many goroutines; otherwise, and by default, AppendIDs runs on the calling goroutine
// only.
//
// text must be valid UTF-8 (else an *InvalidUTF8Error), unless opts.Lossy.
func (t *Tokenizer) AppendIDs(dst []uint32, text string, opts EncodeOptions) ([]uint32, error) {
	if err := checkUTF8(text); err != nil {
		if !opts.Lossy {
			return dst, err
		}
		text = LossyString([]byte(text))
	}
	var prefix, suffix []uint32
	fast := t.truncation == nil && t.padding == nil
	if fast && t.postProcessor != nil {
		sp, ok := t.postProcessor.(SingleIDsProcessor)
		if ok {
			prefix, suffix, ok = sp.SingleIDs(!opts.NoSpecialTokens)
		}
		fast = ok
	}
	if fast {
		if fn, fp, m, ok := t.fastPath(); ok {
			dst = append(dst, prefix...)
			var err error
			if len(text) >= cutMinText {
				dst, err = t.appendIDsCut(dst, text, max(opts.Workers, 1), fn, fp, m)
			} else {
				dst, err = t.appendIDsFast(dst, text, true, fn, fp, m)
			}
			if err != nil {
				return dst, err
			}
			return append(dst, suffix...), nil
		}
	}
	appender, isAppender := t.model.(IDAppender)
	if !fast || !isAppender {
		enc, err := t.EncodeInput(Input{First: Sequence{Text: text}}, opts)
		if err != nil {
			return dst, err
		}
		return append(dst, enc.IDs...), nil
	}
	p, err := t.added.ExtractAndNormalize(t.normalizer, text)
	if err != nil {
		return dst, err
	}
	if t.preTokenizer != nil {
		if err := t.preTokenizer.PreTokenize(p); err != nil {
			return dst, err
		}
	}
	dst = append(dst, prefix...)
	for i := range p.splits {
		sp := &p.splits[i]
		if sp.Tokenized {
			for _, tk := range sp.Tokens {
				dst = append(dst, tk.ID)
			}
			continue
		}
		if dst, err = appender.AppendIDs(dst, sp.Normalized.normalized); err != nil {
			return dst, err
		}
	}
	return append(dst, suffix...), nil
}

// Count returns the number of tokens of text, as len(Encode(text).IDs) (with
// opts.NoSpecialTokens as Encode).
func (t *Tokenizer) Count(text string, opts EncodeOptions) (int, error) {
	buf := idsPool.Get().(*[]uint32)
	ids, err := t.AppendIDs((*buf)[:0], text, opts)
	n := len(ids)
	*buf = ids[:0]
	idsPool.Put(buf)
	return n, err
}

var idsPool = sync.Pool{New: func() any { b := make([]uint32, 0, 1024); return &b }}
