#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Times ShockPath against baselines measured in the same run, and ends with
# one table: each figure of issue 19 beside its baseline, the ratio, the
# goal and whether it is met.
#   bench/run.sh [BUILD_DIR]     (default: build, configured by build-aux/test.sh)
# Needs hyperfine, xvfb-run and dbus-run-session (the GUI parts run on a
# private X server, with the environment of the display tests: x11, the
# cairo renderer, no accessibility bus, GSettings in memory).
#   SP_BENCH_STARTUP_RUNS   starts of each program (default 20)
#   SP_BENCH_KEYSTROKES     values typed into the form (default 200)
# Timings on a loaded machine are noisy: compare the ratios, and rerun. The
# rows "(its CPU time)" count only the CPU the program used, which varies
# less when other work competes for the cores; the goals are on the clock.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)

# The GUI part, run by the main part below under xvfb-run and
# dbus-run-session: start-up and keystroke latency, written to $2.
if [[ ${1:-} == --inside-display ]]; then
  build=$2
  out=$3
  export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
  export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
  export SHOCKPATH_BENCH_FIRST_FRAME=1
  "$build/bench/sp-bench-startup" "${SP_BENCH_STARTUP_RUNS:-20}" \
    gtk "$build/bench/sp-bench-window gtk" \
    adw "$build/bench/sp-bench-window adw" \
    text "$build/bench/sp-bench-window text" \
    app "$build/src/app/shockpath" > "$out/startup.tsv"
  unset SHOCKPATH_BENCH_FIRST_FRAME
  "$build/bench/sp-bench-keystroke" "${SP_BENCH_KEYSTROKES:-200}" > "$out/keystroke.txt"
  "$build/bench/sp-bench-keystroke" --bare "${SP_BENCH_KEYSTROKES:-200}" > "$out/keystroke-bare.txt"
  exit 0
fi

build=$(cd "${1:-"$top/build"}" && pwd)
bench="$build/bench/sp-bench"
cli="$build/src/cli/shockpath-cli"
case_file="$top/data/cases/example-step2.xml"

for tool in hyperfine xvfb-run dbus-run-session python3 fc-match; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench/run.sh: $tool is not installed (hyperfine, xvfb, dbus, python3 and fontconfig from Debian)" >&2
    exit 1
  fi
done
meson compile -C "$build" sp-bench sp-bench-trend sp-bench-startup sp-bench-window \
  sp-bench-keystroke sp-bench-pdf-floor sp-bench-pango-pdf shockpath shockpath-cli >/dev/null
meson compile -C "$build" >/dev/null   # the compiled GSettings schema

export LC_ALL=C.UTF-8
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== core: load and evaluate (hyperfine, against an empty process)"
hyperfine --warmup 20 --runs 200 --style basic -N \
  --export-markdown "$build/bench-results.md" --export-json "$out/core.json" \
  -n empty "$bench empty" \
  -n "load protocol and drug library" "$bench load 1" \
  -n "load + one evaluate" "$bench evaluate 1 $case_file" \
  -n "shockpath-cli evaluate --json" "$cli evaluate --case $case_file --json"

# Infusion sheets as PDF (shockpath-cli sheet): one sheet, and 100 sheets
# (100 weights, one PDF), against `shockpath-cli drugs` in the same run, and
# against the floor under a sheet (bench/sp-bench-pdf-floor.c: the sheet's
# fonts made ready and a one-page PDF written, no data, no document), and
# against pango and cairo alone (bench/sp-bench-pango-pdf.c: one line of text
# in each of the sheet's type styles, SIZE_* in src/render/sp-document.c, in
# the system's fonts and in a font configuration that holds only the two
# files the sheet's family resolves to).
echo
echo "== sheets (hyperfine, against shockpath-cli drugs)"
weights=()
for w in $(seq 40 139); do weights+=(--weight "$w"); done
sheet=(sheet --drug dobutamine --concentration "1000 mg/250 mL")
styles="9.5 9.5b 7.5 7.5b 8 8b 11.5b 22b"
family="Cantarell, DejaVu Sans, Sans"
font_files=("$(fc-match -f '%{file}' "$family")" "$(fc-match -f '%{file}' "$family:bold")")
pango_pdf="$build/bench/sp-bench-pango-pdf $out/pango.pdf"
hyperfine --warmup 3 --runs 30 --style basic -N \
  --export-markdown "$build/bench-sheet-results.md" --export-json "$out/sheet.json" \
  -n "shockpath-cli drugs (baseline)" "$cli drugs" \
  -n "fonts + one-page PDF (floor)" "$build/bench/sp-bench-pdf-floor $out/floor.pdf" \
  -n "pango+cairo: 1 line, 1 style" "$pango_pdf 9.5" \
  -n "pango+cairo: 8 lines, 8 styles" "$pango_pdf $styles" \
  -n "pango+cairo: 8 lines, 8 styles, 2 font files" "$pango_pdf $styles -- ${font_files[*]@Q}" \
  -n "shockpath-cli sheet: 1 sheet" \
     "$cli ${sheet[*]@Q} --weight 70 --output $out/one.pdf" \
  -n "shockpath-cli sheet: 100 sheets, one PDF" \
     "$cli ${sheet[*]@Q} ${weights[*]} --output $out/hundred.pdf"

echo
echo "== in-process loops"
"$bench" load 200 | tee "$out/load.txt"
"$bench" evaluate 100000 "$case_file" | tee "$out/evaluate.txt"

# The trend plot of a 72-hour case (864 entries, 5 series) against painting
# the same surface, in one process; then the case file evaluated and plotted.
"$build/bench/sp-bench-trend" 200 | tee "$out/trend.txt"

echo
echo "== GUI under Xvfb: start to first frame (${SP_BENCH_STARTUP_RUNS:-20} starts each), keystrokes"
xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' \
  dbus-run-session -- "$0" --inside-display "$build" "$out" 2> >(grep -v 'fd limit' >&2)
cat "$out/startup.tsv" "$out/keystroke.txt" "$out/keystroke-bare.txt"

echo
python3 - "$out" <<'PY'
import json, re, sys, os

out = sys.argv[1]
def hyper(name):
    with open(os.path.join(out, name)) as f:
        return {r["command"]: r for r in json.load(f)["results"]}
def median_ms(r):
    return r["median"] * 1000
def cpu_ms(r):
    """user + system, mean: on a loaded machine steadier than the clock"""
    return (r["user"] + r["system"]) * 1000
def text(name):
    with open(os.path.join(out, name)) as f:
        return f.read()
def number(pattern, s):
    m = re.search(pattern, s)
    return float(m.group(1)) if m else float("nan")

rows = []
def row(figure, value, unit, baseline_name=None, baseline=None, goal=None, ratio_goal=True):
    ratio = value / baseline if baseline else None
    if goal is None:
        met = ""
    elif ratio_goal:
        met = "yes" if ratio is not None and ratio <= goal else "NO"
    else:
        met = "yes" if value <= goal else "NO"
    rows.append((figure, f"{value:.1f} {unit}" if value < 1000 else f"{value:.0f} {unit}",
                 f"{baseline_name} {baseline:.1f} {unit}" if baseline else "-",
                 f"{ratio:.2f}x" if ratio is not None else "-",
                 (f"<= {goal}x" if ratio_goal else f"<= {goal} {unit}") if goal is not None else "-",
                 met))

startup = {}
for line in text("startup.tsv").splitlines():
    label, mid, lo, hi, kib, cpu = line.split("\t")
    startup[label] = (float(mid), float(kib) / 1024, float(cpu))
app, adw, gtk, styled = startup["app"], startup["adw"], startup["gtk"], startup["text"]
row("start to first frame", app[0], "ms", "bare adw", adw[0], 1.15)
row("start to first frame", app[0], "ms", "bare GTK", gtk[0], 1.5)
row("  (bare adw itself)", adw[0], "ms", "bare GTK", gtk[0])
row("  (adw + a label in each type style)", styled[0], "ms", "bare adw", adw[0])
row("  (app against that)", app[0], "ms", "adw + styles", styled[0])
row("  (its CPU time)", app[2], "ms", "bare adw", adw[2])
row("peak memory at first frame", app[1], "MB", "bare adw", adw[1], 1.15)

core = hyper("core.json")
empty = median_ms(core["empty"])
load = text("load.txt") 
row("load protocol, drugs (built-in)", number(r"([\d.]+) us per iteration", load) / 1000, "ms")
row("one evaluation", number(r"([\d.]+) us per evaluation", text("evaluate.txt")), "us",
    goal=2, ratio_goal=False)
row("shockpath-cli evaluate --json", median_ms(core["shockpath-cli evaluate --json"]), "ms",
    "empty process", empty)

sheet = hyper("sheet.json")
drugs = median_ms(sheet["shockpath-cli drugs (baseline)"])
row("shockpath-cli sheet, 1 sheet", median_ms(sheet["shockpath-cli sheet: 1 sheet"]), "ms",
    "cli drugs", drugs, 1.5)
row("  (its CPU time)", cpu_ms(sheet["shockpath-cli sheet: 1 sheet"]), "ms",
    "cli drugs", cpu_ms(sheet["shockpath-cli drugs (baseline)"]))
floor = median_ms(sheet["fonts + one-page PDF (floor)"])
row("  (the floor itself)", floor, "ms", "cli drugs", drugs)
row("  (sheet against the floor)", median_ms(sheet["shockpath-cli sheet: 1 sheet"]), "ms",
    "floor", floor)
for name in ("1 line, 1 style", "8 lines, 8 styles", "8 lines, 8 styles, 2 font files"):
    row(f"  (pango+cairo alone: {name})", median_ms(sheet["pango+cairo: " + name]), "ms",
        "cli drugs", drugs)
row("100 sheets in one PDF", median_ms(sheet["shockpath-cli sheet: 100 sheets, one PDF"]), "ms",
    goal=300, ratio_goal=False)
row("  (its CPU time)", cpu_ms(sheet["shockpath-cli sheet: 100 sheets, one PDF"]), "ms")

# Keystrokes: GTK paints at most once per refresh, so on the clock a value
# waits up to 16.7 ms for its frame in any GTK program (the bare baseline
# too); the goal is on the work done for it (bench/sp-bench-keystroke.c).
keys, bare_keys = text("keystroke.txt"), text("keystroke-bare.txt")
def keystroke(kind, stat, s):
    m = re.search(kind + r": median ([\d.]+) ms, p95 ([\d.]+) ms", s)
    return float(m.group(1 if stat == "median" else 2)) if m else float("nan")
row("keystroke to flowchart frame, work p95", keystroke("work", "p95", keys), "ms",
    "bare GTK", keystroke("work", "p95", bare_keys), 16.7, ratio_goal=False)
row("  (work, median)", keystroke("work", "median", keys), "ms",
    "bare GTK", keystroke("work", "median", bare_keys))
row("  (on the clock, p95)", keystroke("on the clock", "p95", keys), "ms",
    "bare GTK", keystroke("on the clock", "p95", bare_keys))
row("  (CPU time, p95)", keystroke("CPU time", "p95", keys), "ms",
    "bare GTK", keystroke("CPU time", "p95", bare_keys))
row("  (drawn in the next frame, %)",
    100 * number(r"next frame: (\d+) of", keys) / number(r"next frame: \d+ of (\d+)", keys),
    "%")

trend = text("trend.txt")
row("72 h trend plot drawn (864 entries)", number(r"scale 1: ([\d.]+) ms", trend), "ms",
    goal=16.7, ratio_goal=False)
row("72 h case evaluated + plotted", number(r"plotted .*?: ([\d.]+) ms per redraw", trend), "ms",
    goal=16.7, ratio_goal=False)
row("  (its CPU time)", number(r"per redraw \(CPU ([\d.]+) ms", trend), "ms")

headers = ("figure", "measured", "baseline (same run)", "ratio", "goal", "met")
widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
fmt = "  ".join("{:<%d}" % w for w in widths)
print(fmt.format(*headers))
print(fmt.format(*("-" * w for w in widths)))
for r in rows:
    print(fmt.format(*r))
PY
