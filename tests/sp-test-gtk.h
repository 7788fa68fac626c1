/* sp-test-gtk.h: what the widget tests share (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-case.h"
#include "sp-flowchart.h"

G_BEGIN_DECLS

/* Warnings, criticals and errors logged so far: a test ends with none.
 * Install count_writer with g_log_set_writer_func() in main(). */
extern guint n_bad_logs;
GLogWriterOutput count_writer (GLogLevelFlags   level,
                               const GLogField *fields,
                               gsize            n_fields,
                               gpointer         user_data);

/* Runs the main loop for @ms milliseconds: layout, map, draw. */
void       spin                  (guint        ms);
/* Runs the main loop until @flowchart has drawn @sp_case's current
 * assessment (a frame; the sanitizer build is slow): up to 20 s. */
void       wait_drawn            (SpFlowchart *flowchart,
                                  SpCase      *sp_case);

/* The first widget under @root (itself included) with that name, type, or
 * a label whose text contains @text; NULL if none. */
typedef gboolean (*SpWidgetMatch) (GtkWidget *widget, gconstpointer data);
GtkWidget *find_widget           (GtkWidget   *root,
                                  SpWidgetMatch match,
                                  gconstpointer data);
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

G_END_DECLS
