/* sp-file-chooser.h: the one way the app asks for a file (open, save, export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  SP_FILE_CHOOSER_OPEN,     /* an existing file ("_Open") */
  SP_FILE_CHOOSER_SAVE,     /* a file to write ("_Save") */
  SP_FILE_CHOOSER_EXPORT,   /* a file to write in one of the types ("_Export"):
                             * a name without any of the types' extensions
                             * gets the selected type's */
} SpFileChooserMode;

/* A file type offered as a filter, in order; the first is selected. */
typedef struct {
  const char *name;         /* translated: "PDF documents" */
  const char *extension;    /* ".pdf": the filter's pattern is "*.pdf" */
  const char *mime_type;
} SpFileType;

typedef struct {
  SpFileChooserMode   mode;
  const char         *title;
  const char         *accept_label;   /* NULL: the mode's */
  const SpFileType   *types;
  guint               n_types;
  GFile              *file;           /* SAVE: the file to start at, or NULL */
  const char         *name;           /* SAVE, EXPORT: the name suggested without @file */
  GFile              *near;           /* without @file: start in this file's folder (the
                                       * case's), else in Documents (never the working
                                       * directory); may be NULL */

  /* One more question in the dialog (a slide size), or choice_label NULL. */
  const char         *choice_label;
  const char * const *choice_ids;     /* NULL-terminated; the first is selected */
  const char * const *choice_labels;
} SpFileRequest;

/* Called once a file is chosen, with the choice's id (or NULL); not called
 * when the dialog is cancelled. */
typedef void (*SpFileChosenFunc) (GtkWindow  *parent,
                                  GFile      *file,
                                  const char *choice,
                                  gpointer    user_data);

/* Asks for a file, modal on @parent (kept alive until the answer); @destroy
 * frees @user_data after @func ran or the dialog was cancelled. */
void sp_file_chooser_run (GtkWindow           *parent,
                          const SpFileRequest *request,
                          SpFileChosenFunc     func,
                          gpointer             user_data,
                          GDestroyNotify       destroy);

/* The local path of @file, to write to; NULL with an error when @file is not
 * a local file (the app writes through the C library, not GIO). */
char *sp_file_get_path_to_write (GFile   *file,
                                 GError **error);

/* Tests: @func is called instead of showing a dialog, with the request and
 * the folder the dialog would start in; the file it returns (full) is the
 * one chosen, NULL: the request is cancelled. NULL shows dialogs again. */
typedef GFile *(*SpFileChooserTestFunc) (const SpFileRequest *request,
                                         GFile               *folder,
                                         gpointer             user_data);
void  sp_file_chooser_set_test_func (SpFileChooserTestFunc func,
                                     gpointer              user_data);

G_END_DECLS
