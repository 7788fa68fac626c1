/* sp-widget-util.c: small helpers the app's widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "sp-text-breaks.h"
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

/* A menu button's or a drop-down's toggle button is open while active. */
static void
hide_tooltip_while_open (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      g_signal_connect_object (child, "notify::active", G_CALLBACK (on_menu_button_toggled),
                               widget, 0);
}

void
sp_menu_button_hide_tooltip_while_open (GtkMenuButton *button)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));

  /* GTK 4.8 has no GtkMenuButton:active (4.10): its toggle button has. */
  hide_tooltip_while_open (GTK_WIDGET (button));
}

void
sp_drop_down_hide_tooltip_while_open (GtkDropDown *dropdown)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  hide_tooltip_while_open (GTK_WIDGET (dropdown));
}

double
sp_settings_get_font_scale (GtkSettings *settings)
{
  g_autofree char *font_name = NULL;
  PangoFontDescription *font;
  double scale = 1.0;
  int size;

  g_return_val_if_fail (GTK_IS_SETTINGS (settings), 1.0);

  g_object_get (settings, "gtk-font-name", &font_name, NULL);
  if (font_name == NULL)
    return 1.0;
  font = pango_font_description_from_string (font_name);
  size = pango_font_description_get_size (font);
  if (size > 0 && !pango_font_description_get_size_is_absolute (font))
    scale = MAX (1.0, (double) size / PANGO_SCALE / 11.0);
  pango_font_description_free (font);
  return scale;
}

void
sp_label_keep_quantities (GtkLabel *label)
{
  PangoAttrList *attrs;

  g_return_if_fail (GTK_IS_LABEL (label));

  attrs = pango_attr_list_new ();
  sp_text_keep_quantities (attrs, gtk_label_get_text (label));
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

void
sp_label_set_text_keeping_quantities (GtkLabel   *label,
                                      const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (text != NULL);

  gtk_label_set_text (label, text);
  sp_label_keep_quantities (label);
}

static void
string_item_setup (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (wrap))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
    }
  gtk_list_item_set_child (item, label);
}

static void
string_item_bind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  wrap)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

GtkListItemFactory *
sp_string_item_factory_new (gboolean wrap)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (string_item_setup), GINT_TO_POINTER (wrap));
  g_signal_connect (factory, "bind", G_CALLBACK (string_item_bind), GINT_TO_POINTER (wrap));
  return factory;
}
