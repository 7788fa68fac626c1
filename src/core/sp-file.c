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
 *
 * A kill in the moment between naming and renaming still leaves the named
 * file. Its name says which machine and process wrote it
 * (".x.pdf.HOST-PID-RANDOM", RANDOM of 8 hex digits or mkstemp's 6
 * characters), so the next write of the same target from this
 * machine removes what a dead process of this machine left; a file another
 * machine is writing into a shared folder is never touched.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "sp-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
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

/* "HOST-" for this machine: eight hex digits of its name's hash. */
static char *
writer_prefix (void)
{
  return g_strdup_printf ("%08x-", g_str_hash (g_get_host_name ()));
}

/* Removes ".BASE.HOST-PID-RANDOM" files in @dir written by processes of this
 * machine that no longer run (killed between naming and renaming). */
static void
sweep_dead_writers (const char *dir,
                    const char *base)
{
  g_autofree char *prefix = NULL;
  g_autofree char *host = writer_prefix ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  prefix = g_strdup_printf (".%s.%s", base, host);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      const char *rest;
      char *end = NULL;
      guint64 pid;

      if (!g_str_has_prefix (name, prefix))
        continue;
      rest = name + strlen (prefix);
      pid = g_ascii_strtoull (rest, &end, 10);
      if (end == rest || *end != '-' || pid == 0 || pid > G_MAXINT ||
          strlen (end + 1) < 6)
        continue;
      if (kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree char *stale = g_build_filename (dir, name, NULL);

          g_unlink (stale);
        }
    }
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
      g_autofree char *host = writer_prefix ();

      tmp_path = g_strdup_printf ("%s/.%s.%s%d-XXXXXX", dir, base, host, (int) getpid ());
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
      g_autofree char *host = writer_prefix ();

      /* A random name, made exclusive by linkat's EEXIST; the writer in it
       * for sweep_dead_writers (). */
      for (guint attempt = 0; ; attempt++)
        {
          g_free (tmp_path);
          tmp_path = g_strdup_printf ("%s/.%s.%s%d-%08x", dir, base, host,
                                      (int) getpid (), g_random_int ());
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

  /* A file its owner made read-only, or one the user may not write, is not
   * replaced: the rename would need only the folder's permission, and the
   * file would come back writable and the writer's. */
  if (exists && (access (target, W_OK) != 0 || (st.st_mode & 0222) == 0))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                   _("%s: cannot write: %s"), path, _("the file is read-only"));
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

  sweep_dead_writers (dir, base);

  /* The rename itself on disk too. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;
}
