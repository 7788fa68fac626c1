/* sp-widget-util.c: small helpers the app's widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-widget-util.h"

void
sp_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

void
sp_drop_down_set_accessible_label (GtkDropDown *dropdown,
                                   const char  *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (label != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_menu_button_toggled (GtkToggleButton *toggle,
                        GParamSpec      *pspec,
                        GtkWidget       *button)
{
  gtk_widget_set_has_tooltip (button, !gtk_toggle_button_get_active (toggle));
  /* The tooltip shown now goes at once, not when the pointer moves. */
  gtk_widget_trigger_tooltip_query (button);
}

void
sp_menu_button_hide_tooltip_while_open (GtkMenuButton *button)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));

  /* GTK 4.8 has no GtkMenuButton:active (4.10): its toggle button has. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (button)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      g_signal_connect_object (child, "notify::active", G_CALLBACK (on_menu_button_toggled),
                               button, 0);
}
