#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing (Debian/Ubuntu), builds ShockPath twice and runs the
# whole test suite in each build:
#   build/       -Dwerror=true, then a staged install (meson install --destdir)
#                whose file list is checked (build-aux/check-install.sh), a
#                check of the Flatpak manifest and of the translations
#   build-asan/  -Db_sanitize=address,undefined -Dwerror=true, leaks checked;
#                without the suites "data" and "docs" (checks of data files
#                and of the README, which run none of our C that other tests
#                do not run under the sanitizers): those run once, in build/
# Both builds are compiled first. Then the sanitizer run, the plain run and
# the extra checks run at the same time (the longest tests of each start
# first), so that no core waits for the last test of one run alone; display
# tests run beside the others, each on an X server of its own
# (tests/run-on-display.sh). The sanitizer run prints as it goes, the others
# when they are done. Exits non-zero if anything fails or if no test ran.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=build-aux/common.sh
source build-aux/common.sh

sp_install_deps

total_pass=0
total_fail=0
total_skip=0
status=0

# Count the results meson wrote to DIR/meson-logs/LOGBASE.json.
count_results () {
  local json=$1 result
  [[ -f ${json} ]] || return 0
  while read -r result; do
    case ${result} in
      OK | EXPECTEDFAIL) total_pass=$((total_pass + 1)) ;;
      SKIP) total_skip=$((total_skip + 1)) ;;
      *) total_fail=$((total_fail + 1)) ;;
    esac
  done < <(grep -o '"result": "[A-Z]*"' "${json}" | cut -d'"' -f4)
}

# Jobs running in the background (each in a process group of its own,
# ended with the script) and the files their output goes to until they end;
# the results of the extra checks (see check).
background_pids=()
background_outs=()
check_results=$(mktemp "${TMPDIR:-/tmp}/shockpath-checks.XXXXXX")

# shellcheck disable=SC2317 # run by the trap below
stop_background () {
  local pid out
  for pid in "${background_pids[@]}"; do
    kill -TERM -- "-${pid}" 2>/dev/null || true
    wait "${pid}" 2>/dev/null || true
  done
  for out in "${background_outs[@]}"; do
    rm -f "${out}"
  done
  rm -f "${check_results}"
}
trap stop_background EXIT
trap 'exit 130' INT TERM

# in_background COMMAND...: runs COMMAND (a function too) in a subshell of
# its own process group, at a lower priority (nice 10): the sanitizer run in
# front holds the longest tests, the background jobs take the time it leaves
# free. Its output waits in a file for finish_background.
in_background () {
  local out
  out=$(mktemp "${TMPDIR:-/tmp}/shockpath-test.XXXXXX")
  set -m
  ( renice -n 10 -p "${BASHPID}" >/dev/null 2>&1 || true; "$@" ) >"${out}" 2>&1 </dev/null &
  set +m
  background_pids+=("$!")
  background_outs+=("${out}")
}

# Waits for the background jobs in the order they started and prints their
# output; one that failed fails the script.
finish_background () {
  local i
  for i in "${!background_pids[@]}"; do
    wait "${background_pids[i]}" || status=1
    cat "${background_outs[i]}"
    rm -f "${background_outs[i]}"
  done
  background_pids=()
  background_outs=()
}

# run_suite DIR [meson test options...]: every test of DIR, display tests
# included, one per core; the results go to DIR/meson-logs/testlog-all.json.
# shellcheck disable=SC2317 # also run through in_background
run_suite () {
  local dir=$1
  shift
  rm -f "${dir}/meson-logs/testlog-all.json"
  meson test -C "${dir}" --no-rebuild --print-errorlogs --logbase testlog-all "$@"
}

# check NAME COMMAND...: one extra check, counted like a test (a line in
# ${check_results}, read by count_checks); quiet when it passes, its own
# messages when it fails. It may run in a background job.
# shellcheck disable=SC2317 # run through in_background
check () {
  local name=$1
  shift
  if "$@"; then
    echo "ok ${name}" >>"${check_results}"
  else
    echo "failed ${name}" >>"${check_results}"
    sp_say "check failed: ${name}"
    return 1
  fi
}

count_checks () {
  local result _
  while read -r result _; do
    case ${result} in
      ok) total_pass=$((total_pass + 1)) ;;
      *) total_fail=$((total_fail + 1)); status=1 ;;
    esac
  done <"${check_results}"
}

# Every catalogue in po/LINGUAS is complete for the strings the sources have
# now: regenerate the template, then build-aux/check-po.py merges each
# catalogue with it and refuses untranslated or fuzzy messages.
# shellcheck disable=SC2317 # run through run_checks
check_translations () {
  local -a catalogues=()
  local lang
  while read -r lang; do
    catalogues+=("po/${lang}.po")
  done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/LINGUAS)
  meson compile -C build shockpath-pot >/dev/null &&
    python3 build-aux/check-po.py po/shockpath.pot "${catalogues[@]}" >/dev/null
}

# The Flatpak manifest cannot be built here (no Flathub): check that it is
# JSON and keeps the contracts (app id, command, no network, no host files).
# shellcheck disable=SC2317 # run through run_checks
check_flatpak_manifest () {
  python3 - flatpak/io.github.shockpath.ShockPath.json <<'EOF'
import json, sys
path = sys.argv[1]
try:
    with open(path) as f:
        m = json.load(f)
except (OSError, ValueError) as e:
    sys.exit(f"{path}: {e}")
problems = []
if m.get("id") != "io.github.shockpath.ShockPath":
    problems.append("id is not io.github.shockpath.ShockPath")
if m.get("command") != "shockpath":
    problems.append("command is not shockpath")
for key in ("runtime", "runtime-version", "sdk"):
    if not m.get(key):
        problems.append(f"{key} is missing")
args = m.get("finish-args", [])
for bad in ("--share=network", "--filesystem=host", "--filesystem=home"):
    if bad in args:
        problems.append(f"finish-args has {bad}")
mods = [x for x in m.get("modules", []) if isinstance(x, dict)]
if not any(x.get("name") == "shockpath" and x.get("buildsystem") == "meson" for x in mods):
    problems.append("no meson module named shockpath")
for p in problems:
    print(f"{path}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
}

# run_asan_suite: run_suite build-asan with the sanitizer settings, without
# the data and documentation checks (suites "data" and "docs").
# AddressSanitizer records allocation stacks with its fast (frame-pointer)
# unwinder; tests/sp-test-sanitizer.c says how the two leaks GLib makes on
# purpose are told apart without full stacks.
run_asan_suite () {
  local -x ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  # abort_on_error: a report ends the process with SIGABRT, not _exit (),
  # so a CLI test running the command line in its own process still prints
  # the output it caught (tests/sp-test-cli.c).
  local -x UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1
  # GLib 2.74 still has the GSlice magazines; let ASan see every block.
  local -x G_SLICE=always-malloc
  local -x LSAN_OPTIONS=${LSAN_OPTIONS:-}
  if [[ -f build-aux/lsan.supp ]]; then
    LSAN_OPTIONS="suppressions=${PWD}/build-aux/lsan.supp:print_suppressions=0"
  fi
  run_suite build-asan --timeout-multiplier 3 --no-suite data --no-suite docs
}

# The independent FHIR validator (tests/check-fhir.py): the `fhir` package
# from npm, pinned, installed into the build directory (never committed).
# A failed install stops the run: the check is never skipped here.
FHIR_VALIDATOR_VERSION=4.12.0
install_fhir_validator () {
  local dir=$1/fhir-validator
  if [[ $(node -p "require('./${dir}/node_modules/fhir/package.json').version" 2>/dev/null) == \
        "${FHIR_VALIDATOR_VERSION}" ]]; then
    return 0
  fi
  mkdir -p "${dir}"
  if ! npm install --prefix "${dir}" --no-audit --no-fund --no-save --loglevel=error \
         "fhir@${FHIR_VALIDATOR_VERSION}" >&2; then
    sp_say "npm install fhir@${FHIR_VALIDATOR_VERSION} failed: the FHIR exports cannot be validated"
    exit 1
  fi
}
export SHOCKPATH_REQUIRE_FHIR_VALIDATOR=1

# The checks of the plain build that are not meson tests.
# shellcheck disable=SC2317 # run through in_background
run_checks () {
  local failed=0
  check "staged install" ./build-aux/check-install.sh build || failed=1
  check "flatpak manifest" check_flatpak_manifest || failed=1
  check "translations complete" check_translations || failed=1
  return "${failed}"
}

# --- both builds: plain (warnings are errors) and AddressSanitizer +
# UndefinedBehaviorSanitizer
sp_setup build -Dwerror=true
sp_compile build
install_fhir_validator build
sp_setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true \
  -Dc_args=-fno-omit-frame-pointer
sp_compile build-asan

# --- the tests: leaks are errors in build-asan
# The plain run takes one test at a time: beside the sanitizer run's two it
# fills the time that run leaves, where two more only added contention
# (about 3% more CPU time for the whole script).
in_background run_suite build --num-processes 1
in_background run_checks
run_asan_suite || status=1
finish_background
count_results build-asan/meson-logs/testlog-all.json
count_results build/meson-logs/testlog-all.json
count_checks

echo "Total: ${total_pass} passed, ${total_fail} failed, ${total_skip} skipped"
if (( total_pass + total_fail == 0 )); then
  sp_say "no test ran"
  exit 1
fi
exit "${status}"
