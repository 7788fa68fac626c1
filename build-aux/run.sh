#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing (Debian/Ubuntu), configures and builds ShockPath in
# build/, then starts it. Arguments are passed on to the program.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source=build-aux/common.sh
source build-aux/common.sh

sp_install_deps
sp_setup build      # keeps the options build/ already has (test.sh adds -Dwerror=true)
sp_compile build

# --- Start the app (arguments: case files to open). Headless, the same core
# answers on the command line: build/src/cli/shockpath-cli --help
# Messages in the desktop's language from the catalogues meson compiled here.
export SHOCKPATH_LOCALEDIR="${PWD}/build/po"
# Uninstalled, the settings schema is the one compiled into build/data.
export GSETTINGS_SCHEMA_DIR="${PWD}/build/data${GSETTINGS_SCHEMA_DIR:+:${GSETTINGS_SCHEMA_DIR}}"
exec build/src/app/shockpath "$@"
