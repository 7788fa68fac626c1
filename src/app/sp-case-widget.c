/* sp-case-widget.c: a widget that shows a case and follows its changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parent of the window's views of a case (the form, the flowchart, the
 * alerts, the timeline, the trend, the dose panel): it holds the "case"
 * property, connects the signals a view follows to whichever case it shows
 * (a GSignalGroup), and tells the view when the case is another one
 * (case_changed). The view draws; this holds no clinical logic.
 */
#define G_LOG_DOMAIN "sp-case-widget"

#include "config.h"

#include "sp-case-widget.h"

typedef struct
{
  SpCase       *sp_case;
  GSignalGroup *case_signals;   /* follow the case */
} SpCaseWidgetPrivate;

enum {
  PROP_0,
  PROP_CASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SpCaseWidget, sp_case_widget, GTK_TYPE_WIDGET)

SpCase *
sp_case_widget_get_case (SpCaseWidget *self)
{
  SpCaseWidgetPrivate *priv = sp_case_widget_get_instance_private (self);

  g_return_val_if_fail (SP_IS_CASE_WIDGET (self), NULL);

  return priv->sp_case;
}

void
sp_case_widget_set_case (SpCaseWidget *self,
                         SpCase       *sp_case)
{
  SpCaseWidgetPrivate *priv = sp_case_widget_get_instance_private (self);
  g_autoptr(SpCase) old_case = NULL;

  g_return_if_fail (SP_IS_CASE_WIDGET (self));
  g_return_if_fail (sp_case == NULL || SP_IS_CASE (sp_case));

  if (priv->sp_case == sp_case)
    return;

  /* The old case lives until the view has let go of it. */
  old_case = g_steal_pointer (&priv->sp_case);
  priv->sp_case = sp_case != NULL ? g_object_ref (sp_case) : NULL;
  g_signal_group_set_target (priv->case_signals, sp_case);

  if (SP_CASE_WIDGET_GET_CLASS (self)->case_changed != NULL)
    SP_CASE_WIDGET_GET_CLASS (self)->case_changed (self, old_case);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

void
sp_case_widget_follow (SpCaseWidget *self,
                       const char   *detailed_signal,
                       GCallback     callback)
{
  SpCaseWidgetPrivate *priv = sp_case_widget_get_instance_private (self);

  g_return_if_fail (SP_IS_CASE_WIDGET (self));
  g_return_if_fail (detailed_signal != NULL);
  g_return_if_fail (callback != NULL);

  g_signal_group_connect_swapped (priv->case_signals, detailed_signal, callback, self);
}

static void
sp_case_widget_dispose (GObject *object)
{
  SpCaseWidget *self = SP_CASE_WIDGET (object);
  SpCaseWidgetPrivate *priv = sp_case_widget_get_instance_private (self);

  g_clear_object (&priv->case_signals);
  g_clear_object (&priv->sp_case);

  G_OBJECT_CLASS (sp_case_widget_parent_class)->dispose (object);
}

static void
sp_case_widget_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpCaseWidget *self = SP_CASE_WIDGET (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, sp_case_widget_get_case (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_case_widget_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpCaseWidget *self = SP_CASE_WIDGET (object);

  switch (prop_id)
    {
    case PROP_CASE:
      sp_case_widget_set_case (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_case_widget_class_init (SpCaseWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_case_widget_dispose;
  object_class->get_property = sp_case_widget_get_property;
  object_class->set_property = sp_case_widget_set_property;

  /* The case the widget shows; NULL: none. */
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL,
                         SP_TYPE_CASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_case_widget_init (SpCaseWidget *self)
{
  SpCaseWidgetPrivate *priv = sp_case_widget_get_instance_private (self);

  priv->case_signals = g_signal_group_new (SP_TYPE_CASE);
}
