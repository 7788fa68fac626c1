/* main.c: the shockpath GUI entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For bench/: with SHOCKPATH_BENCH_FIRST_FRAME set in the environment, the
 * first window's first painted frame prints "first-frame-us N" (N: the
 * monotonic clock, g_get_monotonic_time ()) on standard output and ends the
 * process at once. Without it nothing here differs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sp-application.h"
#include "sp-i18n.h"

static void
bench_after_paint (GdkFrameClock *clock,
                   gpointer       data)
{
  printf ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  _exit (0);
}

static void
bench_window_realized (GtkWidget *window,
                       gpointer   data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (bench_after_paint), NULL);
}

static void
bench_window_added (GtkApplication *app,
                    GtkWindow      *window,
                    gpointer        data)
{
  g_signal_connect_after (window, "realize", G_CALLBACK (bench_window_realized), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SpApplication) app = NULL;

  sp_i18n_init ();

  app = sp_application_new ();
  if (g_getenv ("SHOCKPATH_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (app, "window-added", G_CALLBACK (bench_window_added), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
