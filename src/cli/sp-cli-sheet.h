/* sp-cli-sheet.h: shockpath-cli sheet and summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-cli.h"

G_BEGIN_DECLS

int sp_cli_command_sheet   (SpCli  *cli,
                            char  **argv);
int sp_cli_command_summary (SpCli  *cli,
                            char  **argv);

G_END_DECLS
