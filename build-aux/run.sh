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

# --- What to start. Until the GTK app exists this is the CLI on an example
# case; when src/app lands, replace the line below with:
#   exec build/src/app/shockpath "$@"
exec build/src/cli/shockpath-cli evaluate --case data/cases/example-step2.xml "$@"
