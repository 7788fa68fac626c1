/* sp-bench-keystroke.c: from a value typed in the form to the flowchart's
 * next frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench-keystroke [N]          types N values (default 200) into the
 *                                   real main window, under a display
 *   sp-bench-keystroke --bare [N]   the same typing into the baseline: a bare
 *                                   GTK window of three entries and a drawing
 *                                   area that draws their text again on every
 *                                   change (the least a form with a live
 *                                   drawing can do)
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
 * clock, as keys do.
 *
 * GTK paints at most once per refresh (16.7 ms at 60 Hz; the frame clock
 * holds a frame until one refresh after the last, and while a text cursor
 * blinks it paints every refresh): a value typed just after a frame waits
 * for the next one however little work it takes, in every GTK program. So
 * each value gives two times:
 *   - on the clock: insertion to the frame, that wait included;
 *   - work: the same less the time the main loop spent waiting in poll ()
 *     (for the frame clock's timer, or for nothing to do): what the program
 *     did for this value, handling the change, evaluating, laying out,
 *     drawing and painting, and what it waited for outside the main loop
 *     (the X server's replies, a core on a loaded machine).
 * Prints the median, the 95th percentile and the worst of each, in
 * milliseconds; the CPU time this process used meanwhile; and how many
 * values were drawn in the very next frame the window painted (none put off
 * to a later one). Not a test: nothing here asserts a time.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "sp-test-gtk.h"

/* Per value: set when the watched widget has drawn, then when the window
 * painted that frame (its clock time and this process's CPU time then). */
static gboolean drawn;
static gboolean frame_done;
static gint64 frame_time;
static gint64 frame_cpu;
static guint frames_painted;
/* Time the main loop spent in poll () so far, in microseconds. */
static gint64 polled_us;
static GPollFunc default_poll;
static void (*flowchart_snapshot) (GtkWidget *widget, GtkSnapshot *snapshot);

/* The main loop's poll, timed. */
static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 t = g_get_monotonic_time ();
  gint result = default_poll (fds, n_fds, timeout);

  polled_us += g_get_monotonic_time () - t;
  return result;
}

/* SpFlowchart's own snapshot, noting that it ran. */
static void
counting_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  flowchart_snapshot (widget, snapshot);
  drawn = TRUE;
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
  if (drawn && !frame_done)
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

/* "median M ms, p95 P ms, max X ms" of @values (sorted here). */
static char *
describe (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_strdup_printf ("median %.2f ms, p95 %.2f ms, max %.2f ms",
                          g_array_index (values, double, values->len / 2),
                          g_array_index (values, double, (values->len * 95 + 99) / 100 - 1),
                          g_array_index (values, double, values->len - 1));
}

/* The real main window; @watched is its flowchart. */
static GtkWidget *
open_app_window (GtkWidget *entries[3],
                 GtkWidget **watched)
{
  static const char *const fields[] = { "weight", "map", "lactate" };
  GtkWidgetClass *flowchart_class;
  SpWindow *window;

  load_app_style ();
  window = test_window_show (0, 0);
  *watched = find_by_type (GTK_WIDGET (window), SP_TYPE_FLOWCHART);
  g_assert_nonnull (*watched);
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    entries[f] = field_entry (window, fields[f]);

  flowchart_class = g_type_class_peek (SP_TYPE_FLOWCHART);
  flowchart_snapshot = flowchart_class->snapshot;
  flowchart_class->snapshot = counting_snapshot;

  return GTK_WIDGET (window);
}

/* The baseline: three entries whose every change redraws a drawing area
 * showing their text. */
static void
draw_bare (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  GtkWidget **entries = data;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;

  for (guint f = 0; f < 3; f++)
    g_string_append_printf (text, "%s\n", gtk_editable_get_text (GTK_EDITABLE (entries[f])));
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), text->str);
  cairo_move_to (cr, 12, 12);
  pango_cairo_show_layout (cr, layout);
  drawn = TRUE;
}

static GtkWidget *
open_bare_window (GtkWidget  *entries[3],
                  GtkWidget **watched)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *area = gtk_drawing_area_new ();

  for (guint f = 0; f < 3; f++)
    {
      entries[f] = gtk_entry_new ();
      gtk_box_append (GTK_BOX (column), entries[f]);
      g_signal_connect_swapped (entries[f], "changed", G_CALLBACK (gtk_widget_queue_draw), area);
    }
  gtk_widget_set_hexpand (area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_bare, entries, NULL);
  gtk_box_append (GTK_BOX (box), column);
  gtk_box_append (GTK_BOX (box), area);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (gtk_widget_get_mapped (window));
  *watched = area;

  return window;
}

int
main (int   argc,
      char *argv[])
{
  /* Per field (weight, MAP, lactate), values that each differ from the one
   * before. */
  static const char *const values[][4] = {
    { "70", "82.5", "64", "95" },
    { "58", "72", "61", "80" },
    { "4.2", "1.8", "3.1", "1.2" },
  };
  gboolean bare = argc > 1 && g_str_equal (argv[1], "--bare");
  const char *count = argc > 1 + bare ? argv[1 + bare] : "200";
  guint n = MAX ((guint) strtoul (count, NULL, 10), 1);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) works = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *time_text = NULL, *work_text = NULL, *cpu_text = NULL;
  GtkWidget *window, *watched;
  GtkWidget *entries[G_N_ELEMENTS (values)];
  GdkFrameClock *clock;
  gulong handler;
  guint missed = 0;
  guint next_frame = 0;

  /* Numbers in the C locale, as the widget tests type them. */
  gtk_disable_setlocale ();
  gtk_init ();
  adw_init ();

  window = bare ? open_bare_window (entries, &watched) : open_app_window (entries, &watched);

  /* A case with all three values, drawn, before the first timing. */
  for (guint f = 0; f < G_N_ELEMENTS (values); f++)
    gtk_editable_set_text (GTK_EDITABLE (entries[f]), values[f][3]);
  wait_frames (watched, 3);

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
  clock = gtk_widget_get_frame_clock (watched);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  for (guint i = 0; i < n; i++)
    {
      guint f = i % G_N_ELEMENTS (values);
      gint64 start, start_cpu, start_polled, deadline;
      double ms;

      spin (i * 7 % 23);
      run_pending ();
      drawn = FALSE;
      frame_done = FALSE;
      frames_painted = 0;
      start = g_get_monotonic_time ();
      start_cpu = cpu_time ();
      start_polled = polled_us;
      gtk_editable_set_text (GTK_EDITABLE (entries[f]), values[f][(i / G_N_ELEMENTS (values)) % 4]);
      deadline = start + G_USEC_PER_SEC;
      while (!frame_done && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      if (!frame_done)
        {
          missed++;
          continue;
        }
      ms = (double) (frame_time - start) / 1000.0;
      g_array_append_val (times, ms);
      ms = (double) (frame_time - start - (polled_us - start_polled)) / 1000.0;
      g_array_append_val (works, ms);
      ms = (double) (frame_cpu - start_cpu) / 1000.0;
      g_array_append_val (cpus, ms);
      if (frames_painted == 1)
        next_frame++;
    }
  g_signal_handler_disconnect (clock, handler);
  g_main_context_set_poll_func (NULL, default_poll);
  if (flowchart_snapshot != NULL)
    GTK_WIDGET_CLASS (g_type_class_peek (SP_TYPE_FLOWCHART))->snapshot = flowchart_snapshot;

  if (times->len == 0)
    {
      g_printerr ("sp-bench-keystroke: the window never drew again\n");
      return 1;
    }
  time_text = describe (times);
  work_text = describe (works);
  cpu_text = describe (cpus);
  g_print ("keystroke to %s frame, %u values (%u without a new frame within 1 s):\n"
           "  on the clock: %s\n"
           "  work: %s\n"
           "  CPU time: %s\n"
           "  drawn in the next frame: %u of %u\n",
           bare ? "bare GTK drawing area" : "flowchart",
           times->len, missed, time_text, work_text, cpu_text, next_frame, times->len);
  gtk_window_destroy (GTK_WINDOW (window));
  return missed == 0 ? 0 : 1;
}
