#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing (Debian/Ubuntu), builds ShockPath twice and runs the
# whole test suite in each build:
#   build/       -Dwerror=true, then a staged install (meson install --destdir)
#                whose file list is checked (build-aux/check-install.sh) and a
#                check of the Flatpak manifest
#   build-asan/  -Db_sanitize=address,undefined -Dwerror=true, leaks checked;
#                without the suites "data" and "docs" (checks of data files
#                and of the README, which run none of our C that other tests
#                do not run under the sanitizers): those run once, in build/
# Tests in the meson suite "display" run under dbus-run-session + xvfb-run,
# one at a time, while the headless tests run beside them. Exits non-zero if
# anything fails or if no test ran at all.
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

# The display tests running in the background (a process group of their
# own, ended with the script), and where their output goes until they end.
display_pid=
display_out=

# shellcheck disable=SC2317 # run by the trap below
stop_display () {
  if [[ -n ${display_pid} ]]; then
    kill -TERM -- "-${display_pid}" 2>/dev/null || true
    wait "${display_pid}" 2>/dev/null || true
  fi
  [[ -z ${display_out} ]] || rm -f "${display_out}"
}
trap stop_display EXIT
trap 'exit 130' INT TERM

# run_suite DIR [meson test options...]: the display tests (one at a time, on
# their own X server) and, beside them, the headless tests (one per core).
# The display tests' output comes when the headless tests are done.
run_suite () {
  local dir=$1
  shift
  local logs="${dir}/meson-logs"
  rm -f "${logs}/testlog-headless.json" "${logs}/testlog-display.json"

  display_pid=
  if meson test -C "${dir}" --list --suite display >/dev/null 2>&1; then
    display_out=$(mktemp "${TMPDIR:-/tmp}/shockpath-display.XXXXXX")
    GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none \
      setsid dbus-run-session -- \
      xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' \
      meson test -C "${dir}" --no-rebuild --print-errorlogs --suite display \
        --logbase testlog-display "$@" >"${display_out}" 2>&1 </dev/null &
    display_pid=$!
  fi

  meson test -C "${dir}" --no-rebuild --print-errorlogs --no-suite display \
    --logbase testlog-headless "$@" || status=1
  count_results "${logs}/testlog-headless.json"

  if [[ -n ${display_pid} ]]; then
    wait "${display_pid}" || status=1
    display_pid=
    cat "${display_out}"
    rm -f "${display_out}"
    display_out=
    count_results "${logs}/testlog-display.json"
  fi
}

# check NAME COMMAND...: one extra check, counted like a test; quiet when it
# passes, its own messages when it fails.
check () {
  local name=$1
  shift
  if "$@"; then
    total_pass=$((total_pass + 1))
  else
    total_fail=$((total_fail + 1))
    status=1
    sp_say "check failed: ${name}"
  fi
}

# Every catalogue in po/LINGUAS is complete for the strings the sources have
# now: regenerate the template, then build-aux/check-po.py merges each
# catalogue with it and refuses untranslated or fuzzy messages.
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
  local -x UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
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

# --- plain build, warnings are errors
sp_setup build -Dwerror=true
sp_compile build
install_fhir_validator build
run_suite build
check "staged install" ./build-aux/check-install.sh build
check "flatpak manifest" check_flatpak_manifest
check "translations complete" check_translations

# --- AddressSanitizer + UndefinedBehaviorSanitizer, leaks are errors
sp_setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true \
  -Dc_args=-fno-omit-frame-pointer
sp_compile build-asan
run_asan_suite

echo "Total: ${total_pass} passed, ${total_fail} failed, ${total_skip} skipped"
if (( total_pass + total_fail == 0 )); then
  sp_say "no test ran"
  exit 1
fi
exit "${status}"
