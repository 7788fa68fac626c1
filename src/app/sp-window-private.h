/* sp-window-private.h: what sp-window.c and sp-window-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-alerts-view.h"
#include "sp-dose-panel.h"
#include "sp-flowchart.h"
#include "sp-patient-form.h"
#include "sp-timeline-view.h"
#include "sp-window.h"

G_BEGIN_DECLS

/* What to do once the user has decided about unsaved changes. */
typedef enum {
  SP_PENDING_NONE,
  SP_PENDING_NEW,
  SP_PENDING_OPEN,
  SP_PENDING_CLOSE,
  SP_PENDING_IMPORT_FHIR,   /* open a FHIR Bundle as a new case */
} SpPending;

struct _SpWindow
{
  AdwApplicationWindow  parent_instance;

  SpSiteData           *site_data;        /* the protocol and drug library, and their origin */
  SpCase               *sp_case;
  SpDrugLibrary        *case_drugs;       /* the library sp_case was made with */
  GSettings            *settings;
  GtkPrintSettings     *print_settings;   /* the printer last confirmed, or NULL */
  SpPending             pending;
  gboolean              close_confirmed;
  gboolean              add_menu_pending; /* Ctrl+D: open the menu once the dose panel shows */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *site_revealer;    /* a refused site file */
  GtkLabel             *site_label;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;     /* menu_button's, once first opened */
  AdwFlap              *form_flap;        /* the form, moved aside when narrow */
  AdwFlap              *dose_flap;        /* the dose panel, moved aside first */
  GtkWidget            *form_pane;
  GtkWidget            *center_paned;     /* the flowchart over the details */
  SpPatientForm        *patient_form;
  SpFlowchart          *flowchart;
  SpAlertsView         *alerts_view;
  GtkStack             *detail_stack;     /* the assessment, the timeline */
  GtkWidget            *timeline_page;    /* holds timeline_view */
  SpTimelineView       *timeline_view;    /* NULL until its page is first shown */
  SpDosePanel          *dose_panel;
  GtkLabel             *disclaimer_label;
  GMenu                *print_section;

  GMenu                *sheet_menu;       /* "Print Infusion Sheet": one per infusion */
};

/* sp-window-actions.c */
void _sp_window_class_actions_init (SpWindowClass *klass);
/* The window's own key handlers (F6, Shift+F6). */
void _sp_window_actions_init       (SpWindow      *self);
/* Connects the actions to self->sp_case (again after a new one). */
void _sp_window_actions_follow_case (SpWindow     *self);
/* Runs @pending at once when the case has no unsaved changes, else asks. */
void _sp_window_confirm_discard    (SpWindow      *self,
                                    SpPending      pending);

/* sp-window.c */
/* F6 / Shift+F6: the keyboard focus to the next (@step 1) or previous (-1)
 * pane: form, flowchart, details, dose panel; a pane moved aside is shown. */
void _sp_window_cycle_panes        (SpWindow      *self,
                                    int            step);
/* Ctrl+D: the dose panel, shown if it was moved aside, with its "Add
 * Drug" menu open. */
void _sp_window_add_drug           (SpWindow      *self);
/* Escape: hides a side pane shown over the flowchart; FALSE if none was. */
gboolean _sp_window_hide_pane      (SpWindow      *self);
/* The timeline view, made (in its page of the detail stack) if it was not
 * yet. */
SpTimelineView *_sp_window_ensure_timeline (SpWindow *self);
/* The keyboard focus to the form's first field (after a new case). */
void _sp_window_focus_form         (SpWindow      *self);
void _sp_window_show_error         (SpWindow      *self,
                                    const char    *heading,
                                    const char    *body);
void _sp_window_toast              (SpWindow      *self,
                                    const char    *text);
/* An empty case in the site's profile of now (the "drug-profile" key). */
void _sp_window_new_case           (SpWindow      *self);

G_END_DECLS
