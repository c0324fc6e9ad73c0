// Command bench measures fasttok against the reference (Hugging Face tokenizers 0.23.2
// through its Node binding, ../shared/reference/speed.js) side by side, in one run, and
// prints per tokenizer the throughput of both, their ratio, peak memory and load time.
//
//	go run ./bench [--shared DIR] [--tokenizers gpt2,llama3,...] [--input FILE,...]
//	               [--workers N] [--rounds R]
//
// For each tokenizer and input it alternates rounds of the two sides:
//   - whole process: `fasttok encode --format ids --workers N` against
//     `node speed.js --workers N --ids --rounds 1`, both on the same documents, start-up and
//     loading included; their outputs (the ids of every document) must be identical, or the
//     run fails;
//   - in process: the best encoding time of the documents after loading (fasttok in this
//     process, the reference as speed.js reports it).
//
// The machines are shared and noisy: read the ratios, not the absolute times. Without node
// or the reference, the reference's side is skipped with a message.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/tokenizer"
)

type result struct {
	wallS     float64 // whole process, seconds
	rssMB     float64 // peak RSS of the whole process
	inprocMBs float64 // in-process MB/s (best round)
	loadMS    float64
	tokens    int
	digest    [32]byte
}

func main() {
	shared := flag.String("shared", defaultShared(), "the shared/ folder (assets and reference)")
	names := flag.String("tokenizers", "gpt2,llama3,gpt4o-o200k,bert-base-uncased,t5-small,llama2", "tokenizer names (in shared/assets/tokenizers) or paths")
	inputs := flag.String("input", "speed-en.jsonl,speed-multi.jsonl", "JSON Lines inputs (names in shared/assets/texts, or paths)")
	workers := flag.Int("workers", 1, "workers on both sides")
	rounds := flag.Int("rounds", 3, "alternating rounds; the best of each side is kept")
	flag.Parse()
	if err := run(*shared, strings.Split(*names, ","), strings.Split(*inputs, ","), *workers, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func defaultShared() string {
	if s := os.Getenv("FASTTOK_SHARED"); s != "" {
		return s
	}
	return filepath.Join("..", "shared")
}

func resolve(dir, name, ext string) string {
	if strings.ContainsRune(name, '/') || strings.HasSuffix(name, ext) && fileExists(name) {
		return name
	}
	if !strings.HasSuffix(name, ext) {
		name += ext
	}
	return filepath.Join(dir, name)
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func run(shared string, names, inputs []string, workers, rounds int) error {
	bin, cleanup, err := buildCLI()
	if err != nil {
		return err
	}
	defer cleanup()
	speedJS := filepath.Join(shared, "reference", "speed.js")
	haveRef := true
	if _, err := exec.LookPath("node"); err != nil {
		fmt.Println("# node not found: the reference's side is skipped")
		haveRef = false
	} else if !fileExists(speedJS) {
		fmt.Printf("# %s not found: the reference's side is skipped\n", speedJS)
		haveRef = false
	}
	fmt.Printf("# %s, %d CPUs, GOMAXPROCS %d, workers %d, rounds %d, %s\n", runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), workers, rounds, time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("%-18s %-18s %10s %10s %7s %10s %10s %7s %8s %8s %8s %8s\n",
		"tokenizer", "input", "ft MB/s", "ref MB/s", "ratio", "ft proc", "ref proc", "ratio", "ft load", "ref load", "ft RSS", "ref RSS")
	failed := false
	for _, in := range inputs {
		inPath := resolve(filepath.Join(shared, "assets", "texts"), in, ".jsonl")
		docs, size, err := readDocs(inPath)
		if err != nil {
			return err
		}
		for _, name := range names {
			tokPath := resolve(filepath.Join(shared, "assets", "tokenizers"), name, ".json.gz")
			var ft, ref result
			ft.wallS, ref.wallS = 1e18, 1e18
			for r := 0; r < rounds; r++ {
				if haveRef {
					rr, err := runRef(speedJS, tokPath, inPath, workers)
					if err != nil {
						return fmt.Errorf("%s: reference: %w", name, err)
					}
					ref = better(ref, rr)
				}
				fr, err := runOurs(bin, tokPath, inPath, workers)
				if err != nil {
					return fmt.Errorf("%s: fasttok: %w", name, err)
				}
				ft = better(ft, fr)
			}
			ip, load, err := inProcess(tokPath, docs, size, rounds)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			ft.inprocMBs, ft.loadMS = ip, load
			mbs := func(wall float64) float64 { return float64(size) / 1e6 / wall }
			line := fmt.Sprintf("%-18s %-18s %10.2f", name, filepath.Base(inPath), ft.inprocMBs)
			if haveRef {
				if ft.digest != ref.digest {
					failed = true
					fmt.Printf("# %s on %s: ids differ from the reference (%d tokens, reference %d)\n", name, filepath.Base(inPath), ft.tokens, ref.tokens)
				}
				line += fmt.Sprintf(" %10.2f %6.1fx %10.2f %10.2f %6.1fx %7.0fms %7.0fms %6.0fMB %6.0fMB",
					ref.inprocMBs, ft.inprocMBs/ref.inprocMBs, mbs(ft.wallS), mbs(ref.wallS), ref.wallS/ft.wallS,
					ft.loadMS, ref.loadMS, ft.rssMB, ref.rssMB)
			} else {
				line += fmt.Sprintf(" %10s %7s %10.2f %10s %7s %7.0fms %8s %6.0fMB", "-", "-", mbs(ft.wallS), "-", "-", ft.loadMS, "-", ft.rssMB)
			}
			fmt.Println(line)
		}
	}
	fmt.Println("# ft/ref MB/s: in-process encoding after load (best round); proc: whole process (fasttok encode --format ids vs speed.js --ids --rounds 1), load included")
	if failed {
		return errors.New("outputs differ from the reference")
	}
	return nil
}

func better(a, b result) result {
	if a.wallS == 0 || b.wallS < a.wallS {
		keep := b
		if a.inprocMBs > b.inprocMBs {
			keep.inprocMBs, keep.loadMS = a.inprocMBs, a.loadMS
		}
		return keep
	}
	if b.inprocMBs > a.inprocMBs {
		a.inprocMBs, a.loadMS = b.inprocMBs, b.loadMS
	}
	return a
}

func buildCLI() (string, func(), error) {
	dir, err := os.MkdirTemp("", "fasttok-bench")
	if err != nil {
		return "", nil, err
	}
	bin := filepath.Join(dir, "fasttok")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/fasttok")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("go build ./cmd/fasttok (run bench from the repository root): %w", err)
	}
	return bin, func() { os.RemoveAll(dir) }, nil
}

func measure(cmd *exec.Cmd) (result, []byte, error) {
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return result{}, nil, fmt.Errorf("%v: %s", err, strings.TrimSpace(errb.String()))
	}
	wall := time.Since(start).Seconds()
	var r result
	r.wallS = wall
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rssMB = float64(ru.Maxrss) / 1024
	}
	r.digest = sha256.Sum256(out.Bytes())
	r.tokens = countTokens(out.Bytes())
	return r, errb.Bytes(), nil
}

func countTokens(ids []byte) int {
	n := 0
	for _, line := range bytes.Split(ids, []byte("\n")) {
		n += len(bytes.Fields(line))
	}
	return n
}

func runRef(speedJS, tok, input string, workers int) (result, error) {
	cmd := exec.Command("node", speedJS, "--tokenizer", tok, "--input", input, "--workers", fmt.Sprint(workers), "--ids", "--rounds", "1")
	r, stderr, err := measure(cmd)
	if err != nil {
		return r, err
	}
	var rep struct {
		LoadMS    float64 `json:"load_ms"`
		MBPerS    float64 `json:"mb_per_s"`
		Tokens    int     `json:"tokens"`
		PeakRSSMB float64 `json:"peak_rss_mb"`
	}
	lines := bytes.Split(bytes.TrimSpace(stderr), []byte("\n"))
	if err := json.Unmarshal(lines[len(lines)-1], &rep); err != nil {
		return r, fmt.Errorf("speed.js report: %v: %s", err, stderr)
	}
	r.inprocMBs, r.loadMS = rep.MBPerS, rep.LoadMS
	return r, nil
}

func runOurs(bin, tok, input string, workers int) (result, error) {
	cmd := exec.Command(bin, "encode", "--tokenizer", tok, "--input", input, "--input-format", "jsonl", "--format", "ids", "--workers", fmt.Sprint(workers))
	r, _, err := measure(cmd)
	return r, err
}

func readDocs(path string) ([]string, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	var docs []string
	size := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var rec struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", path, err)
		}
		docs = append(docs, rec.Text)
		size += len(rec.Text)
	}
	return docs, size, sc.Err()
}

func inProcess(tokPath string, docs []string, size, rounds int) (mbs, loadMS float64, err error) {
	start := time.Now()
	tok, err := fasttok.Load(tokPath)
	if err != nil {
		return 0, 0, err
	}
	loadMS = float64(time.Since(start).Microseconds()) / 1000
	best := 1e18
	var ids []uint32
	for r := 0; r < rounds; r++ {
		s := time.Now()
		for _, d := range docs {
			ids, err = tok.AppendIDs(ids[:0], d, tokenizer.EncodeOptions{})
			if err != nil {
				return 0, 0, err
			}
		}
		if el := time.Since(s).Seconds(); el < best {
			best = el
		}
	}
	return float64(size) / 1e6 / best, loadMS, nil
}
