/* sp-bench-keystroke.c: from a value typed in the form to the flowchart's
 * next frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench-keystroke [N]   types N values (default 200), under a display
 *
 * The real main window (as the widget tests open it, tests/sp-test-gtk.c):
 * the values go into its weight, MAP and lactate entries in turn, each
 * inserted as one text (as a paste or an input method commits it) and parsed
 * as typing is (the entry's "changed", then the form's idle). Each is timed
 * from the insertion to the "after-paint" of the first frame in which the
 * flowchart has drawn again (its snapshot ran: the new assessment's layout
 * built and painted). The values alternate so that every one changes the
 * assessment (MAP across 65 mmHg: another step). Between two values the main
 * loop runs for 0-22 ms, so that they fall at every phase of the frame
 * clock, as keys do. Prints the median, the 95th percentile and the worst,
 * in milliseconds; 16.7 ms is one frame at 60 Hz; and the same of the CPU
 * time this process used meanwhile (on a loaded machine the clock also
 * counts the waits for a core), and how many values were drawn in the very
 * next frame the window painted: GTK paints at most once per refresh
 * (16.7 ms at 60 Hz), so a value typed just after a frame waits for the
 * next one however little work it takes. Not a test: nothing here asserts
 * a time.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "sp-test-gtk.h"

static void (*flowchart_snapshot) (GtkWidget *widget, GtkSnapshot *snapshot);
static gboolean flowchart_drawn;
static gboolean frame_done;
static gint64 frame_time;
static gint64 frame_cpu;
static gint64 snapshot_start, snapshot_end;
static guint frames_painted;

/* SpFlowchart's own snapshot, noting that it ran. */
static void
counting_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  gint64 t = g_get_monotonic_time ();

  flowchart_snapshot (widget, snapshot);
  if (!flowchart_drawn)
    {
      snapshot_start = t;
      snapshot_end = g_get_monotonic_time ();
    }
  flowchart_drawn = TRUE;
}

/* The CPU time of this process, in microseconds. */
static gint64
cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  if (!frame_done)
    frames_painted++;
  if (flowchart_drawn && !frame_done)
    {
      frame_time = g_get_monotonic_time ();
      frame_cpu = cpu_time ();
      frame_done = TRUE;
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static GtkWidget *
field_entry (SpWindow   *window,
             const char *field_id)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field_id);
  GtkWidget *entry = find_by_name (GTK_WIDGET (window), name);

  if (!GTK_IS_EDITABLE (entry))
    g_error ("sp-bench-keystroke: no entry named %s", name);
  return entry;
}

int
main (int   argc,
      char *argv[])
{
  static const char *const fields[] = { "weight", "map", "lactate" };
  /* Per field, values that each differ from the one before. */
  static const char *const values[][4] = {
    { "70", "82.5", "64", "95" },
    { "58", "72", "61", "80" },
    { "4.2", "1.8", "3.1", "1.2" },
  };
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 200;
  GtkWidgetClass *flowchart_class;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
  SpWindow *window;
  GtkWidget *flowchart;
  GtkWidget *entries[G_N_ELEMENTS (fields)];
  GdkFrameClock *clock;
  gulong handler;
  guint missed = 0;
  guint next_frame = 0;

  /* Numbers in the C locale, as the widget tests type them. */
  gtk_disable_setlocale ();
  if (n == 0)
    n = 1;
  gtk_init ();
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/shockpath/ShockPath/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  window = test_window_new ();
  gtk_window_present (GTK_WINDOW (window));
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)));
  flowchart = find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART);
  g_assert_nonnull (flowchart);
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    entries[f] = field_entry (window, fields[f]);

  flowchart_class = g_type_class_peek (SP_TYPE_FLOWCHART);
  flowchart_snapshot = flowchart_class->snapshot;
  flowchart_class->snapshot = counting_snapshot;

  /* A case with all three values, drawn, before the first timing. */
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    gtk_editable_set_text (GTK_EDITABLE (entries[f]), values[f][3]);
  wait_frames (flowchart, 3);

  clock = gtk_widget_get_frame_clock (flowchart);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  for (guint i = 0; i < n; i++)
    {
      guint f = i % G_N_ELEMENTS (fields);
      gint64 start, start_cpu, deadline;
      double ms;

      spin (i * 7 % 23);
      run_pending ();
      flowchart_drawn = FALSE;
      frame_done = FALSE;
      frames_painted = 0;
      start = g_get_monotonic_time ();
      start_cpu = cpu_time ();
      gtk_editable_set_text (GTK_EDITABLE (entries[f]), values[f][(i / G_N_ELEMENTS (fields)) % 4]);
      deadline = start + G_USEC_PER_SEC;
      while (!frame_done && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      if (!frame_done)
        {
          missed++;
          continue;
        }
      ms = (double) (frame_time - start) / 1000.0;
      if (g_getenv ("SP_BENCH_VERBOSE"))
        g_print ("%s: to snapshot %.1f, snapshot %.1f, to paint %.1f\n", fields[f],
                 (snapshot_start - start) / 1000.0, (snapshot_end - snapshot_start) / 1000.0,
                 (frame_time - snapshot_end) / 1000.0);
      g_array_append_val (times, ms);
      if (frames_painted == 1)
        next_frame++;
      ms = (double) (frame_cpu - start_cpu) / 1000.0;
      g_array_append_val (cpus, ms);
    }
  g_signal_handler_disconnect (clock, handler);
  flowchart_class->snapshot = flowchart_snapshot;

  if (times->len == 0)
    {
      g_printerr ("sp-bench-keystroke: the flowchart never drew again\n");
      return 1;
    }
  g_array_sort (times, compare_double);
  g_array_sort (cpus, compare_double);
  g_print ("keystroke to flowchart frame, %u values: median %.2f ms, p95 %.2f ms, max %.2f ms"
           " (%u without a new flowchart frame within 1 s); CPU time: median %.2f ms,"
           " p95 %.2f ms; drawn in the next frame: %u of %u\n",
           times->len, g_array_index (times, double, times->len / 2),
           g_array_index (times, double, (times->len * 95 + 99) / 100 - 1),
           g_array_index (times, double, times->len - 1), missed,
           g_array_index (cpus, double, cpus->len / 2),
           g_array_index (cpus, double, (cpus->len * 95 + 99) / 100 - 1),
           next_frame, times->len);
  gtk_window_destroy (GTK_WINDOW (window));
  return missed == 0 ? 0 : 1;
}
