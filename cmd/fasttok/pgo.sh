#!/bin/sh
# pgo.sh writes default.pgo, the CPU profile with which `go build` and `go run`
# optimize this command (profile-guided optimization: hot calls inlined, interface
# calls devirtualized). The profile is that of BenchmarkCLIEncode, a whole
# `fasttok encode --format ids` run, on each tokenizer of the speed bench and both
# speed corpora of $FASTTOK_SHARED. Run it (go generate) after changing the hot
# paths; an old profile still builds, only less well.
set -eu
cd "$(dirname "$0")"
if [ -z "${FASTTOK_SHARED:-}" ]; then
	echo "pgo.sh: FASTTOK_SHARED is not set: default.pgo is left as it is" >&2
	exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go test -c -pgo=off -o "$dir/cli.test" .
for tok in gpt2 llama3 gpt4o-o200k bert-base-uncased t5-small llama2; do
	for input in speed-en.jsonl speed-multi.jsonl; do
		FASTTOK_BENCH_TOKENIZER=$tok FASTTOK_BENCH_INPUT=$input \
			"$dir/cli.test" -test.run '^$' -test.bench '^BenchmarkCLIEncode$' \
			-test.benchtime 15x -test.cpuprofile "$dir/$tok-$input.prof" >/dev/null
	done
done
go tool pprof -proto "$dir"/*.prof >"$dir/default.pgo"
mv "$dir/default.pgo" default.pgo
