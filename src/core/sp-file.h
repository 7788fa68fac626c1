/* sp-file.h: every file ShockPath writes is replaced atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces the file at @path with @length bytes of @data, so that a crash,
 * a full disk or a file-size limit leaves the previous file or the new one,
 * never a half-written one, and no temporary file behind:
 *   - the data goes to an unnamed file in the target's folder (O_TMPFILE;
 *     where the file system has none, a new file made with O_EXCL and a
 *     random name), is written, fsynced, given its name and renamed over
 *     the target; on any failure it is removed;
 *   - a symbolic link at @path is followed: the file it points to is
 *     replaced and the link stays a link;
 *   - an existing file keeps its permissions (a 0600 case stays 0600); a new
 *     one gets 0666 less the umask.
 * Fails with a G_FILE_ERROR ("PATH: cannot write: reason"). */
gboolean sp_file_replace (const char  *path,
                          const void  *data,
                          gsize        length,
                          GError     **error);

G_END_DECLS
