#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fuzzes ShockPath's parsers with libFuzzer (README: "Fuzzing").
#
#   build-aux/fuzz.sh [-j JOBS] [SECONDS] [TARGET...]
#
# SECONDS per target (default 60); TARGETs from tests/fuzz (default: all of
# quantity drug-library protocol case); -j runs that many targets at once
# (default 1; each libFuzzer process uses one core).
#
# Installs clang and libclang-rt-14-dev when missing (Debian 12, as root or
# with sudo, like build-aux/test.sh), configures build-fuzz/ with clang,
# ASan + UBSan and -Dfuzzing=true, and runs each target with its dictionary on
# a working copy of its corpus (build-fuzz/fuzz/TARGET/corpus: the committed
# seeds, every past reproducer, and what earlier runs found; delete it to
# start over). The committed corpus is never written to.
#
# Exits non-zero when any target found something: a crash, a memory error, a
# leak, undefined behaviour, a timeout (10 s for one input), more than 2 GiB,
# or a GLib warning/critical (the harnesses abort on those). The input is kept
# in build-fuzz/fuzz/TARGET/artifacts/; copy it to tests/fuzz/reproducers/TARGET/
# so that `meson test --suite fuzz` replays it from then on.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=build-aux/common.sh
source build-aux/common.sh

SP_FUZZ_PACKAGES=(clang libclang-rt-14-dev)
SP_FUZZ_TARGETS=(quantity drug-library protocol case)
# Typed text is short; the XML files are kilobytes (the shipped protocol is
# 57 kB), so 64 KiB lets the fuzzer grow any of them without wasting runs on
# megabyte inputs that only the size cap refuses.
declare -A SP_FUZZ_MAX_LEN=([quantity]=1024 [drug-library]=65536 [protocol]=65536 [case]=65536)
BUILD_DIR=build-fuzz

usage () {
  echo "usage: build-aux/fuzz.sh [-j JOBS] [SECONDS] [TARGET...]" >&2
  echo "targets: ${SP_FUZZ_TARGETS[*]}" >&2
  exit 2
}

jobs=1
seconds=60
targets=()
while (( $# )); do
  case $1 in
    -j) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || usage; jobs=$2; shift 2 ;;
    -j*) [[ ${1#-j} =~ ^[1-9][0-9]*$ ]] || usage; jobs=${1#-j}; shift ;;
    -h | --help) usage ;;
    *)
      if [[ $1 =~ ^[1-9][0-9]*$ && ${#targets[@]} -eq 0 && ${seconds_given:-} != 1 ]]; then
        seconds=$1
        seconds_given=1
      elif [[ -n ${SP_FUZZ_MAX_LEN[$1]:-} ]]; then
        targets+=("$1")
      else
        usage
      fi
      shift
      ;;
  esac
done
(( ${#targets[@]} )) || targets=("${SP_FUZZ_TARGETS[@]}")

# --- what the build needs (and the test locales: the quantity target runs
# each input in the one its first byte picks), then clang and libFuzzer
sp_install_deps
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  mapfile -t missing < <(sp_missing_packages "${SP_FUZZ_PACKAGES[@]}")
  if (( ${#missing[@]} )); then
    if ! sp_can_be_root; then
      sp_say "missing packages; as root run:"
      printf '  apt-get install --no-install-recommends %s\n' "${missing[*]}" >&2
      exit 1
    fi
    sp_install_packages "${missing[@]}"
  fi
fi
command -v clang >/dev/null 2>&1 || { sp_say "clang not found"; exit 1; }

# --- build-fuzz: clang, ASan + UBSan, coverage for libFuzzer in every object
if [[ -f ${BUILD_DIR}/meson-info/intro-compilers.json ]] &&
   ! grep -q '"id": "clang"' "${BUILD_DIR}/meson-info/intro-compilers.json"; then
  sp_say "${BUILD_DIR} was configured with another compiler; remove it and run again"
  exit 1
fi
# -fsanitize=fuzzer-no-link: coverage instrumentation for libshockpath-core
# too (the fuzz targets add -fsanitize=fuzzer themselves); UB stops the run
# instead of printing a line and carrying on.
export CC=clang
sp_setup "${BUILD_DIR}" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
  "-Dc_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

fuzz_build_targets=(shockpath-gmo)
for t in "${targets[@]}"; do
  fuzz_build_targets+=("tests/fuzz/fuzz-${t}")
done
log="${BUILD_DIR}/meson-logs/fuzz-compile.txt"
if ! meson compile -C "${BUILD_DIR}" "${fuzz_build_targets[@]}" >"${log}" 2>&1; then
  cat "${log}" >&2
  sp_say "build in ${BUILD_DIR} failed (output above; also in ${log})"
  exit 1
fi

# --- run
# run_target TARGET: fuzzes for ${seconds}; its status and log stay in
# ${BUILD_DIR}/fuzz/TARGET/.
run_target () {
  local t=$1
  local work="${BUILD_DIR}/fuzz/${t}"
  local rc=0

  mkdir -p "${work}/corpus" "${work}/artifacts"
  rm -f "${work}/status" "${work}/log"
  # A working copy: libFuzzer adds what it finds to the first directory.
  cp -n tests/fuzz/corpus/"${t}"/* "${work}/corpus/"
  if [[ -d tests/fuzz/reproducers/${t} ]]; then
    find "tests/fuzz/reproducers/${t}" -maxdepth 1 -type f ! -name '.*' ! -name 'README*' \
      -exec cp -n {} "${work}/corpus/" \;
  fi

  # LeakSanitizer suppressions: GLib's and fontconfig's one-time caches only
  # (build-aux/lsan.supp). G_SLICE: GLib 2.74's slice allocator would hide
  # leaked blocks. fatal-warnings: like the test suite (the harnesses abort
  # on warnings and criticals themselves too).
  env G_SLICE=always-malloc G_DEBUG=gc-friendly,fatal-warnings \
    SHOCKPATH_LOCALEDIR="${PWD}/${BUILD_DIR}/po" \
    ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS="suppressions=${PWD}/build-aux/lsan.supp:print_suppressions=0" \
    "${BUILD_DIR}/tests/fuzz/fuzz-${t}" \
      -max_total_time="${seconds}" \
      -dict="tests/fuzz/${t}.dict" \
      -max_len="${SP_FUZZ_MAX_LEN[${t}]}" \
      -timeout=10 \
      -rss_limit_mb=2048 \
      -print_final_stats=1 \
      -artifact_prefix="${work}/artifacts/" \
      "${work}/corpus" >"${work}/log" 2>&1 || rc=$?
  echo "${rc}" >"${work}/status"
}

# report TARGET: one line of results; on a finding, the end of the log.
report () {
  local t=$1
  local work="${BUILD_DIR}/fuzz/${t}"
  local rc execs rate cov ft corpus done_line

  rc=$(cat "${work}/status" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "${work}/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "${work}/log" | tail -1)
  # The last status line: "#N DONE cov: C ft: F corp: U/S exec/s: E rss: R"
  done_line=$(grep -E '^#[0-9]+' "${work}/log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"${done_line}")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"${done_line}")
  corpus=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"${done_line}")
  printf '%-13s %-8s %12s %8s %6s %7s %7s\n' "${t}" \
    "$( (( rc == 0 )) && echo ok || echo FOUND)" \
    "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}"
  if (( rc != 0 )); then
    {
      echo "--- ${t}: libFuzzer exit ${rc}; end of ${work}/log:"
      tail -n 60 "${work}/log"
      echo "--- inputs kept in ${work}/artifacts/:"
      ls -1 "${work}/artifacts/"
      echo "--- to replay it in the test suite: cp ${work}/artifacts/FILE tests/fuzz/reproducers/${t}/"
    } >&2
  fi
  return "${rc}"
}

sp_say "fuzzing ${targets[*]} for ${seconds} s each, ${jobs} at a time"
running=0
for t in "${targets[@]}"; do
  if (( running >= jobs )); then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "${t}" &
  running=$((running + 1))
done
wait || true

status=0
printf '%-13s %-8s %12s %8s %6s %7s %7s\n' target result executions exec/s cov ft corpus
for t in "${targets[@]}"; do
  report "${t}" || status=1
done
exit "${status}"
