/* sp-case-widget.h: a widget that shows a case and follows its changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-case.h"

G_BEGIN_DECLS

#define SP_TYPE_CASE_WIDGET (sp_case_widget_get_type ())
G_DECLARE_DERIVABLE_TYPE (SpCaseWidget, sp_case_widget, SP, CASE_WIDGET, GtkWidget)

struct _SpCaseWidgetClass
{
  GtkWidgetClass parent_class;

  /* The widget shows another case (or none): called once the signals given
   * to sp_case_widget_follow () are those of the new case, before "case" is
   * notified. @old_case (may be NULL) is alive until this returns. */
  void (*case_changed) (SpCaseWidget *self,
                        SpCase       *old_case);

  gpointer _reserved[4];
};

SpCase *sp_case_widget_get_case (SpCaseWidget *self);
void    sp_case_widget_set_case (SpCaseWidget *self,
                                 SpCase       *sp_case);
/* Calls @callback (@self, as its only argument) on @detailed_signal
 * ("notify::assessment") of whichever case @self shows. */
void    sp_case_widget_follow   (SpCaseWidget *self,
                                 const char   *detailed_signal,
                                 GCallback     callback);

G_END_DECLS
