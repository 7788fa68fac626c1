/* sp-file.c: every file ShockPath writes is replaced atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A case, a PDF, an SVG or a PNG is built in memory and then handed here.
 * The new contents go to an unnamed file in the target's folder (O_TMPFILE),
 * so a kill or a crash leaves nothing behind; only once it is complete and
 * on disk (fsync) does it get a random name, to be renamed over the target
 * at once. A predictable temporary name ("x.pdf.part") could be planted as a
 * symbolic link to another file; an unnamed file, or one made with O_EXCL,
 * cannot.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "sp-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp-file.h"

/* As the kernel's limit on nested symbolic links. */
#define MAX_LINK_HOPS 40

static void
set_io_error (GError     **error,
              const char  *path,
              int          saved_errno)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* TRANSLATORS: "x.pdf: cannot write: No space left on device" */
               _("%s: cannot write: %s"), path, g_strerror (saved_errno));
}

/* The file @path names, following symbolic links (a link to a case in a
 * synced folder is kept a link; its target is what gets replaced). */
static char *
resolve_target (const char  *path,
                GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint hop = 0; hop < MAX_LINK_HOPS; hop++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *link = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      link = g_file_read_link (current, &local_error);
      if (link == NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       _("%s: cannot write: %s"), path, local_error->message);
          return NULL;
        }
      if (g_path_is_absolute (link))
        {
          g_free (current);
          current = g_steal_pointer (&link);
        }
      else
        {
          g_autofree char *dir = g_path_get_dirname (current);

          g_free (current);
          current = g_build_filename (dir, link, NULL);
        }
    }

  set_io_error (error, path, ELOOP);
  return NULL;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Writes @data to a new file in @dir and leaves it complete and on disk,
 * named *@out_tmp_path (beside the target, for the rename). With @unnamed
 * the file has no name until it is complete (O_TMPFILE + linkat); FALSE
 * with errno set on failure, nothing left behind. */
static gboolean
write_temp (const char   *dir,
            const char   *base,
            const void   *data,
            gsize         length,
            gboolean      keep_mode,
            mode_t        mode,
            gboolean      unnamed,
            char        **out_tmp_path)
{
  g_autofree char *tmp_path = NULL;
  int saved;
  int fd;

  if (unnamed)
    fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  else
    {
      tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
      fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
    }
  if (fd < 0)
    return FALSE;

  if (!write_all (fd, data, length) ||
      (keep_mode && fchmod (fd, mode) != 0) ||
      fsync (fd) != 0)
    goto fail;

  if (unnamed)
    {
      g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fd);

      /* A random name, made exclusive by linkat's EEXIST. */
      for (guint attempt = 0; ; attempt++)
        {
          g_free (tmp_path);
          tmp_path = g_strdup_printf ("%s/.%s.%08x", dir, base, g_random_int ());
          if (linkat (AT_FDCWD, proc, AT_FDCWD, tmp_path, AT_SYMLINK_FOLLOW) == 0)
            break;
          if (errno != EEXIST || attempt == 100)
            {
              g_clear_pointer (&tmp_path, g_free);
              goto fail;
            }
        }
    }

  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }

  *out_tmp_path = g_steal_pointer (&tmp_path);
  return TRUE;

fail:
  saved = errno;
  if (fd >= 0)
    close (fd);
  if (tmp_path != NULL)
    g_unlink (tmp_path);
  errno = saved;
  return FALSE;
}

gboolean
sp_file_replace (const char  *path,
                 const void  *data,
                 gsize        length,
                 GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  gboolean exists;
  GStatBuf st;
  int dir_fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target = resolve_target (path, error);
  if (target == NULL)
    return FALSE;
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);

  exists = g_stat (target, &st) == 0;
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR,
                   S_ISDIR (st.st_mode) ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_FAILED,
                   _("%s: cannot write: %s"), path, _("not a regular file"));
      return FALSE;
    }

  /* Unnamed first; a file system without O_TMPFILE (or without /proc to
   * name it) gets an O_EXCL file with a random name instead. */
  if (!write_temp (dir, base, data, length, exists, st.st_mode & 07777, TRUE, &tmp_path))
    {
      int saved = errno;

      if (saved != EOPNOTSUPP && saved != EISDIR && saved != EINVAL && saved != ENOENT &&
          saved != EXDEV && saved != EPERM)
        {
          set_io_error (error, path, saved);
          return FALSE;
        }
      if (!write_temp (dir, base, data, length, exists, st.st_mode & 07777, FALSE, &tmp_path))
        {
          set_io_error (error, path, errno);
          return FALSE;
        }
    }

  if (g_rename (tmp_path, target) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      set_io_error (error, path, saved);
      return FALSE;
    }

  /* The rename itself on disk too. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;
}
