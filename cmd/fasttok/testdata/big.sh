#!/bin/sh
# Issue #11's proof: a 200 MB JSON Lines corpus (from ../shared/assets/texts) encoded to
# --format bin and --format ids with --workers 2, peak RSS, throughput, equality with
# encoding each record alone, and byte-identical bin output from the same corpus as
# Parquet and .jsonl.zst. Files go to $FASTTOK_BIG_DIR (default /tmp/fasttok-big);
# FASTTOK_BIG_MB sets the corpus size. Run from anywhere; prints the numbers.
set -e
cd "$(dirname "$0")/.."
: "${FASTTOK_SHARED:=/work/shared}"
export FASTTOK_SHARED FASTTOK_BIG=1
exec go test -run '^TestBigCorpus$' -v -count=1 -timeout 60m .
