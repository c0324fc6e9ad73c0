// Command bench measures fasttok against the reference (Hugging Face tokenizers 0.23.2
// through its Node binding, ../shared/reference/speed.js) side by side, in one run, and
// prints per tokenizer the throughput of both, their ratio, peak memory and load time.
//
//	go run ./bench [--shared DIR] [--tokenizers gpt2,llama3,...] [--input FILE,...]
//	               [--workers 1,2] [--rounds R] [--pin] [--ref=false]
//
// For each tokenizer, input and worker count (--workers 1,2: each count runs on both
// sides) it alternates rounds of the two sides (each side going first in every other
// round) and keeps the best of each:
//   - whole process: `fasttok encode --format ids --workers N` against
//     `node speed.js --workers N --ids --rounds 1`, both on the same documents, start-up and
//     loading included; their outputs (the ids of every document) and token counts must be
//     identical, or the run fails; peak RSS of both processes;
//   - in process: MB/s and tokens/s encoding the documents after loading: fasttok's
//     AppendIDs on N goroutines in a child process, the best of its passes (at least 3,
//     and 1.5 s) after a warm-up pass; the reference's encodeBatch on N threads, the best
//     of `speed.js --rounds 3` (without printing); and the load time of both.
//
// With several worker counts it ends with the scaling of both sides, in process and
// whole process, and fasttok's in-process scaling measured once more in one child
// process whose passes alternate between the worker counts (so that every count sees
// the same moments of the machine, where the separate runs above may not). --pin runs
// every measured process of N workers on N CPUs (taskset), so that one worker has one
// core and nothing more. The machines are shared and noisy: read the ratios, not the
// absolute times. Without node or the reference (or with --ref=false), the reference's
// side is skipped with a message.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/tokenizer"
)

type result struct {
	wallS     float64 // whole process, seconds
	rssMB     float64 // peak RSS of the whole process
	inprocMBs float64 // in-process MB/s (best round)
	inprocTPS float64 // in-process tokens/s (best round)
	loadMS    float64
	tokens    int
	digest    [32]byte
}

func main() {
	if len(os.Args) == 5 && os.Args[1] == scalingFlag {
		// The child of runScaling: tokenizer, input, worker counts.
		var ws []int
		for _, f := range strings.Split(os.Args[4], ",") {
			w, _ := strconv.Atoi(f)
			ws = append(ws, w)
		}
		if err := childScaling(os.Args[2], os.Args[3], ws); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) == 5 && os.Args[1] == inProcessFlag {
		// The child of runInProcess: tokenizer, input, workers.
		w, _ := strconv.Atoi(os.Args[4])
		if err := childInProcess(os.Args[2], os.Args[3], w); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	shared := flag.String("shared", defaultShared(), "the shared/ folder (assets and reference)")
	names := flag.String("tokenizers", "gpt2,llama3,gpt4o-o200k,bert-base-uncased,t5-small,llama2", "tokenizer names (in shared/assets/tokenizers) or paths")
	inputs := flag.String("input", "speed-en.jsonl,speed-multi.jsonl", "JSON Lines inputs (names in shared/assets/texts, or paths)")
	workers := flag.String("workers", "1,2", "comma-separated worker counts, each run on both sides")
	rounds := flag.Int("rounds", 2, "alternating rounds; the best of each side is kept")
	withRef := flag.Bool("ref", true, "run the reference's side too (false: fasttok only, e.g. on a corpus too large for the reference)")
	flag.BoolVar(&pin, "pin", false, "run each measured process (both sides) on as many CPUs as workers (taskset; Linux)")
	flag.Parse()
	if pin {
		if _, err := exec.LookPath("taskset"); err != nil {
			fmt.Fprintln(os.Stderr, "bench: --pin needs taskset (util-linux)")
			os.Exit(2)
		}
		for _, w := range strings.Split(*workers, ",") {
			if n, _ := strconv.Atoi(strings.TrimSpace(w)); n > runtime.NumCPU() {
				fmt.Fprintf(os.Stderr, "bench: --pin: %d workers but %d CPUs\n", n, runtime.NumCPU())
				os.Exit(2)
			}
		}
	}
	var ws []int
	for _, w := range strings.Split(*workers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "bench: bad --workers entry %q\n", w)
			os.Exit(2)
		}
		ws = append(ws, n)
	}
	if err := run(*shared, strings.Split(*names, ","), strings.Split(*inputs, ","), ws, *rounds, *withRef); err != nil {
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

// scaling collects the throughput per worker count of one tokenizer and input: in
// process (ftIn, refIn) and whole process (ft, ref).
type scaling struct {
	key                  string
	ft, ref, ftIn, refIn map[int]float64
	// same is fasttok's in-process scaling measured in one process whose passes
	// alternate between the counts (runScaling).
	same scalingReport
}

func run(shared string, names, inputs []string, workers []int, rounds int, withRef bool) error {
	bin, cleanup, err := buildCLI()
	if err != nil {
		return err
	}
	defer cleanup()
	speedJS := filepath.Join(shared, "reference", "speed.js")
	haveRef := true
	if !withRef {
		fmt.Println("# --ref=false: the reference's side is skipped")
		haveRef = false
	} else if _, err := exec.LookPath("node"); err != nil {
		fmt.Println("# node not found: the reference's side is skipped")
		haveRef = false
	} else if !fileExists(speedJS) {
		fmt.Printf("# %s not found: the reference's side is skipped\n", speedJS)
		haveRef = false
	}
	pinned := ""
	if pin {
		pinned = ", pinned: w workers on w CPUs"
	}
	fmt.Printf("# %s, %d CPUs, GOMAXPROCS %d, workers %v, rounds %d%s, %s\n", runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), workers, rounds, pinned, time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("%-12s %-17s %2s | %8s %8s %6s | %7s %7s %6s | %8s %8s %6s | %7s %7s %6s | %6s %6s\n",
		"tokenizer", "input", "w", "ft MB/s", "ref MB/s", "ratio", "ft Mt/s", "ref Mt/s", "ratio",
		"ft proc", "ref proc", "ratio", "ft load", "ref load", "ratio", "ft RSS", "ref RSS")
	failed := false
	var scales []scaling
	for _, in := range inputs {
		inPath := resolve(filepath.Join(shared, "assets", "texts"), in, ".jsonl")
		size, err := docsSize(inPath)
		if err != nil {
			return err
		}
		for _, name := range names {
			tokPath := resolve(filepath.Join(shared, "assets", "tokenizers"), name, ".json.gz")
			sc := scaling{key: name + " " + filepath.Base(inPath), ft: map[int]float64{}, ref: map[int]float64{}, ftIn: map[int]float64{}, refIn: map[int]float64{}}
			for _, w := range workers {
				var ft, ref result
				runRefRound := func() error {
					if !haveRef {
						return nil
					}
					rr, err := runRef(speedJS, tokPath, inPath, w)
					if err != nil {
						return fmt.Errorf("%s: reference: %w", name, err)
					}
					ref = better(ref, rr)
					return nil
				}
				runOursRound := func() error {
					fr, err := runOurs(bin, tokPath, inPath, w)
					if err != nil {
						return fmt.Errorf("%s: fasttok: %w", name, err)
					}
					// The load and in-process encoding, alternating with the reference
					// too, in a child process (this one stays small: a child's peak RSS
					// counts its parent's until it execs).
					ip, err := runInProcess(tokPath, inPath, w)
					if err != nil {
						return fmt.Errorf("%s: in process: %w", name, err)
					}
					fr.loadMS, fr.inprocMBs, fr.inprocTPS = ip.LoadMS, ip.MBs, ip.TPS
					ft = better(ft, fr)
					return nil
				}
				for r := 0; r < rounds; r++ {
					// The sides take turns to go first: a process that starts right
					// after the other side's exit may find the machine still busy with
					// it (the reference frees 200-300 MB), and neither side should
					// always be the one that does.
					first, second := runRefRound, runOursRound
					if r%2 == 1 {
						first, second = runOursRound, runRefRound
					}
					if err := first(); err != nil {
						return err
					}
					if err := second(); err != nil {
						return err
					}
				}
				mbs := func(wall float64) float64 { return float64(size) / 1e6 / wall }
				sc.ft[w], sc.ftIn[w] = mbs(ft.wallS), ft.inprocMBs
				line := fmt.Sprintf("%-12s %-17s %2d | %8.2f", name, filepath.Base(inPath), w, ft.inprocMBs)
				if haveRef {
					sc.ref[w], sc.refIn[w] = mbs(ref.wallS), ref.inprocMBs
					if ft.tokens != ref.tokens || ft.digest != ref.digest {
						failed = true
						fmt.Printf("# %s on %s, %d workers: ids differ from the reference (%d tokens, reference %d)\n", name, filepath.Base(inPath), w, ft.tokens, ref.tokens)
					}
					line += fmt.Sprintf(" %8.2f %5.2fx | %7.2f %7.2f %5.2fx | %8.2f %8.2f %5.2fx | %5.0fms %5.0fms %5.2fx | %4.0fMB %4.0fMB",
						ref.inprocMBs, ft.inprocMBs/ref.inprocMBs,
						ft.inprocTPS/1e6, ref.inprocTPS/1e6, ft.inprocTPS/ref.inprocTPS,
						mbs(ft.wallS), mbs(ref.wallS), ref.wallS/ft.wallS,
						ft.loadMS, ref.loadMS, ref.loadMS/ft.loadMS, ft.rssMB, ref.rssMB)
				} else {
					line += fmt.Sprintf(" %8s %6s | %7.2f %7s %6s | %8.2f %8s %6s | %5.0fms %7s %6s | %4.0fMB",
						"-", "-", ft.inprocTPS/1e6, "-", "-", mbs(ft.wallS), "-", "-", ft.loadMS, "-", "-", ft.rssMB)
				}
				fmt.Println(line)
			}
			if len(workers) > 1 {
				if sc.same, err = runScaling(tokPath, inPath, workers); err != nil {
					return fmt.Errorf("%s: scaling: %w", name, err)
				}
			}
			scales = append(scales, sc)
		}
	}
	fmt.Println("# MB/s, Mt/s (million tokens/s): in-process encoding after load (best pass after a warm-up pass, fasttok's AppendIDs on w")
	fmt.Println("#   goroutines; best of speed.js --rounds 3, the reference's encodeBatch on w threads); proc: whole-process MB/s (fasttok")
	fmt.Println("#   encode --format ids vs speed.js --ids --rounds 1), start-up and load included;")
	fmt.Println("#   load: ours in-process, the reference's as speed.js reports it; ratio: ours over the reference's (higher is better for")
	fmt.Println("#   fasttok; for load, the reference's time over ours); RSS: peak of the whole process.")
	if len(workers) > 1 {
		printScaling("in-process", scales, workers, haveRef, func(sc scaling) (map[int]float64, map[int]float64) { return sc.ftIn, sc.refIn })
		printSameScaling(scales, workers)
		printScaling("whole-process", scales, workers, haveRef, func(sc scaling) (map[int]float64, map[int]float64) { return sc.ft, sc.ref })
		fmt.Println("#   (a whole process of a few MB is mostly start-up and loading, which do not scale with the workers)")
	}
	if failed {
		return errors.New("outputs differ from the reference")
	}
	return nil
}

// printScaling prints, per tokenizer and input, the throughput with each worker count
// over the throughput with the first.
func printScaling(what string, scales []scaling, workers []int, haveRef bool, get func(scaling) (ft, ref map[int]float64)) {
	fmt.Printf("# %s scaling (MB/s with w workers over MB/s with %d):\n", what, workers[0])
	for _, sc := range scales {
		ft, ref := get(sc)
		line := fmt.Sprintf("#   %-30s", sc.key)
		for _, w := range workers[1:] {
			line += fmt.Sprintf("  w%d: ft %.2fx", w, ft[w]/ft[workers[0]])
			if haveRef {
				line += fmt.Sprintf(" ref %.2fx", ref[w]/ref[workers[0]])
			}
		}
		fmt.Println(line)
	}
}

// printSameScaling prints fasttok's in-process scaling measured in one process.
func printSameScaling(scales []scaling, workers []int) {
	cpus := "all CPUs"
	if pin {
		cpus = "CPUs " + cpusOf(slices.Max(workers))
	}
	fmt.Printf("# in-process scaling, fasttok in one process (on %s) whose rounds encode the documents once with each\n", cpus)
	fmt.Printf("#   worker count in turn: the median over the rounds of each round's ratio (MB/s with w workers over MB/s\n")
	fmt.Printf("#   with %d), and the ratio of the best passes; every count sees the same moments of the machine:\n", workers[0])
	for _, sc := range scales {
		line := fmt.Sprintf("#   %-30s", sc.key)
		for _, w := range workers[1:] {
			line += fmt.Sprintf("  w%d: median %.2fx, best %.2fx", w, sc.same.Median[w], sc.same.Best[w]/sc.same.Best[workers[0]])
		}
		fmt.Println(line + fmt.Sprintf(" (%d rounds)", sc.same.Rounds))
	}
}

// better keeps the best of two rounds: the fastest whole process (with its RSS and
// output), the best in-process throughput and the fastest load.
func better(a, b result) result {
	if a.wallS == 0 {
		return b
	}
	keep := a
	if b.wallS < a.wallS {
		keep = b
	}
	keep.inprocMBs, keep.inprocTPS = max(a.inprocMBs, b.inprocMBs), max(a.inprocTPS, b.inprocTPS)
	keep.loadMS = min(a.loadMS, b.loadMS)
	return keep
}

// pin is --pin: each measured process runs on as many CPUs as it has workers.
var pin bool

// command is exec.Command for a measured process of w workers: with --pin, under
// `taskset -c 0-(w-1)`, so that it has w cores and no more (the reference's
// threads and fasttok's goroutines alike).
func command(w int, name string, args ...string) *exec.Cmd {
	if !pin {
		return exec.Command(name, args...)
	}
	return exec.Command("taskset", append([]string{"-c", cpusOf(w), name}, args...)...)
}

// cpusOf is the CPU list (taskset's) a measured process of w workers runs on with --pin.
func cpusOf(w int) string {
	if w > 1 {
		return fmt.Sprintf("0-%d", w-1)
	}
	return "0"
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

// settle is the pause before each measured process: the exit of the one before (the
// reference frees 200-300 MB) can still be slowing the machine down for a while.
const settle = 250 * time.Millisecond

func measure(cmd *exec.Cmd) (result, []byte, error) {
	var errb bytes.Buffer
	// The output goes to a file, hashed and counted once the process is done: this
	// process takes no CPU from the measured one, and stays small (a child's peak RSS
	// counts its parent's until it execs).
	out, err := os.CreateTemp("", "fasttok-bench-out")
	if err != nil {
		return result{}, nil, err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, &errb
	time.Sleep(settle)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return result{}, nil, fmt.Errorf("%v: %s", err, strings.TrimSpace(errb.String()))
	}
	wall := time.Since(start).Seconds()
	var r result
	r.wallS = wall
	r.rssMB = peakRSSMB(cmd.ProcessState)
	d := &idsDigest{h: sha256.New()}
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		return r, nil, err
	}
	if _, err := io.Copy(d, out); err != nil {
		return r, nil, err
	}
	d.h.Sum(r.digest[:0])
	r.tokens = d.tokens
	return r, errb.Bytes(), nil
}

// idsDigest hashes what is written to it and counts its tokens (runs of bytes other
// than spaces and newlines).
type idsDigest struct {
	h      hash.Hash
	tokens int
	inTok  bool
}

func (d *idsDigest) Write(p []byte) (int, error) {
	d.h.Write(p)
	for _, c := range p {
		sep := c == ' ' || c == '\n' || c == '\t' || c == '\r'
		if !sep && !d.inTok {
			d.tokens++
		}
		d.inTok = !sep
	}
	return len(p), nil
}

// refInProcessRounds is the rounds of the reference's in-process measure (speed.js
// keeps the best; the first is cold, as fasttok's warm-up pass).
const refInProcessRounds = 3

// runRef runs the reference twice: the whole process as the issue defines it
// (`speed.js --ids --rounds 1`: its time, memory and ids), then, for the in-process
// figures, `speed.js --rounds 3` without printing (its best round, timed inside).
func runRef(speedJS, tok, input string, workers int) (result, error) {
	cmd := command(workers, "node", speedJS, "--tokenizer", tok, "--input", input, "--workers", fmt.Sprint(workers), "--ids", "--rounds", "1")
	r, stderr, err := measure(cmd)
	if err != nil {
		return r, err
	}
	rep, err := parseSpeedReport(stderr)
	if err != nil {
		return r, err
	}
	if rep.Tokens != r.tokens {
		return r, fmt.Errorf("speed.js counted %d tokens but printed %d", rep.Tokens, r.tokens)
	}
	r.loadMS = rep.LoadMS
	var errb bytes.Buffer
	cmd = command(workers, "node", speedJS, "--tokenizer", tok, "--input", input, "--workers", fmt.Sprint(workers), "--rounds", fmt.Sprint(refInProcessRounds))
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		return r, fmt.Errorf("%v: %s", err, strings.TrimSpace(errb.String()))
	}
	if rep, err = parseSpeedReport(errb.Bytes()); err != nil {
		return r, err
	}
	r.inprocMBs, r.inprocTPS, r.loadMS = rep.MBPerS, rep.TPS, min(r.loadMS, rep.LoadMS)
	return r, nil
}

// speedReport is the line speed.js ends its standard error with.
type speedReport struct {
	LoadMS    float64 `json:"load_ms"`
	MBPerS    float64 `json:"mb_per_s"`
	TPS       float64 `json:"tokens_per_s"`
	Tokens    int     `json:"tokens"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

func parseSpeedReport(stderr []byte) (speedReport, error) {
	var rep speedReport
	lines := bytes.Split(bytes.TrimSpace(stderr), []byte("\n"))
	if err := json.Unmarshal(lines[len(lines)-1], &rep); err != nil {
		return rep, fmt.Errorf("speed.js report: %v: %s", err, stderr)
	}
	return rep, nil
}

func runOurs(bin, tok, input string, workers int) (result, error) {
	cmd := command(workers, bin, "encode", "--tokenizer", tok, "--input", input, "--input-format", "jsonl", "--format", "ids", "--workers", fmt.Sprint(workers))
	r, _, err := measure(cmd)
	return r, err
}

// docsSize returns the text bytes of the documents of path, without keeping them.
func docsSize(path string) (int, error) {
	size := 0
	err := eachDoc(path, func(text string) { size += len(text) })
	return size, err
}

func readDocs(path string) ([]string, int, error) {
	var docs []string
	size := 0
	err := eachDoc(path, func(text string) {
		docs = append(docs, text)
		size += len(text)
	})
	return docs, size, err
}

// eachDoc calls fn with the text of each document (JSON Lines, "text") of path.
func eachDoc(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
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
			return fmt.Errorf("%s: %w", path, err)
		}
		fn(rec.Text)
	}
	return sc.Err()
}

// The in-process measure's timed passes (after a warm-up pass): at least minPasses,
// and more until minPassTime has passed.
const (
	minPasses   = 3
	minPassTime = 1500 * time.Millisecond
)

// inProcessFlag makes the bench binary the child of runInProcess.
const inProcessFlag = "--in-process-child"

// inProcessReport is what the child of runInProcess prints.
type inProcessReport struct {
	LoadMS float64 `json:"load_ms"`
	MBs    float64 `json:"mb_per_s"`
	TPS    float64 `json:"tokens_per_s"`
}

// runInProcess measures, in a fresh process, fasttok's load time and in-process
// encoding throughput (the best of its timed passes after a warm-up pass).
func runInProcess(tokPath, inPath string, workers int) (inProcessReport, error) {
	var rep inProcessReport
	err := runChild(workers, &rep, inProcessFlag, tokPath, inPath, fmt.Sprint(workers))
	return rep, err
}

// runChild runs this binary with args as a measured process of w workers (see
// command) and decodes the JSON it prints into rep.
func runChild(w int, rep any, args ...string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var out, errb bytes.Buffer
	cmd := command(w, self, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(errb.String()))
	}
	return json.Unmarshal(out.Bytes(), rep)
}

func childInProcess(tokPath, inPath string, workers int) error {
	docs, size, err := readDocs(inPath)
	if err != nil {
		return err
	}
	start := time.Now()
	tok, err := fasttok.Load(tokPath)
	if err != nil {
		return err
	}
	rep := inProcessReport{LoadMS: float64(time.Since(start).Microseconds()) / 1000}
	// A first pass fills the word caches (the reference's best round is warm too);
	// then the best of at least minPasses passes and minPassTime: one pass of a few
	// MB lasts tens of milliseconds, and a single one is at the mercy of the machine.
	if _, _, err := inProcess(tok, docs, size, workers); err != nil {
		return err
	}
	began := time.Now()
	for pass := 0; pass < minPasses || time.Since(began) < minPassTime; pass++ {
		mbs, tps, err := inProcess(tok, docs, size, workers)
		if err != nil {
			return err
		}
		rep.MBs, rep.TPS = max(rep.MBs, mbs), max(rep.TPS, tps)
	}
	return json.NewEncoder(os.Stdout).Encode(rep)
}

// scalingFlag makes the bench binary the child of runScaling.
const scalingFlag = "--scaling-child"

// scalingReport is what the child of runScaling prints: per worker count, the best
// pass's MB/s, and the median over the rounds of the ratio of that round's pass to the
// round's pass with the first count.
type scalingReport struct {
	Best   map[int]float64 `json:"best_mb_per_s"`
	Median map[int]float64 `json:"median_ratio"`
	Rounds int             `json:"rounds"`
}

// runScaling measures, in a fresh process (on as many CPUs as the largest count with
// --pin), fasttok's in-process throughput with each worker count, in rounds of one
// pass per count (see scalingReport).
func runScaling(tokPath, inPath string, workers []int) (scalingReport, error) {
	var rep scalingReport
	counts := make([]string, len(workers))
	for i, w := range workers {
		counts[i] = fmt.Sprint(w)
	}
	err := runChild(slices.Max(workers), &rep, scalingFlag, tokPath, inPath, strings.Join(counts, ","))
	return rep, err
}

// scalingRounds is the least number of rounds of childScaling (and it goes on until
// minPassTime has passed): a round's two passes last a few tens of milliseconds each,
// and single rounds on this machine range over ±15%.
const scalingRounds = 15

func childScaling(tokPath, inPath string, workers []int) error {
	docs, size, err := readDocs(inPath)
	if err != nil {
		return err
	}
	tok, err := fasttok.Load(tokPath)
	if err != nil {
		return err
	}
	rep, err := measureScaling(tok, docs, size, workers, scalingRounds, minPassTime)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(rep)
}

// measureScaling encodes docs once with each worker count (warm-up passes), then in
// rounds of one pass per count, at least minRounds and until minTime has passed.
func measureScaling(tok *fasttok.Tokenizer, docs []string, size int, workers []int, minRounds int, minTime time.Duration) (scalingReport, error) {
	rep := scalingReport{Best: map[int]float64{}, Median: map[int]float64{}}
	for _, w := range workers {
		if _, _, err := inProcess(tok, docs, size, w); err != nil {
			return rep, err
		}
	}
	ratios := map[int][]float64{}
	began := time.Now()
	for ; rep.Rounds < minRounds || time.Since(began) < minTime; rep.Rounds++ {
		var first float64
		for i, w := range workers {
			mbs, _, err := inProcess(tok, docs, size, w)
			if err != nil {
				return rep, err
			}
			if i == 0 {
				first = mbs
			}
			rep.Best[w] = max(rep.Best[w], mbs)
			ratios[w] = append(ratios[w], mbs/first)
		}
	}
	for w, rs := range ratios {
		slices.Sort(rs)
		rep.Median[w] = rs[len(rs)/2]
	}
	return rep, nil
}

// inProcess encodes docs once on workers goroutines (each taking the next document;
// a document of 1 MiB or more is cut for the workers when the tokenizer allows it, as
// the CLI does) and returns MB/s and tokens/s.
func inProcess(tok *fasttok.Tokenizer, docs []string, size, workers int) (mbs, tps float64, err error) {
	opts := tokenizer.EncodeOptions{Workers: workers}
	var (
		next   atomic.Int64
		tokens atomic.Int64
		wg     sync.WaitGroup
		mu     sync.Mutex
	)
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ids []uint32
			n := 0
			for {
				i := int(next.Add(1)) - 1
				if i >= len(docs) {
					break
				}
				var e error
				ids, e = tok.AppendIDs(ids[:0], docs[i], opts)
				if e != nil {
					mu.Lock()
					err = e
					mu.Unlock()
					return
				}
				n += len(ids)
			}
			tokens.Add(int64(n))
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	if err != nil {
		return 0, 0, err
	}
	return float64(size) / 1e6 / el, float64(tokens.Load()) / el, nil
}
