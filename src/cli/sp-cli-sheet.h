/* sp-cli-sheet.h: shockpath-cli sheet and summary, and what every PDF command
 * shares (its --paper and --output, writing the file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-cli.h"
#include "sp-document.h"

G_BEGIN_DECLS

int sp_cli_command_sheet   (SpCli  *cli,
                            char  **argv);
int sp_cli_command_summary (SpCli  *cli,
                            char  **argv);

/* Parses @args of the PDF @command (what sp_cli_option_parse () does): its
 * own @entries (may be NULL), then --paper and --output, which set
 * @paper_text and @output. Returns an exit status, or -1 to go on. */
int sp_cli_pdf_option_parse (SpCli               *cli,
                             const char          *command,
                             const char          *summary,
                             const GOptionEntry  *entries,
                             char              ***args,
                             char               **paper_text,
                             char               **output);
/* --output (a name ending in .pdf) and --paper (a4, the default, or letter)
 * of @command: a usage error (exit 2) otherwise. */
int sp_cli_check_pdf_output (const char  *command,
                             const char  *output,
                             const char  *paper_text,
                             SpPaper     *out_paper);
/* Writes @docs into the PDF @output, in the fonts made ready in @fonts
 * (may be NULL), and prints "FILE: WHAT, N pages, A4" (exit 0), or refuses
 * (exit 1) a file that cannot be written. */
int sp_cli_write_pdf        (SpDocument      **docs,
                             guint             n_docs,
                             SpDocumentFonts  *fonts,
                             const char       *output,
                             SpPaper           paper,
                             const char       *what);

G_END_DECLS
