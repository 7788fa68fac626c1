#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Times the core against an empty-program baseline in the same run:
#   bench/run.sh [BUILD_DIR]     (default: build, configured by build-aux/test.sh)
# Needs hyperfine (apt-get install hyperfine). Results are ratios against
# "sp-bench empty", plus per-iteration times from in-process loops.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$top/build"}
bench="$build/bench/sp-bench"
cli="$build/src/cli/shockpath-cli"
case_file="$top/data/cases/example-step2.xml"

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "bench/run.sh: hyperfine is not installed (apt-get install hyperfine)" >&2
  exit 1
fi
meson compile -C "$build" sp-bench sp-bench-trend shockpath-cli >/dev/null

export LC_ALL=C.UTF-8
hyperfine --warmup 20 --runs 200 --style basic -N \
  --export-markdown "$build/bench-results.md" \
  -n empty "$bench empty" \
  -n "load+validate protocol and drug library" "$bench load 1" \
  -n "load + one evaluate" "$bench evaluate 1 $case_file" \
  -n "shockpath-cli evaluate --json" "$cli evaluate --case $case_file --json"

# Infusion sheets as PDF (shockpath-cli sheet): one sheet, and 100 sheets
# (100 weights, one PDF), against `shockpath-cli drugs` in the same run.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
weights=()
for w in $(seq 40 139); do weights+=(--weight "$w"); done
sheet=(sheet --drug dobutamine --concentration "1000 mg/250 mL")
hyperfine --warmup 3 --runs 20 --style basic -N \
  --export-markdown "$build/bench-sheet-results.md" \
  -n "shockpath-cli drugs (baseline)" "$cli drugs" \
  -n "shockpath-cli sheet: 1 sheet" \
     "$cli ${sheet[*]@Q} --weight 70 --output $out/one.pdf" \
  -n "shockpath-cli sheet: 100 sheets, one PDF" \
     "$cli ${sheet[*]@Q} ${weights[*]} --output $out/hundred.pdf"

echo
"$bench" load 200
"$bench" evaluate 100000 "$case_file"

# The trend plot of a 72-hour case (864 entries, 5 series) against painting
# the same surface, in one process.
"$build/bench/sp-bench-trend" 200
