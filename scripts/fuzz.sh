#!/usr/bin/env bash
# fuzz.sh: bounded-time libFuzzer runs of StructD's fuzz targets (docs/fuzzing.md).
#
#   scripts/fuzz.sh                 every target, FUZZ_SECONDS (60) each
#   FUZZ_TARGETS="dispatch" FUZZ_SECONDS=600 scripts/fuzz.sh
#
# Builds the `structd-fuzz` product with `swift build --sanitize fuzzer` in its own
# scratch directory (.build-fuzz; the normal .build is untouched), then runs each target
# for FUZZ_SECONDS with the committed corpus (Fuzz/corpus/<target>) as seeds. New inputs
# libFuzzer finds go to .build-fuzz/corpus/<target> (not committed). A crash leaves the
# input in .build-fuzz/crashes/<target>/ and fails the run: copy it into
# Fuzz/corpus/<target>/ (so `make test` replays it) and fix the bug.
#
# FUZZ_JOBS (default 1) parallel libFuzzer workers per target; FUZZ_RELEASE=1 builds -c release.

set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-resp dispatch acl}"
jobs="${FUZZ_JOBS:-1}"
config=debug
[[ "${FUZZ_RELEASE:-0}" == 1 ]] && config=release
scratch=.build-fuzz

STRUCTD_FUZZ=1 swift build --sanitize fuzzer -c "$config" --product structd-fuzz --scratch-path "$scratch"
bin="$scratch/$config/structd-fuzz"

status=0
for t in $targets; do
    mkdir -p "$scratch/corpus/$t" "$scratch/crashes/$t"
    echo "== fuzzing $t for ${seconds}s"
    # -rss_limit_mb: the dispatch harness caps the dataset at 64 MB (maxmemory); the rest is
    # the server, libFuzzer and its corpus.
    parallel=()
    [[ "$jobs" -gt 1 ]] && parallel=(-jobs="$jobs" -workers="$jobs")
    if ! STRUCTD_FUZZ_TARGET="$t" "$bin" "$scratch/corpus/$t" "Fuzz/corpus/$t" \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
            "${parallel[@]}" -print_final_stats=1 \
            -artifact_prefix="$scratch/crashes/$t/" 2>&1 | sed '/^#[0-9]/d' | tail -n 40; then
        status=1
    fi
    if compgen -G "$scratch/crashes/$t/*" > /dev/null; then
        echo "!! $t: crashing inputs in $scratch/crashes/$t/"
        status=1
    fi
done
exit $status
