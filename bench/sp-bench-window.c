/* sp-bench-window.c: a bare window, the baseline of the start-up benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench-window gtk   a GtkApplication with an empty GtkApplicationWindow
 *   sp-bench-window adw   an AdwApplication with an AdwApplicationWindow
 *                         holding an AdwHeaderBar (libadwaita's least window)
 *
 * Both are the size of ShockPath's window (1280 x 800). The first painted
 * frame prints "first-frame-us N" (the monotonic clock, as
 * SHOCKPATH_BENCH_FIRST_FRAME makes shockpath print it) and ends the process;
 * bench/sp-bench-startup starts them beside shockpath and compares.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <adwaita.h>

static void
after_paint (GdkFrameClock *clock,
             gpointer       data)
{
  printf ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  _exit (0);
}

static void
realized (GtkWidget *window,
          gpointer   data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint), NULL);
}

static void
activate (GApplication *app,
          gpointer      data)
{
  gboolean adw = GPOINTER_TO_INT (data);
  GtkWidget *window;

  if (adw)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      window = adw_application_window_new (GTK_APPLICATION (app));
      gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
    }
  else
    window = gtk_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect_after (window, "realize", G_CALLBACK (realized), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;
  gboolean adw;

  if (argc != 2 || (!g_str_equal (argv[1], "gtk") && !g_str_equal (argv[1], "adw")))
    {
      fprintf (stderr, "usage: sp-bench-window gtk | adw\n");
      return 2;
    }
  adw = g_str_equal (argv[1], "adw");

  if (adw)
    app = GTK_APPLICATION (adw_application_new ("io.github.shockpath.BenchAdw",
                                                G_APPLICATION_DEFAULT_FLAGS));
  else
    app = gtk_application_new ("io.github.shockpath.BenchGtk", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (activate), GINT_TO_POINTER (adw));
  return g_application_run (G_APPLICATION (app), 1, argv);
}
