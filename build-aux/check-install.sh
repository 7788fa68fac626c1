#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-install.sh [--list] BUILDDIR
#
# Installs BUILDDIR into a temporary DESTDIR (meson install --destdir) and
# checks that everything a desktop needs is there: both binaries, the
# .desktop file and metainfo, both icons, the GSettings schema, the data
# files (drug library, protocol, schemas, cases), the man page and one .mo
# per language in po/LINGUAS. Then checks that the installed schema compiles
# with the keys the app reads, and runs the installed shockpath-cli on the
# installed data. Silent when all is well; otherwise names every missing or
# broken file and exits 1. --list prints the installed files (relative to
# DESTDIR) as well. The temporary directory is always removed.
set -euo pipefail

list=false
if [[ ${1:-} == --list ]]; then
  list=true
  shift
fi
if (( $# != 1 )); then
  printf 'usage: %s [--list] BUILDDIR\n' "${0##*/}" >&2
  exit 2
fi
builddir=$1
srcdir="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
app_id=io.github.shockpath.ShockPath

say () { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# prefix, bindir, datadir, mandir, localedir as configured in BUILDDIR
eval "$(python3 - "${builddir}/meson-info/intro-buildoptions.json" <<'PY'
import json, os, shlex, sys
with open(sys.argv[1]) as f:
    opts = {o["name"]: o["value"] for o in json.load(f)}
prefix = opts["prefix"]
for key in ("bindir", "datadir", "mandir", "localedir"):
    print(f"{key}={shlex.quote(os.path.join(prefix, opts[key]))}")
PY
)"

dest=$(mktemp -d "${TMPDIR:-/tmp}/shockpath-install.XXXXXX")
trap 'rm -rf "${dest}"' EXIT

log="${builddir}/meson-logs/install-check.txt"
if ! meson install -C "${builddir}" --no-rebuild --destdir "${dest}" >"${log}" 2>&1; then
  cat "${log}" >&2
  say "meson install -C ${builddir} --destdir failed (output above; also in ${log})"
  exit 1
fi

pkgdatadir=${datadir}/shockpath
expected=(
  "${bindir}/shockpath"
  "${bindir}/shockpath-cli"
  "${datadir}/applications/${app_id}.desktop"
  "${datadir}/metainfo/${app_id}.metainfo.xml"
  "${datadir}/icons/hicolor/scalable/apps/${app_id}.svg"
  "${datadir}/icons/hicolor/symbolic/apps/${app_id}-symbolic.svg"
  "${datadir}/glib-2.0/schemas/${app_id}.gschema.xml"
  "${pkgdatadir}/drugs.xml"
  "${pkgdatadir}/drugs.rng"
  "${pkgdatadir}/protocol.rng"
  "${pkgdatadir}/case.rng"
  "${pkgdatadir}/protocols/cardiogenic-shock.xml"
  "${mandir}/man1/shockpath-cli.1"
)
for f in "${srcdir}"/data/cases/*.xml; do
  expected+=("${pkgdatadir}/cases/${f##*/}")
done
while read -r lang _; do
  [[ -z ${lang} || ${lang} == \#* ]] && continue
  expected+=("${localedir}/${lang}/LC_MESSAGES/shockpath.mo")
done < "${srcdir}/po/LINGUAS"

status=0
for f in "${expected[@]}"; do
  if [[ ! -s ${dest}${f} ]]; then
    say "not installed (or empty): ${f}"
    status=1
  fi
done
for f in "${bindir}/shockpath" "${bindir}/shockpath-cli"; do
  if [[ -e ${dest}${f} && ! -x ${dest}${f} ]]; then
    say "not executable: ${f}"
    status=1
  fi
done

desktop="${dest}${datadir}/applications/${app_id}.desktop"
if [[ -f ${desktop} ]]; then
  exec_bin=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "${desktop}" | head -n 1)
  if [[ ! -x ${dest}${bindir}/${exec_bin} ]]; then
    say "the .desktop file runs “${exec_bin}”, which is not installed in ${bindir}"
    status=1
  fi
  if ! grep -qx "Icon=${app_id}" "${desktop}"; then
    say "the .desktop file does not name the icon ${app_id}"
    status=1
  fi
  # translated through i18n.merge_file: a Comment per catalogue
  while read -r lang _; do
    [[ -z ${lang} || ${lang} == \#* ]] && continue
    if ! grep -q "^Comment\[${lang}\]=" "${desktop}"; then
      say "the .desktop file has no ${lang} translation (Comment[${lang}])"
      status=1
    fi
  done < "${srcdir}/po/LINGUAS"
fi

# The installed CLI works from the installed tree.
cli="${dest}${bindir}/shockpath-cli"
if [[ -x ${cli} ]]; then
  if ! out=$(LC_ALL=C.UTF-8 "${cli}" validate "${dest}${pkgdatadir}/drugs.xml" 2>&1); then
    say "installed shockpath-cli cannot validate the installed drugs.xml: ${out}"
    status=1
  fi
  if ! out=$(LC_ALL=C.UTF-8 "${cli}" validate "${dest}${pkgdatadir}/protocols/cardiogenic-shock.xml" 2>&1); then
    say "installed shockpath-cli cannot validate the installed protocol: ${out}"
    status=1
  fi
fi

# The installed schema compiles and has the keys the app reads.
schemas="${dest}${datadir}/glib-2.0/schemas"
if [[ -d ${schemas} ]]; then
  compiled="${dest}/compiled-schemas"
  mkdir -p "${compiled}"
  if ! out=$(glib-compile-schemas --strict --targetdir="${compiled}" "${schemas}" 2>&1); then
    say "the installed GSettings schema does not compile: ${out}"
    status=1
  else
    keys=$(GSETTINGS_SCHEMA_DIR="${compiled}" gsettings list-keys "${app_id}" 2>&1 || true)
    for key in window-width window-height window-maximized paper-size page-setup \
               default-concentrations default-dose-units site-drug-library site-protocol \
               reduced-motion; do
      if ! grep -qx "${key}" <<<"${keys}"; then
        say "the installed GSettings schema has no key ${key}"
        status=1
      fi
    done
  fi
  rm -rf "${compiled}"
fi

if ${list}; then
  (cd "${dest}" && find . \( -type f -o -type l \) | sed 's|^\.||' | sort)
fi
exit "${status}"
