#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-on-display.sh PROGRAM [ARGS...]
#
# Runs PROGRAM on an X server of its own (Xvfb, 1280x1024x24, no TCP, no
# reset when a client such as the AT-SPI bus launcher disconnects) and a
# D-Bus session bus of its own (dbus-run-session: check-a11y.py's AT-SPI bus
# is activated there), and exits with PROGRAM's status. tests/meson.build
# runs every test of the suite "display" through it, so `meson test` needs no
# xvfb-run around it and display tests run beside each other: each GTK
# process is the only client of its server (with several on one server,
# GDK's X11 drag code caches the other clients' windows until exit, which
# LeakSanitizer reports). Xvfb picks a free display itself (-displayfd), so
# servers started at the same moment do not race for a number.
set -euo pipefail

if (( $# == 0 )); then
  printf 'usage: %s PROGRAM [ARGS...]\n' "${0##*/}" >&2
  exit 2
fi

# Xvfb writes the display number and a newline to a pipe once it accepts
# clients; reading it waits for that (an end of file: Xvfb did not start).
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shockpath-display.XXXXXX")
xvfb_pid=
# shellcheck disable=SC2317 # run by the trap below
cleanup () {
  if [[ -n ${xvfb_pid} ]]; then
    kill -TERM "${xvfb_pid}" 2>/dev/null || true
    wait "${xvfb_pid}" 2>/dev/null || true
  fi
  rm -rf "${tmp}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkfifo "${tmp}/ready"
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset 3>"${tmp}/ready" \
  </dev/null >/dev/null 2>&1 &
xvfb_pid=$!

display=
read -r display <"${tmp}/ready" || true
if [[ ! ${display} =~ ^[0-9]+$ ]]; then
  printf '%s: Xvfb did not start\n' "${0##*/}" >&2
  exit 1
fi

status=0
DISPLAY=":${display}" dbus-run-session -- "$@" || status=$?
exit "${status}"
