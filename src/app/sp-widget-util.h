/* sp-widget-util.h: small helpers the app's widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Unparents every child of @widget: a widget with a layout manager does this
 * in its dispose (after gtk_widget_dispose_template ()). */
void sp_widget_unparent_children (GtkWidget *widget);

/* The accessible name of @dropdown, and of the button inside it that takes
 * the keyboard focus: GTK 4.8 names that button "GtkToggleButton" for a
 * screen reader. */
void sp_drop_down_set_accessible_label (GtkDropDown *dropdown,
                                        const char  *label);

/* Keeps @button's tooltip from staying drawn over its open menu (GTK 4.8
 * leaves it up): no tooltip while the menu is open. */
void sp_menu_button_hide_tooltip_while_open (GtkMenuButton *button);
/* The same for a drop-down's list. */
void sp_drop_down_hide_tooltip_while_open (GtkDropDown *dropdown);

/* Sets @text on @label with no line break inside a quantity: a number
 * stays with its unit ("16 mcg/mL", never "16" / "mcg/mL" or "mcg/" /
 * "mL"), "4 mg/250 mL" stays whole (ISMP: a number always shown with its
 * unit). Lines still break between quantities (sp-text-breaks.h). */
void sp_label_set_text_keeping_quantities (GtkLabel   *label,
                                           const char *text);
/* The same for the text @label has (set as markup, say): set again after
 * each new text, since the spans are the text's. */
void sp_label_keep_quantities (GtkLabel *label);

/* How much larger than GNOME's default (11 pt) the interface font is
 * (gtk-font-name), never below 1: a smaller default font (Sans 10) is not
 * less text. Large Text raises the resolution instead (gtk-xft-dpi). */
double sp_settings_get_font_scale (GtkSettings *settings);

/* A factory for a list of GtkStringObjects (a GtkDropDown's or an
 * AdwComboRow's): with @wrap each item whole, wrapped at 40 characters (a
 * list the user chooses from); without, on one line, ellipsized at its
 * start (a drop-down's button showing the choice: GTK 4.8 measures a
 * GtkDropDown at one height, so a wrapped label in its button overflowed
 * it, arrow and all; names of one list differ at their end, "…50 mL
 * syringes (UK ICS, Europe)" and "…250 mL bags (ASHP S4S)"). */
GtkListItemFactory *sp_string_item_factory_new (gboolean wrap);

G_END_DECLS
