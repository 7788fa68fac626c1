/* sp-bench-startup.c: start to first frame, and peak memory, of GUI programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench-startup RUNS LABEL COMMAND [LABEL COMMAND ...]
 *
 * Starts each COMMAND (a shell-quoted command line, run without a shell)
 * RUNS times, in turn (A B C A B C ...: a load that comes and goes falls on
 * all of them alike), after one warm-up run each. Each command must print
 * "first-frame-us N" (g_get_monotonic_time () at its first painted frame)
 * and exit: shockpath does with SHOCKPATH_BENCH_FIRST_FRAME=1, and
 * sp-bench-window always. The time to first frame is N minus the monotonic
 * clock just before the fork; the peak memory is the child's maximum
 * resident set (wait4's rusage).
 *
 * Prints one line per command, tab-separated:
 *   LABEL  median-ms  min-ms  max-ms  median-peak-KiB  median-cpu-ms
 * (the CPU time, user and system, of the whole run to the first frame: on a
 * loaded machine it varies less than the time on the clock).
 * Run it where the programs can open their display (bench/run.sh runs it
 * under xvfb-run and dbus-run-session).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  guint n = values->len;

  g_array_sort (values, compare_double);
  if (n % 2 == 1)
    return g_array_index (values, double, n / 2);
  return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

/* One start: FALSE if the command failed or printed no first frame. */
static gboolean
run_once (char   **argv,
          double  *out_ms,
          double  *out_kib,
          double  *out_cpu)
{
  int fds[2];
  gint64 start;
  pid_t pid;
  g_autoptr(GString) output = g_string_new (NULL);
  char buf[4096];
  ssize_t len;
  int status = 0;
  struct rusage usage;
  const char *line;
  gint64 frame;

  if (pipe (fds) != 0)
    return FALSE;
  start = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      dup2 (fds[1], STDOUT_FILENO);
      close (fds[0]);
      close (fds[1]);
      execvp (argv[0], argv);
      _exit (127);
    }
  close (fds[1]);
  while ((len = read (fds[0], buf, sizeof buf)) != 0)
    {
      if (len < 0 && errno == EINTR)
        continue;
      if (len < 0)
        break;
      g_string_append_len (output, buf, len);
    }
  close (fds[0]);
  while (wait4 (pid, &status, 0, &usage) < 0 && errno == EINTR)
    ;

  line = strstr (output->str, "first-frame-us ");
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || line == NULL)
    {
      g_printerr ("sp-bench-startup: %s printed no first frame (exit status %d)\n", argv[0],
                  WIFEXITED (status) ? WEXITSTATUS (status) : -1);
      return FALSE;
    }
  frame = g_ascii_strtoll (line + strlen ("first-frame-us "), NULL, 10);
  *out_ms = (frame - start) / 1000.0;
  *out_kib = usage.ru_maxrss;
  *out_cpu = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0
             + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint runs, n;
  g_auto(GStrv) labels = NULL;
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GArray **times, **peaks, **cpus;

  if (argc < 4 || argc % 2 != 0 || (runs = (guint) g_ascii_strtoull (argv[1], NULL, 10)) == 0)
    {
      g_printerr ("usage: sp-bench-startup RUNS LABEL COMMAND [LABEL COMMAND ...]\n");
      return 2;
    }
  n = (guint) (argc - 2) / 2;
  labels = g_new0 (char *, n + 1);
  times = g_new0 (GArray *, n);
  peaks = g_new0 (GArray *, n);
  cpus = g_new0 (GArray *, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      char **command = NULL;

      labels[i] = g_strdup (argv[2 + 2 * i]);
      if (!g_shell_parse_argv (argv[3 + 2 * i], NULL, &command, &error))
        {
          g_printerr ("sp-bench-startup: %s: %s\n", argv[3 + 2 * i], error->message);
          return 2;
        }
      g_ptr_array_add (commands, command);
      times[i] = g_array_new (FALSE, FALSE, sizeof (double));
      peaks[i] = g_array_new (FALSE, FALSE, sizeof (double));
      cpus[i] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  for (guint run = 0; run <= runs; run++)
    for (guint i = 0; i < n; i++)
      {
        double ms, kib, cpu;

        if (!run_once (g_ptr_array_index (commands, i), &ms, &kib, &cpu))
          return 1;
        if (run == 0)
          continue;     /* the warm-up: files in the page cache */
        g_array_append_val (times[i], ms);
        g_array_append_val (peaks[i], kib);
        g_array_append_val (cpus[i], cpu);
      }

  for (guint i = 0; i < n; i++)
    {
      double mid = median (times[i]);

      /* sorted by median () */
      g_print ("%s\t%.1f\t%.1f\t%.1f\t%.0f\t%.1f\n", labels[i], mid,
               g_array_index (times[i], double, 0),
               g_array_index (times[i], double, times[i]->len - 1),
               median (peaks[i]), median (cpus[i]));
      g_array_unref (times[i]);
      g_array_unref (peaks[i]);
      g_array_unref (cpus[i]);
    }
  g_free (times);
  g_free (peaks);
  g_free (cpus);
  return 0;
}
