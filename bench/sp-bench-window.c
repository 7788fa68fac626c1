/* sp-bench-window.c: a bare window, the baseline of the start-up benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sp-bench-window gtk   a GtkApplication with an empty GtkApplicationWindow
 *   sp-bench-window adw   an AdwApplication with an AdwApplicationWindow
 *                         holding an AdwHeaderBar (libadwaita's least window)
 *   sp-bench-window text  the adw window with one short label in each type
 *                         style ShockPath's window shows at start, and an
 *                         entry: the fonts a window like ShockPath's loads
 *                         and measures, without its widgets or data
 *
 * All three are the size of ShockPath's window (1280 x 800). The first painted
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

typedef enum {
  WINDOW_GTK,
  WINDOW_ADW,
  WINDOW_TEXT,
} WindowKind;

/* The type styles of ShockPath's window at start (the .ui files in
 * resources/ui): the libadwaita style classes, and the flowchart's own
 * family and sizes (sp_flowchart_style_init_light (): 11 pt, titles 1.15
 * times, bold). */
static void
add_text (GtkBox *box)
{
  static const char *const classes[] = { NULL, "heading", "caption", "caption-heading",
                                         "title-3", "title-4" };
  static const struct {
    double   size;
    gboolean bold;
  } chart[] = { { 11.0, FALSE }, { 11.0, TRUE }, { 11.0 * 1.15, TRUE } };
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *list = gtk_list_box_new ();

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      GtkWidget *label = gtk_label_new ("Systolic blood pressure");

      if (classes[i] != NULL)
        gtk_widget_add_css_class (label, classes[i]);
      gtk_box_append (box, label);
    }
  for (guint i = 0; i < G_N_ELEMENTS (chart); i++)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
      PangoFontDescription *font = pango_font_description_from_string ("Cantarell, DejaVu Sans, Sans");
      GtkWidget *label = gtk_label_new ("Step 2: is norepinephrine indicated?");

      pango_font_description_set_size (font, chart[i].size * PANGO_SCALE);
      pango_font_description_set_weight (font, chart[i].bold ? PANGO_WEIGHT_BOLD
                                                             : PANGO_WEIGHT_NORMAL);
      pango_attr_list_insert (attrs, pango_attr_font_desc_new (font));
      pango_font_description_free (font);
      gtk_label_set_attributes (GTK_LABEL (label), attrs);
      gtk_box_append (box, label);
    }
  /* A form row: title, subtitle, entry (entries measure font metrics). */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Mental status");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "Not entered");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_entry_new ());
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (box, list);
}

static void
activate (GApplication *app,
          gpointer      data)
{
  WindowKind kind = GPOINTER_TO_INT (data);
  GtkWidget *window;

  if (kind != WINDOW_GTK)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      window = adw_application_window_new (GTK_APPLICATION (app));
      gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
      if (kind == WINDOW_TEXT)
        add_text (GTK_BOX (box));
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
  WindowKind kind;

  if (argc == 2 && g_str_equal (argv[1], "gtk"))
    kind = WINDOW_GTK;
  else if (argc == 2 && g_str_equal (argv[1], "adw"))
    kind = WINDOW_ADW;
  else if (argc == 2 && g_str_equal (argv[1], "text"))
    kind = WINDOW_TEXT;
  else
    {
      fprintf (stderr, "usage: sp-bench-window gtk | adw | text\n");
      return 2;
    }

  if (kind != WINDOW_GTK)
    app = GTK_APPLICATION (adw_application_new ("io.github.shockpath.BenchAdw",
                                                G_APPLICATION_DEFAULT_FLAGS));
  else
    app = gtk_application_new ("io.github.shockpath.BenchGtk", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (activate), GINT_TO_POINTER (kind));
  return g_application_run (G_APPLICATION (app), 1, argv);
}
