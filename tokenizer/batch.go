package tokenizer

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// parallel runs fn(i) for i in [0, n) on up to workers goroutines (GOMAXPROCS when
// workers <= 0), handing out work in chunks of about the same weight (weight(i), the
// bytes of input i), so that one long input does not leave the other workers idle. It
// stops early when ctx is done or fn fails, and returns the error of the lowest index
// (or ctx's error).
func parallel(ctx context.Context, n, workers int, weight func(i int) int, fn func(i int) error) error {
	return runChunks(ctx, chunkBounds(n, workers, weight), workers, func(_, lo, hi int) (int, error) {
		for i := lo; i < hi; i++ {
			if err := fn(i); err != nil {
				return i, err
			}
		}
		return 0, nil
	})
}

// chunksPerWorker is how many chunks of about equal weight a batch is cut into per
// worker. The last chunks of a run can leave the other workers idle for up to a chunk
// each: with 32 per worker, that is at most about 3% of a worker's share, for one
// atomic operation and one context check per chunk.
const chunksPerWorker = 32

// chunkBounds cuts [0, n) into consecutive chunks of about the same total weight (each
// input weighs weight(i)+1), about chunksPerWorker per worker, and returns their ends.
func chunkBounds(n, workers int, weight func(i int) int) []int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	total := 0
	for i := 0; i < n; i++ {
		total += weight(i) + 1
	}
	target := total/(workers*chunksPerWorker) + 1
	var bounds []int
	acc := 0
	for i := 0; i < n; i++ {
		acc += weight(i) + 1
		if acc >= target {
			bounds = append(bounds, i+1)
			acc = 0
		}
	}
	if n > 0 && (len(bounds) == 0 || bounds[len(bounds)-1] != n) {
		bounds = append(bounds, n)
	}
	return bounds
}

// runChunks runs fn(c, lo, hi) for every chunk c of bounds (its inputs are [lo, hi)) on
// up to workers goroutines (GOMAXPROCS when workers <= 0), each taking the next chunk.
// fn returns the index of the input that failed with its error. It stops early when
// ctx is done or fn fails, and returns the error of the lowest index (or ctx's error).
func runChunks(ctx context.Context, bounds []int, workers int, fn func(c, lo, hi int) (int, error)) error {
	if len(bounds) == 0 {
		return ctx.Err()
	}
	n := bounds[len(bounds)-1]
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(bounds))
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
				if i, err := fn(c, lo, bounds[c]); err != nil {
					fail(i, err)
					return
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

// AppendIDsBatch appends the ids of every text to dst, in order, and returns them with
// ends: the ids of texts[i] end at ends[i] in the returned slice and start where those
// of texts[i-1] end (those of texts[0] at len(dst)). They are the ids of EncodeBatch on
// the texts (with a padding set, a batch's), built on the ids-only path of AppendIDs:
// no tokens, offsets or word ids. The texts are encoded on opts.Workers goroutines
// (GOMAXPROCS when 0), the work split by bytes, not by texts. It stops at the first
// error (reported with its text's index) or when ctx is done; dst is then returned as
// it was given.
func (t *Tokenizer) AppendIDsBatch(ctx context.Context, dst []uint32, texts []string, opts EncodeOptions) (ids []uint32, ends []int, err error) {
	ends = make([]int, len(texts))
	if t.padding != nil {
		// Padding is over the whole batch: the encodings say how.
		encs, err := t.EncodeBatchTexts(ctx, texts, opts)
		if err != nil {
			return dst, nil, err
		}
		ids = dst
		for i, e := range encs {
			ids = append(ids, e.IDs...)
			ends[i] = len(ids)
		}
		return ids, ends, nil
	}
	bounds := chunkBounds(len(texts), opts.Workers, func(i int) int { return len(texts[i]) })
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 || len(bounds) == 1 {
		// One goroutine: straight into dst.
		ids = dst
		for i, text := range texts {
			if err := ctx.Err(); err != nil {
				return dst, nil, err
			}
			if ids, err = t.AppendIDs(ids, text, opts); err != nil {
				return dst, nil, fmt.Errorf("input %d: %w", i, err)
			}
			ends[i] = len(ids)
		}
		return ids, ends, nil
	}
	// A long text is cut for the workers too (AppendIDs with Workers). ends first hold
	// each text's count.
	topts := opts
	topts.Workers = workers
	ids, err = appendChunks(ctx, dst, bounds, workers, func(buf []uint32, lo, hi int) ([]uint32, int, error) {
		for i := lo; i < hi; i++ {
			n := len(buf)
			var err error
			if buf, err = t.AppendIDs(buf, texts[i], topts); err != nil {
				return buf, i, fmt.Errorf("input %d: %w", i, err)
			}
			ends[i] = len(buf) - n
		}
		return buf, 0, nil
	})
	if err != nil {
		return dst, nil, err
	}
	end := len(dst)
	for i, n := range ends {
		end += n
		ends[i] = end
	}
	return ids, ends, nil
}

// appendChunks runs fill on every chunk [lo, hi) of bounds, on up to workers goroutines,
// each chunk into a buffer of its own, and appends the buffers to dst in chunk order,
// the copies also on the workers (a few MB of ids would otherwise be a sequential step
// of a few percent). fill appends to buf and returns it, with the index of the input
// that failed and its error; on an error (the lowest index's, see runChunks), dst is
// returned as it was given.
func appendChunks(ctx context.Context, dst []uint32, bounds []int, workers int, fill func(buf []uint32, lo, hi int) ([]uint32, int, error)) ([]uint32, error) {
	bufs := make([]*[]uint32, len(bounds))
	defer func() {
		for _, b := range bufs {
			if b != nil {
				*b = (*b)[:0]
				idsPool.Put(b)
			}
		}
	}()
	err := runChunks(ctx, bounds, workers, func(c, lo, hi int) (int, error) {
		b := idsPool.Get().(*[]uint32)
		bufs[c] = b
		var i int
		var err error
		*b, i, err = fill(*b, lo, hi)
		return i, err
	})
	if err != nil {
		return dst, err
	}
	// The chunks' places in dst, then the copies: chunk c is the one input [c, c+1).
	offs := make([]int, len(bufs)+1)
	offs[0] = len(dst)
	for c, b := range bufs {
		offs[c+1] = offs[c] + len(*b)
	}
	ids := slices.Grow(dst, offs[len(bufs)]-len(dst))[:offs[len(bufs)]]
	each := make([]int, len(bufs))
	for c := range each {
		each[c] = c + 1
	}
	_ = runChunks(context.Background(), each, workers, func(c, _, _ int) (int, error) {
		copy(ids[offs[c]:offs[c+1]], *bufs[c])
		return 0, nil
	})
	return ids, nil
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
