package bpe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrBadVocabulary is returned by ReadFiles for a vocab.json that is not an object of
// non-negative integer ids.
var ErrBadVocabulary = errors.New("Bad vocabulary json file")

// ReadFiles reads the vocabulary and merges of the original BPE file formats (the
// reference's BPE::read_file): vocab is a JSON object token → id (entries whose value
// is not a number are skipped), merges has one "a b" merge per line ("#version" lines
// skipped). Pass the results to New.
func ReadFiles(vocab, merges io.Reader) (map[string]uint32, [][2]string, error) {
	data, err := io.ReadAll(vocab)
	if err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, nil, fmt.Errorf("JsonError: %w", err)
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, nil, ErrBadVocabulary
	}
	v := make(map[string]uint32, len(obj))
	for tok, val := range obj {
		num, ok := val.(json.Number)
		if !ok {
			continue
		}
		id, err := strconv.ParseUint(string(num), 10, 64)
		if err != nil {
			return nil, nil, ErrBadVocabulary
		}
		v[tok] = uint32(id) // truncated, as the reference's `as u32`
	}
	var out [][2]string
	sc := bufio.NewScanner(merges)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<30)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#version") {
			continue
		}
		sp := strings.IndexByte(line, ' ')
		if sp < 0 || strings.IndexByte(line[sp+1:], ' ') >= 0 {
			return nil, nil, &BadMergesError{Line: len(out) + 1}
		}
		out = append(out, [2]string{line[:sp], line[sp+1:]})
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	return v, out, nil
}
