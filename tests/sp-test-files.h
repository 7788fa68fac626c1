/* sp-test-files.h: temporary folders and files for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new folder under the temporary directory. */
char *make_tmp_dir (void);
/* Removes @path and everything in it (links are removed, not followed). */
void  remove_tree  (const char *path);
/* The sorted names in @path, joined with spaces: what a write left behind. */
char *list_dir     (const char *path);
/* The whole contents of the file at @path. */
char *read_text    (const char *path);

G_END_DECLS
