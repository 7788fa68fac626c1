# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Shared by build-aux/run.sh and build-aux/test.sh (sourced, not run).
#
# - sp_install_deps: installs what is missing on Debian/Ubuntu (as root, or
#   with sudo), generates the test locales; silent when nothing is missing.
# - sp_setup DIR [-Dopt=value ...]: configures a meson build dir once; later
#   calls only reconfigure when an option given here differs.
# - sp_compile DIR: builds, output kept in DIR/meson-logs/compile.txt and
#   shown only on failure (warnings are always shown).
#
# Testing the install path without breaking the machine:
#   SHOCKPATH_PRETEND_MISSING="desktop-file-utils de_DE.UTF-8" ./build-aux/test.sh
# treats the named packages / locales as missing (apt-get and locale-gen then
# run for them; both are no-ops for something already there).

# ---------------------------------------------------------------------------
# Debian 12 package names (checked with apt-cache on bookworm). Add GUI,
# printing or validation dependencies here, nowhere else.
SP_BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libglib2.0-dev-bin libxml2-dev libxml2-utils gettext
  libjson-glib-dev   # FHIR Bundles (src/core/sp-fhir-*.c); test-cli parses --json output
  # GUI and rendering (src/app, src/render)
  libgtk-4-dev libadwaita-1-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
)
SP_TEST_PACKAGES=(
  nodejs             # tests/check-fhir.py: the `fhir` npm package validates FHIR exports
  locales            # tests run in de/fr/es/en locales
  poppler-utils      # pdftotext / pdfinfo on printed sheets
  xvfb xauth dbus    # GUI tests: dbus-run-session + xvfb-run
  xdotool            # GUI tests press real keys through the X server (tests/sp-test-keys.c)
  at-spi2-core python3-pyatspi # tests/check-a11y.py: a real AT-SPI client
  desktop-file-utils # desktop-file-validate
  appstream          # appstreamcli validate
  groff-base         # the man page is formatted without warnings
)
# npm: Debian's nodejs needs the npm package; NodeSource's nodejs ships npm
# and conflicts with Debian's, so the package is asked for only when the
# command is missing.
command -v npm >/dev/null 2>&1 || SP_TEST_PACKAGES+=(npm)
SP_LOCALES=(en_US.UTF-8 de_DE.UTF-8 fr_FR.UTF-8 es_ES.UTF-8 tr_TR.UTF-8)
# ---------------------------------------------------------------------------

sp_say () { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# Run a command as root: directly, or through sudo. Returns 1 when neither.
sp_as_root () {
  if [[ ${EUID} -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

sp_can_be_root () {
  [[ ${EUID} -eq 0 ]] || command -v sudo >/dev/null 2>&1
}

sp_pretend_missing () {
  local word
  for word in ${SHOCKPATH_PRETEND_MISSING:-}; do
    [[ ${word} == "$1" ]] && return 0
  done
  return 1
}

# Prints the packages among "$@" that are not installed.
sp_missing_packages () {
  local pkg status
  local -A installed=()
  while read -r pkg status; do
    [[ ${status} == installed ]] && installed[${pkg%%:*}]=1
  done < <(dpkg-query -W -f='${binary:Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)
  for pkg in "$@"; do
    if [[ -z ${installed[${pkg}]:-} ]] || sp_pretend_missing "${pkg}"; then
      printf '%s\n' "${pkg}"
    fi
  done
}

# `locale -a` spells de_DE.UTF-8 as de_DE.utf8
sp_locale_present () {
  local want have
  sp_pretend_missing "$1" && return 1
  want=${1,,}
  want=${want//-/}
  for have in $(locale -a 2>/dev/null); do
    have=${have,,}
    [[ ${have//-/} == "${want}" ]] && return 0
  done
  return 1
}

sp_install_packages () {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/shockpath-apt.XXXXXX")
  sp_say "installing: $*"
  if ! { sp_as_root env DEBIAN_FRONTEND=noninteractive apt-get -q update &&
         sp_as_root env DEBIAN_FRONTEND=noninteractive \
           apt-get -q install -y --no-install-recommends "$@"; } >"${log}" 2>&1; then
    cat "${log}" >&2
    rm -f "${log}"
    sp_say "apt-get failed (output above)"
    return 1
  fi
  rm -f "${log}"
}

sp_generate_locales () {
  local loc line
  sp_say "generating locales: $*"
  for loc in "$@"; do
    line="${loc} UTF-8"
    if grep -qE "^#[[:space:]]*${line//./\\.}[[:space:]]*\$" /etc/locale.gen 2>/dev/null; then
      sp_as_root sed -i -E "s/^#[[:space:]]*(${line//./\\.})[[:space:]]*\$/\\1/" /etc/locale.gen
    elif ! grep -qE "^${line//./\\.}[[:space:]]*\$" /etc/locale.gen 2>/dev/null; then
      printf '%s\n' "${line}" | sp_as_root tee -a /etc/locale.gen >/dev/null
    fi
  done
  # Debian's locale-gen reads /etc/locale.gen; Ubuntu's also takes names.
  sp_as_root locale-gen "$@" >/dev/null
}

sp_install_deps () {
  local loc
  local -a missing=() missing_locales=()

  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    sp_say "not Debian/Ubuntu: install the equivalents of these yourself:"
    sp_say "  ${SP_BUILD_PACKAGES[*]} ${SP_TEST_PACKAGES[*]}"
    return 0
  fi

  mapfile -t missing < <(sp_missing_packages "${SP_BUILD_PACKAGES[@]}" "${SP_TEST_PACKAGES[@]}")
  if (( ${#missing[@]} )); then
    if ! sp_can_be_root; then
      sp_say "missing packages; as root run:"
      printf '  apt-get install --no-install-recommends %s\n' "${missing[*]}" >&2
      return 1
    fi
    sp_install_packages "${missing[@]}" || return 1
  fi

  for loc in "${SP_LOCALES[@]}"; do
    sp_locale_present "${loc}" || missing_locales+=("${loc}")
  done
  if (( ${#missing_locales[@]} )); then
    if ! sp_can_be_root; then
      sp_say "missing locales; as root add these lines to /etc/locale.gen and run locale-gen:"
      printf '  %s UTF-8\n' "${missing_locales[@]}" >&2
      return 1
    fi
    sp_generate_locales "${missing_locales[@]}" || return 1
    for loc in "${missing_locales[@]}"; do
      if ! SHOCKPATH_PRETEND_MISSING='' sp_locale_present "${loc}"; then
        sp_say "locale ${loc} still missing after locale-gen"
        return 1
      fi
    done
  fi
}

# Prints each of the options -DKEY=VALUE... not already in force in build dir
# DIR (one python3 start for all of them).
sp_options_changed () {
  local dir=$1
  shift
  python3 - "${dir}/meson-info/intro-buildoptions.json" "$@" <<'EOF'
import json, sys
path, args = sys.argv[1], sys.argv[2:]
try:
    with open(path) as f:
        opts = {o["name"]: o["value"] for o in json.load(f)}
except (OSError, ValueError):
    opts = {}
for arg in args:
    key, _, want = arg[2:].partition("=")
    have = opts.get(key)
    if isinstance(have, bool):
        have = "true" if have else "false"
    elif isinstance(have, list):
        have = ",".join(have)
    if str(have) != want:
        print(arg)
EOF
}

sp_setup () {
  local dir=$1
  shift
  local -a changed=()
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/shockpath-setup.XXXXXX")

  if [[ ! -f ${dir}/build.ninja ]]; then
    local -a wipe=()
    [[ -f ${dir}/meson-private/coredata.dat ]] && wipe=(--wipe)
    if ! meson setup "${wipe[@]}" "${dir}" "$@" >"${log}" 2>&1; then
      cat "${log}" >&2
      rm -f "${log}"
      sp_say "meson setup ${dir} failed (output above)"
      return 1
    fi
    mv -f "${log}" "${dir}/meson-logs/setup.txt"
    return 0
  fi

  mapfile -t changed < <(sp_options_changed "${dir}" "$@")
  if (( ${#changed[@]} )); then
    if ! meson configure "${dir}" "${changed[@]}" >"${log}" 2>&1; then
      cat "${log}" >&2
      rm -f "${log}"
      sp_say "meson configure ${dir} ${changed[*]} failed (output above)"
      return 1
    fi
  fi
  rm -f "${log}"
}

sp_compile () {
  local dir=$1 log="$1/meson-logs/compile.txt"
  if ! meson compile -C "${dir}" >"${log}" 2>&1; then
    cat "${log}" >&2
    sp_say "build in ${dir} failed (output above; also in ${log})"
    return 1
  fi
  grep -E -A3 '(warning|note): ' "${log}" >&2 || true
}
