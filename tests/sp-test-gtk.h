/* sp-test-gtk.h: what the widget tests share (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-case.h"
#include "sp-file-chooser.h"
#include "sp-flowchart.h"
#include "sp-window.h"

G_BEGIN_DECLS

/* Starts a widget test's process: numbers in the C locale whatever the
 * machine's (gtk_disable_setlocale), g_test_init without
 * G_TEST_OPTION_ISOLATE_DIRS (GLib 2.74 keeps the directories it sets until
 * exit, which LeakSanitizer reports; the tests write only into temporary
 * folders of their own), count_writer counting bad logs, GTK and
 * libadwaita. */
void       test_gtk_init         (int         *argc,
                                  char      ***argv);

/* Warnings, criticals and errors logged so far: a test ends with none.
 * test_gtk_init installs count_writer. */
extern guint n_bad_logs;
GLogWriterOutput count_writer (GLogLevelFlags   level,
                               const GLogField *fields,
                               gsize            n_fields,
                               gpointer         user_data);

/* Waiting: the tests wait for what they need, never for a fixed time.
 *
 * wait_for (cond) runs the main loop (one iteration at a time) until the
 * expression @cond holds; if it does not within SP_WAIT_TIMEOUT_S seconds
 * (generous: the sanitizer build on a loaded machine is slow) the test
 * fails, naming @cond. It returns at once if @cond already holds. */
#define SP_WAIT_TIMEOUT_S 30
#define wait_for(cond) \
  G_STMT_START { \
    gint64 sp_wait_deadline_ = 0; \
    while (!(cond) \
           && wait_iteration (&sp_wait_deadline_, #cond, __FILE__, __LINE__, G_STRFUNC)) \
      ; \
  } G_STMT_END
gboolean   wait_iteration        (gint64      *deadline,
                                  const char  *what,
                                  const char  *file,
                                  int          line,
                                  const char  *func);
/* Queues a redraw of @widget and runs the main loop until its frame clock
 * has painted it, @n times over: what was pending before has run. */
void       wait_frames           (GtkWidget   *widget,
                                  guint        n);
/* Runs what the main loop has ready now, without waiting for more. */
void       run_pending           (void);
/* Destroys @window and runs the main loop until it is finalized: nothing
 * still holds it (fails after SP_WAIT_TIMEOUT_S). */
void       destroy_window        (GtkWindow   *window);
/* Runs the main loop until @flowchart has drawn @sp_case's current
 * assessment (fails after SP_WAIT_TIMEOUT_S). */
void       wait_drawn            (SpFlowchart *flowchart,
                                  SpCase      *sp_case);
/* Runs the main loop for @ms milliseconds. Prefer wait_for (): a fixed
 * time is too long on a fast machine and may be too short on a slow one. */
void       spin                  (guint        ms);

/* The first widget under @root (itself included) with that name, type, or
 * a label whose text contains @text; NULL if none. */
typedef gboolean (*SpWidgetMatch) (GtkWidget *widget, gconstpointer data);
GtkWidget *find_widget           (GtkWidget   *root,
                                  SpWidgetMatch match,
                                  gconstpointer data);
/* The first widget under @root (itself included) with the CSS class
 * @css_class, or NULL. */
GtkWidget *find_by_class         (GtkWidget   *root,
                                  const char  *css_class);
/* The infusion card of @drug_id under @root, or NULL. */
GtkWidget *find_card             (GtkWidget   *root,
                                  const char  *drug_id);
/* Fails the test, naming @where and the two texts, when two labels with
 * text shown under @root are drawn over each other (allocations sharing
 * more than a pixel each way). Returns how many labels it compared. */
guint      assert_labels_apart   (GtkWidget   *root,
                                  const char  *where);
/* Fails the test, naming @where, when a line of a label shown under @root
 * starts inside a quantity (sp_text_keep_quantities ()'s spans of its
 * text: "3.4 mmol/" / "L"). */
void       assert_quantities_unbroken (GtkWidget  *root,
                                       const char *where);
/* "Presses" @keyval with @modifiers: finds the shortcut bound to it among
 * @widget's controllers (its own and its class's key bindings) and
 * activates it as the controller does for a key event. Fails when none is
 * bound, or when its controller does not run in @phase (a capture-phase
 * shortcut runs before a focused child could swallow the key). */
void       press_shortcut        (GtkWidget           *widget,
                                  guint                keyval,
                                  GdkModifierType      modifiers,
                                  GtkPropagationPhase  phase);
GtkWidget *find_by_name          (GtkWidget   *root,
                                  const char  *name);
GtkWidget *find_by_type          (GtkWidget   *root,
                                  GType        type);
GtkWidget *find_label_containing (GtkWidget   *root,
                                  const char  *text);

/* A main window without an application, on the protocol and drug library
 * the settings choose now (SpSiteData), as SpApplication opens them. */
SpWindow  *test_window_new       (void);
/* test_window_new (), @width x @height (0: its own default size), shown:
 * mapped, laid out and drawn once. */
SpWindow  *test_window_show      (int          width,
                                  int          height);

/* File-chooser answers for sp_file_chooser_set_test_func ():
 * file_request_note_folder () keeps the folder the dialog would open in
 * (@user_data: a GFile **) and cancels; file_request_answer () chooses
 * @user_data (a GFile *) for an open request. */
GFile     *file_request_note_folder (const SpFileRequest *request,
                                     GFile               *folder,
                                     gpointer             user_data);
GFile     *file_request_answer      (const SpFileRequest *request,
                                     GFile               *folder,
                                     gpointer             user_data);

/* The form's entry for @field_id ("weight", "map"); fails when there is
 * none. */
GtkWidget *field_entry           (SpWindow    *window,
                                  const char  *field_id);
/* Chooses @choice (a choice id: "altered") in the form's drop-down for
 * @field_id, as a click on it does. */
void       choose_field          (SpWindow    *window,
                                  const char  *field_id,
                                  const char  *choice);

/* The application's own style sheet on the default display, as
 * AdwApplication loads it (the presentation's type sizes are in it). */
void       load_app_style        (void);

/* The text of @content exported as a slide of @width x @height
 * (sp_slide_export_write_screen ()), read back with pdftotext; NULL when
 * pdftotext is not installed. The export itself must succeed. */
char      *slide_text            (GtkWidget   *content,
                                  int          width,
                                  int          height);

G_END_DECLS
