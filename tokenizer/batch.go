package tokenizer

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallel runs fn(i) for i in [0, n) on up to workers goroutines (GOMAXPROCS when
// workers <= 0), handing out work in chunks of about the same weight (weight(i), the
// bytes of input i), so that one long input does not leave the other workers idle. It
// stops early when ctx is done or fn fails, and returns the error of the lowest index
// (or ctx's error).
func parallel(ctx context.Context, n, workers int, weight func(i int) int, fn func(i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > n {
		workers = n
	}
	if n == 0 {
		return ctx.Err()
	}
	// Chunk boundaries: about 4 chunks per worker by total weight, so that the
	// goroutines end together.
	total := 0
	for i := 0; i < n; i++ {
		total += weight(i) + 1
	}
	target := total/(workers*4) + 1
	var bounds []int
	acc := 0
	for i := 0; i < n; i++ {
		acc += weight(i) + 1
		if acc >= target {
			bounds = append(bounds, i+1)
			acc = 0
		}
	}
	if len(bounds) == 0 || bounds[len(bounds)-1] != n {
		bounds = append(bounds, n)
	}
	var (
		next     atomic.Int64
		mu       sync.Mutex
		firstErr error
		errIdx   = n + 1
		stop     atomic.Bool
		wg       sync.WaitGroup
	)
	fail := func(i int, err error) {
		mu.Lock()
		if i < errIdx {
			errIdx, firstErr = i, err
		}
		mu.Unlock()
		stop.Store(true)
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= len(bounds) || stop.Load() {
					return
				}
				if err := ctx.Err(); err != nil {
					fail(n, err)
					return
				}
				lo := 0
				if c > 0 {
					lo = bounds[c-1]
				}
				for i := lo; i < bounds[c]; i++ {
					if err := fn(i); err != nil {
						fail(i, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}

func inputBytes(in Input) int {
	n := seqBytes(in.First)
	if in.Second != nil {
		n += seqBytes(*in.Second)
	}
	return n
}

func seqBytes(s Sequence) int {
	if s.Words == nil {
		return len(s.Text)
	}
	n := 0
	for _, w := range s.Words {
		n += len(w)
	}
	return n
}

// EncodeBatch encodes inputs on workers goroutines (opts.Workers; GOMAXPROCS when 0)
// and returns their encodings in input order, as the reference's encode_batch: each
// input is encoded as EncodeInput does, then, when padding is set, all are padded
// together (BatchLongest pads to the longest of the batch). The result is the same
// whatever the number of workers. It stops at the first error (reported with its
// input's index) or when ctx is done.
func (t *Tokenizer) EncodeBatch(ctx context.Context, inputs []Input, opts EncodeOptions) ([]*Encoding, error) {
	out := make([]*Encoding, len(inputs))
	err := parallel(ctx, len(inputs), opts.Workers, func(i int) int { return inputBytes(inputs[i]) }, func(i int) error {
		e, err := t.EncodeInput(inputs[i], opts)
		if err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
		out[i] = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	if t.padding != nil {
		if err := PadEncodings(out, t.padding); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EncodeBatchTexts is EncodeBatch for single texts.
func (t *Tokenizer) EncodeBatchTexts(ctx context.Context, texts []string, opts EncodeOptions) ([]*Encoding, error) {
	inputs := make([]Input, len(texts))
	for i, s := range texts {
		inputs[i] = Input{First: Sequence{Text: s}}
	}
	return t.EncodeBatch(ctx, inputs, opts)
}

// DecodeBatch decodes each id sequence as Decode does, on opts.Workers goroutines
// (GOMAXPROCS when 0), and returns the texts in input order.
func (t *Tokenizer) DecodeBatch(ctx context.Context, ids [][]uint32, skipSpecialTokens bool, workers int) ([]string, error) {
	out := make([]string, len(ids))
	err := parallel(ctx, len(ids), workers, func(i int) int { return 4 * len(ids[i]) }, func(i int) error {
		s, err := t.Decode(ids[i], skipSpecialTokens)
		if err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
		out[i] = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
