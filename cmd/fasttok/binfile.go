package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// The binary token files of --format bin.
//
// PATH holds the token ids of every document back to back as little-endian uint16 or
// uint32 (each document followed by the separator token when one is given): a
// nanoGPT-style loader reads it with np.memmap(PATH, dtype=np.uint16 or np.uint32).
//
// The index, at indexPath(PATH), is Megatron-LM's MMIDIDX index
// (megatron/core/datasets/indexed_dataset.py, _IndexWriter), one sequence per
// document:
//
//	offset  size    field
//	0       9       magic "MMIDIDX\x00\x00"
//	9       8       version, uint64 = 1
//	17      1       dtype code, uint8: 8 = uint16, 4 = int32 (used for uint32)
//	18      8       sequence count N, uint64 (= the number of documents)
//	26      8       document index count, uint64 = N+1
//	34      4·N     sequence lengths in tokens (separator included), int32
//	34+4N   8·N     sequence byte offsets into PATH, int64
//	34+12N  8·(N+1) document indices 0, 1, …, N, int64
//
// All integers are little-endian. Megatron has no code for uint32: uint32 ids are
// written with int32's code 4, which reads the same bytes exactly for ids below 2^31
// (the writer refuses larger ids).

const (
	binMagic      = "MMIDIDX\x00\x00"
	binVersion    = 1
	binHeaderSize = 9 + 8 + 1 + 8 + 8
	dtypeCodeI32  = 4
	dtypeCodeU16  = 8
)

// indexPath is the index file of the token file path: for a path ending in ".bin",
// the same path ending in ".idx" instead (the pair Megatron-LM loads from the prefix),
// else path+".idx".
func indexPath(path string) string {
	if prefix, ok := strings.CutSuffix(path, ".bin"); ok && prefix != "" && !strings.HasSuffix(prefix, "/") {
		return prefix + ".idx"
	}
	return path + ".idx"
}

// binWriter writes a binary token file and its index (see above). WriteDoc is buffered;
// the sequence lengths go straight to the index file (after room for its header), so
// memory does not grow with the number of documents. Close completes the index: until
// then its magic is zero, and readers refuse it.
type binWriter struct {
	path, idxPath string
	data, idx     *os.File
	width         int    // bytes per token: 2 or 4
	limit         uint32 // the largest id the dtype holds
	eos           int64
	dataBuf       []byte
	idxBuf        []byte
	docs          int
	bytes         int64 // bytes of tokens written (buffered or not)
	err           error // the first error; sticky
	closed        bool
}

const (
	binDataBuffer = 1 << 20
	binIdxBuffer  = 64 << 10
)

// newBinWriter creates path and its index for documents of token ids of dtype "uint16"
// or "uint32", from a vocabulary of vocabSize ids, each document followed by eos when
// eos ≥ 0 (-1: no separator).
func newBinWriter(path, dtype string, vocabSize int, eos int64) (*binWriter, error) {
	w := &binWriter{path: path, idxPath: indexPath(path), eos: eos}
	switch dtype {
	case "uint16":
		w.width, w.limit = 2, math.MaxUint16
		if vocabSize > math.MaxUint16+1 {
			return nil, fmt.Errorf("--dtype uint16 cannot hold the ids of a vocabulary of %d tokens (at most 65536): use --dtype uint32", vocabSize)
		}
		if eos > math.MaxUint16 {
			return nil, fmt.Errorf("--dtype uint16 cannot hold the separator id %d (at most 65535): use --dtype uint32", eos)
		}
	case "uint32":
		w.width, w.limit = 4, math.MaxInt32
		if int64(vocabSize) > math.MaxInt32+1 {
			return nil, fmt.Errorf("a vocabulary of %d tokens is too large for the binary format (ids must be below 2^31)", vocabSize)
		}
		if eos > math.MaxInt32 {
			return nil, fmt.Errorf("the separator id %d is too large for the binary format (ids must be below 2^31)", eos)
		}
	default:
		return nil, fmt.Errorf("unknown dtype %q: want uint16 or uint32", dtype)
	}
	if w.path == w.idxPath {
		return nil, fmt.Errorf("%s: the token file and its index would be the same file", path)
	}
	var err error
	if w.data, err = os.Create(path); err != nil {
		return nil, err
	}
	if w.idx, err = os.Create(w.idxPath); err != nil {
		w.data.Close()
		return nil, err
	}
	w.dataBuf = make([]byte, 0, binDataBuffer)
	w.idxBuf = make([]byte, binHeaderSize, binIdxBuffer) // zeros until Close writes the header
	return w, nil
}

// Docs returns the number of documents written.
func (w *binWriter) Docs() int { return w.docs }

// WriteDoc appends a document's ids (and the separator, if any).
func (w *binWriter) WriteDoc(ids []uint32) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errors.New("binary writer: WriteDoc after Close")
	}
	n := len(ids)
	if w.eos >= 0 {
		n++
	}
	if n > math.MaxInt32 {
		return w.fail(fmt.Errorf("document %d: %d tokens, more than the index can hold (2^31-1)", w.docs+1, n))
	}
	var all uint32
	for _, id := range ids {
		all |= id
	}
	if all > w.limit { // limit is 2^k-1: some id has a bit above it
		for _, id := range ids {
			if id > w.limit {
				return w.fail(fmt.Errorf("document %d: token id %d does not fit the dtype (at most %d)", w.docs+1, id, w.limit))
			}
		}
	}
	for len(ids) > 0 {
		if cap(w.dataBuf)-len(w.dataBuf) < w.width {
			if err := w.flushData(); err != nil {
				return err
			}
		}
		k := min(len(ids), (cap(w.dataBuf)-len(w.dataBuf))/w.width)
		start := len(w.dataBuf)
		buf := w.dataBuf[start : start+k*w.width]
		if w.width == 2 {
			for i, id := range ids[:k] {
				binary.LittleEndian.PutUint16(buf[2*i:], uint16(id))
			}
		} else {
			for i, id := range ids[:k] {
				binary.LittleEndian.PutUint32(buf[4*i:], id)
			}
		}
		w.dataBuf = w.dataBuf[:start+k*w.width]
		ids = ids[k:]
	}
	if w.eos >= 0 {
		if cap(w.dataBuf)-len(w.dataBuf) < w.width {
			if err := w.flushData(); err != nil {
				return err
			}
		}
		if w.width == 2 {
			w.dataBuf = binary.LittleEndian.AppendUint16(w.dataBuf, uint16(w.eos))
		} else {
			w.dataBuf = binary.LittleEndian.AppendUint32(w.dataBuf, uint32(w.eos))
		}
	}
	if cap(w.idxBuf)-len(w.idxBuf) < 4 {
		if err := w.flushIdx(); err != nil {
			return err
		}
	}
	w.idxBuf = binary.LittleEndian.AppendUint32(w.idxBuf, uint32(n))
	w.bytes += int64(n) * int64(w.width)
	w.docs++
	return nil
}

func (w *binWriter) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	return w.err
}

func (w *binWriter) flushData() error {
	if _, err := w.data.Write(w.dataBuf); err != nil {
		return w.fail(err)
	}
	w.dataBuf = w.dataBuf[:0]
	return nil
}

func (w *binWriter) flushIdx() error {
	if _, err := w.idx.Write(w.idxBuf); err != nil {
		return w.fail(err)
	}
	w.idxBuf = w.idxBuf[:0]
	return nil
}

// Close flushes the token file and completes the index: the byte offsets (computed
// from the lengths, read back from the index file), the document indices and the
// header. After an error, Close closes the files and leaves the index without its
// magic, so that no reader takes the partial output for a complete one.
func (w *binWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err == nil {
		w.flushData()
	}
	if err := w.data.Close(); err != nil {
		w.fail(err)
	}
	if w.err == nil {
		w.finishIndex()
	}
	if err := w.idx.Close(); err != nil {
		w.fail(err)
	}
	if w.err != nil {
		return fmt.Errorf("%s: %w", w.path, w.err)
	}
	return nil
}

func (w *binWriter) finishIndex() {
	if err := w.flushIdx(); err != nil {
		return
	}
	n := int64(w.docs)
	bw := bufio.NewWriterSize(w.idx, binIdxBuffer)
	chunk := make([]byte, binIdxBuffer)
	var ptr int64
	var tmp [8]byte
	for done := int64(0); done < n; {
		k := min(n-done, int64(len(chunk)/4))
		lengths := chunk[:4*k]
		if _, err := w.idx.ReadAt(lengths, binHeaderSize+4*done); err != nil {
			w.fail(fmt.Errorf("reading back the index: %w", err))
			return
		}
		for i := int64(0); i < k; i++ {
			binary.LittleEndian.PutUint64(tmp[:], uint64(ptr))
			bw.Write(tmp[:])
			ptr += int64(binary.LittleEndian.Uint32(lengths[4*i:])) * int64(w.width)
		}
		done += k
	}
	for i := int64(0); i <= n; i++ {
		binary.LittleEndian.PutUint64(tmp[:], uint64(i))
		bw.Write(tmp[:])
	}
	if err := bw.Flush(); err != nil {
		w.fail(err)
		return
	}
	if ptr != w.bytes {
		w.fail(fmt.Errorf("internal error: the index accounts for %d bytes of tokens, not %d", ptr, w.bytes))
		return
	}
	if _, err := w.idx.WriteAt(binHeader(w.width, n), 0); err != nil {
		w.fail(err)
	}
}

// binHeader returns the index header for n documents of width-byte tokens.
func binHeader(width int, n int64) []byte {
	h := make([]byte, 0, binHeaderSize)
	h = append(h, binMagic...)
	h = binary.LittleEndian.AppendUint64(h, binVersion)
	code := byte(dtypeCodeU16)
	if width == 4 {
		code = dtypeCodeI32
	}
	h = append(h, code)
	h = binary.LittleEndian.AppendUint64(h, uint64(n))
	return binary.LittleEndian.AppendUint64(h, uint64(n+1))
}

// readBinFile reads a binary token file written by binWriter, with its index, and
// checks them: the header, the sizes of the sections, the byte offsets (consecutive,
// aligned, within the file) and the token file's length. It returns the dtype
// ("uint16", or "uint32" for code 4) and the documents' ids (each with its separator, if
// the file has them). It reads whole files: it is meant for tests and checks.
func readBinFile(path string) (dtype string, docs [][]uint32, err error) {
	idxPath := indexPath(path)
	idx, err := os.ReadFile(idxPath)
	if err != nil {
		return "", nil, err
	}
	bad := func(format string, args ...any) (string, [][]uint32, error) {
		return "", nil, fmt.Errorf("%s: %s", idxPath, fmt.Sprintf(format, args...))
	}
	if len(idx) < binHeaderSize {
		return bad("%d bytes, shorter than the %d-byte header", len(idx), binHeaderSize)
	}
	if !bytes.Equal(idx[:9], []byte(binMagic)) {
		return bad("bad magic %q (want %q: not an MMIDIDX index, or an incomplete one)", idx[:9], binMagic)
	}
	if v := binary.LittleEndian.Uint64(idx[9:]); v != binVersion {
		return bad("version %d, want %d", v, binVersion)
	}
	var width int
	switch code := idx[17]; code {
	case dtypeCodeU16:
		dtype, width = "uint16", 2
	case dtypeCodeI32:
		dtype, width = "uint32", 4
	default:
		return bad("dtype code %d: only 8 (uint16) and 4 (int32) are supported", code)
	}
	nSeq := binary.LittleEndian.Uint64(idx[18:])
	nDocIdx := binary.LittleEndian.Uint64(idx[26:])
	if nSeq > uint64(len(idx)) { // each sequence takes at least 12 bytes
		return bad("%d sequences cannot fit in %d bytes", nSeq, len(idx))
	}
	if nDocIdx != nSeq+1 {
		return bad("%d document indices for %d sequences: want one sequence per document (%d indices)", nDocIdx, nSeq, nSeq+1)
	}
	n := int(nSeq)
	if want := binHeaderSize + 4*n + 8*n + 8*(n+1); len(idx) != want {
		return bad("%d bytes, want %d for %d documents", len(idx), want, n)
	}
	lengths := idx[binHeaderSize : binHeaderSize+4*n]
	ptrs := idx[binHeaderSize+4*n : binHeaderSize+12*n]
	docIdx := idx[binHeaderSize+12*n:]
	for i := 0; i <= n; i++ {
		if d := binary.LittleEndian.Uint64(docIdx[8*i:]); d != uint64(i) {
			return bad("document index %d is %d, want %d", i, d, i)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	docs = make([][]uint32, n)
	var ptr int64
	for i := range docs {
		l := int32(binary.LittleEndian.Uint32(lengths[4*i:]))
		p := int64(binary.LittleEndian.Uint64(ptrs[8*i:]))
		if l < 0 {
			return bad("document %d: negative length %d", i, l)
		}
		if p != ptr {
			return bad("document %d: byte offset %d, want %d (the end of the previous one)", i, p, ptr)
		}
		end := ptr + int64(l)*int64(width)
		if end > int64(len(data)) {
			return bad("document %d: bytes %d to %d, beyond the end of %s (%d bytes)", i, ptr, end, path, len(data))
		}
		doc := make([]uint32, l)
		b := data[ptr:end]
		for j := range doc {
			if width == 2 {
				doc[j] = uint32(binary.LittleEndian.Uint16(b[2*j:]))
			} else if doc[j] = binary.LittleEndian.Uint32(b[4*j:]); doc[j] > math.MaxInt32 {
				return "", nil, fmt.Errorf("%s: document %d: token %d is negative as int32 (%d)", path, i, j, int32(doc[j]))
			}
		}
		docs[i] = doc
		ptr = end
	}
	if ptr != int64(len(data)) {
		return "", nil, fmt.Errorf("%s: %d bytes, but its index %s accounts for %d", path, len(data), idxPath, ptr)
	}
	return dtype, docs, nil
}

var _ io.Closer = (*binWriter)(nil)
