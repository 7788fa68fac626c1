/* sp-infusion-card.c: one infusion: concentration, dose and pump rate both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes what the user types into the SpInfusion's properties and shows what
 * the infusion computed: the dose <-> rate arithmetic, the limit state and its
 * message are all the core's. A rate is always shown with the concentration
 * it assumes.
 *
 * A typed dose or rate is applied on Enter or when the entry loses the focus,
 * not on every keystroke. A new dose more than twice or less than half the
 * running one (sp_infusion_check_dose_change), or above the soft limit, is
 * applied only once the user confirms it in a dialog that names the factor
 * and the limit; Cancel puts the running dose back.
 *
 * Refused means refused: text that does not parse, a unit the card is not in
 * ("5 mcg/min" in mcg/kg/min), a dose above the hard limit or a rate that
 * gives no dose never reaches the infusion. The infusion keeps its last
 * accepted dose (so the dose-change question always compares with it), the
 * typed text stays in the entry marked as an error, and the card says what
 * runs and what was refused. An emptied entry changes nothing either:
 * stopping and removing are explicit (card.stop, card.remove), each with an
 * "Undo" toast (win.undo).
 */
#define G_LOG_DOMAIN "sp-infusion-card"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sp-bag-plan.h"
#include "sp-dose.h"
#include "sp-format.h"
#include "sp-infusion-card.h"
#include "sp-text-breaks.h"
#include "sp-widget-util.h"

struct _SpInfusionCard
{
  GtkWidget      parent_instance;

  SpCase        *sp_case;
  SpInfusion    *infusion;

  gboolean       syncing;        /* the card itself is changing its widgets */
  GtkWidget     *editing;        /* the entry the user is typing into, or NULL */
  gboolean       dose_typed;     /* the dose entry holds text not applied yet */
  gboolean       rate_typed;     /* the rate entry holds text not applied yet */
  gboolean       conc_other;     /* the user chose "Other (type it)": it stays chosen */
  GtkWindow     *confirm;        /* the open dose-change question (weak), or NULL */
  double         confirm_value;  /* the dose or rate it asks about */
  gboolean       confirm_rate;   /* TRUE: confirm_value is a rate */
  /* The dose above the soft limit the user confirmed, and when: while it
   * runs the card says so instead of asking again. */
  double         confirmed_dose;
  SpDoseUnit     confirmed_unit;
  GDateTime     *confirmed_at;
  char          *dose_error;     /* why the dose text is not a dose (typing) or was refused */
  char          *rate_error;
  char          *conc_error;
  char          *refused_text;   /* the text last refused ("" emptied), or NULL */
  char          *refused_reason; /* why, from the core (NULL when emptied) */

  GtkLabel      *name_label;
  GtkMenuButton *print_button;
  GtkButton     *stop_button;
  GtkButton     *remove_button;
  GtkLabel      *basis_label;
  GtkDropDown   *conc_dropdown;
  GtkEntry      *conc_entry;
  GtkLabel      *conc_message;
  GtkEntry      *dose_entry;
  GtkDropDown   *unit_dropdown;
  GtkEntry      *rate_entry;
  GtkLabel      *result_label;
  GtkLabel      *step_label;
  GtkLabel      *plan_label;
  GtkLabel      *message_label;
  GtkLabel      *range_label;
};

enum {
  PROP_0,
  PROP_CASE,
  PROP_INFUSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpInfusionCard, sp_infusion_card, GTK_TYPE_WIDGET)

static const SpDrug *
card_drug (SpInfusionCard *self)
{
  return sp_infusion_get_drug (self->infusion);
}

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_remove_css_class (widget, "dim-label");
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

/* The limit (@hard: the hard one, else the soft one) that holds for a dose
 * in @unit: of the limits the drug states in each of its units, converted
 * to @unit (a per-kg limit with the weight), the one the core's check
 * accepts a dose at (sp_drug_check_dose: a dose at a limit is not above
 * it, and above the lowest limit is above it). Sets @out_check to it, said
 * as the core's check says a limit crossed, and @out_cites to its unit's
 * citations; FALSE when the drug states none that converts. */
static gboolean
find_effective_limit (const SpDrug        *drug,
                      SpDoseUnit           unit,
                      double               weight_kg,
                      gboolean             hard,
                      SpLimitCheck        *out_check,
                      const char * const **out_cites)
{
  const SpDoseLimits *own = sp_drug_find_dose_limits (drug, unit);
  guint n = sp_drug_get_n_dose_units (drug);

  /* The dose's own unit first: on a tie its limit is the one said. */
  for (guint i = 0; i <= n; i++)
    {
      const SpDoseLimits *limits = i == 0 ? own : sp_drug_get_dose_limits (drug, i - 1);
      double stated, in_unit;
      SpLimitCheck check;

      if (limits == NULL || (i > 0 && (limits == own || limits->derived)))
        continue;
      stated = hard ? limits->hard_max : limits->soft_max;
      if (isnan (stated)
          || !sp_dose_convert (stated, limits->unit, unit, weight_kg, &in_unit, NULL)
          || !sp_drug_check_dose (drug, in_unit, unit, weight_kg, &check, NULL)
          || check.state > (hard ? SP_LIMIT_SOFT : SP_LIMIT_OK))
        continue;

      out_check->state = hard ? SP_LIMIT_HARD : SP_LIMIT_SOFT;
      out_check->limit = stated;
      out_check->limit_unit = limits->unit;
      out_check->dose_in_limit_unit = stated;
      out_check->weight_kg = limits->unit.per_kg != unit.per_kg ? weight_kg : NAN;
      out_check->limit_in_dose_unit = in_unit;
      *out_cites = limits->limit_cites;
      return TRUE;
    }
  return FALSE;
}

/* The usual range in the dose's unit, then the soft and hard limits that
 * hold for it: "Soft limit 50 mcg/min (1 mcg/kg/min at 50 kg) · hard limit
 * 150 mcg/min (3 mcg/kg/min at 50 kg) [local]" for a mcg/min dose of a drug
 * whose limits are per kg. */
static void
sp_infusion_card_update_range (SpInfusionCard *self)
{
  const SpDrug *drug = card_drug (self);
  SpDoseUnit unit = sp_infusion_get_dose_unit (self->infusion);
  double weight_kg = sp_infusion_get_weight (self->infusion);
  const SpDoseLimits *limits = sp_drug_find_dose_limits (drug, unit);
  const char *unit_text = sp_dose_unit_get_label (unit);
  g_autoptr(GString) text = g_string_new (NULL);
  SpLimitCheck soft, hard;
  const char * const *soft_cites = NULL;
  const char * const *hard_cites = NULL;
  gboolean has_soft, has_hard;

  if (limits == NULL)
    {
      sp_label_set_text_keeping_quantities (self->range_label, "");
      return;
    }

  if (!isnan (limits->usual_max))
    {
      g_autofree char *max = sp_format_dose_number (limits->usual_max, SP_NUMBER_LOCALE);
      g_autofree char *cites = sp_format_cites_suffix (limits->usual_cites);

      if (!isnan (limits->usual_min))
        {
          g_autofree char *min = sp_format_dose_number (limits->usual_min, SP_NUMBER_LOCALE);

          /* Translators: "Usual: 0.2–1 mcg/kg/min" */
          g_string_append_printf (text, _("Usual: %s–%s %s"), min, max, unit_text);
        }
      else
        {
          /* Translators: "Usual: up to 0.03 units/min" */
          g_string_append_printf (text, _("Usual: up to %s %s"), max, unit_text);
        }
      if (limits->usual_note != NULL)
        g_string_append_printf (text, " (%s)", limits->usual_note);
      g_string_append (text, cites);
    }

  has_soft = find_effective_limit (drug, unit, weight_kg, FALSE, &soft, &soft_cites);
  has_hard = find_effective_limit (drug, unit, weight_kg, TRUE, &hard, &hard_cites);
  if (has_soft || has_hard)
    {
      g_autofree char *soft_suffix = has_soft ? sp_format_cites_suffix (soft_cites) : NULL;
      g_autofree char *hard_suffix = has_hard ? sp_format_cites_suffix (hard_cites) : NULL;

      if (text->len > 0)
        g_string_append (text, "\n");
      if (has_soft)
        {
          g_autofree char *limit = sp_limit_check_format_limit (&soft, unit, SP_NUMBER_LOCALE);

          /* Translators: "Soft limit 1 mcg/kg/min", or a limit stated per kg
           * for a dose per minute: "Soft limit 50 mcg/min (1 mcg/kg/min at 50 kg)" */
          g_string_append_printf (text, _("Soft limit %s"), limit);
          /* The citations once when both limits have the same. */
          if (!has_hard || g_strcmp0 (soft_suffix, hard_suffix) != 0)
            g_string_append (text, soft_suffix);
        }
      if (has_hard)
        {
          g_autofree char *limit = sp_limit_check_format_limit (&hard, unit, SP_NUMBER_LOCALE);

          if (has_soft)
            g_string_append (text, " · ");
          /* Translators: "hard limit 3 mcg/kg/min", or "hard limit 150 mcg/min
           * (3 mcg/kg/min at 50 kg)" */
          g_string_append_printf (text, _("hard limit %s"), limit);
          g_string_append (text, hard_suffix);
        }
    }

  sp_label_set_text_keeping_quantities (self->range_label, text->str);
}

/* What runs and what was refused: "Running at 0.2 mcg/kg/min; 4 was
 * refused: <the core's reason>". */
static char *
sp_infusion_card_describe_refusal (SpInfusionCard *self)
{
  double dose = sp_infusion_get_dose (self->infusion);
  gboolean running = sp_infusion_get_running (self->infusion);
  g_autofree char *dose_text = NULL;

  g_assert (self->refused_text != NULL);

  if (running && !isnan (dose))
    dose_text = sp_format_dose (dose, sp_infusion_get_dose_unit (self->infusion), 0,
                                SP_NUMBER_LOCALE);

  /* Emptied: nothing was refused as such, but nothing stopped either. */
  if (self->refused_reason == NULL)
    {
      if (dose_text != NULL)
        /* Translators: "Running at 0.2 mcg/kg/min; an empty entry ..." */
        return g_strdup_printf (_("Running at %s; an empty entry does not stop it. "
                                  "Use Stop to stop the infusion."), dose_text);
      return g_strdup (_("Running at a dose not recorded; an empty entry does not stop it. "
                         "Use Stop to stop the infusion."));
    }

  if (dose_text != NULL)
    /* Translators: "Running at 0.2 mcg/kg/min; 4 was refused: <why>" */
    return g_strdup_printf (_("Running at %s; %s was refused: %s"),
                            dose_text, self->refused_text, self->refused_reason);
  if (running)
    /* Translators: "Running at a dose not recorded; 4 was refused: <why>" */
    return g_strdup_printf (_("Running at a dose not recorded; %s was refused: %s"),
                            self->refused_text, self->refused_reason);
  /* Translators: "4 was refused: <why>" */
  return g_strdup_printf (_("%s was refused: %s"), self->refused_text, self->refused_reason);
}

/* The bag planner at the running rate, in the sheet's words (the core's):
 * "Bag: lasts 38 h 6 min; 157.5 mL and 10.1 mg per 24 h", "Next one:
 * empty in … prepare the next one in …", and the advice of a stronger
 * standard concentration when there is one. Hidden without a rate or a
 * bag volume. */
static void
sp_infusion_card_update_plan (SpInfusionCard *self,
                              double          rate)
{
  const SpDrug *drug = card_drug (self);
  const SpConcentration *conc = sp_infusion_get_concentration (self->infusion);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *next = NULL;
  g_autofree char *advisory = NULL;
  SpBagPlan plan;

  if (isnan (rate) || conc == NULL || !sp_infusion_get_running (self->infusion)
      || !sp_bag_plan_compute (drug, conc, rate, &plan))
    {
      sp_label_set_text_keeping_quantities (self->plan_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->plan_label), FALSE);
      return;
    }

  summary = sp_bag_plan_format_summary (&plan, SP_NUMBER_LOCALE);
  next_text = sp_bag_plan_format_next (&plan, SP_NUMBER_LOCALE);
  next = sp_format_cited (next_text, plan.course_ends_first ? plan.course_cites
                                                            : plan.lead_cites);
  advisory = sp_bag_plan_format_advisory (drug, &plan, sp_infusion_get_dose_unit (self->infusion),
                                          sp_infusion_get_weight (self->infusion),
                                          SP_NUMBER_LOCALE);
  /* Translators: a label and its text ("Soft limit: …"); French puts a space before the colon */
  g_string_append_printf (text, _("%s: %s"),
                          sp_bag_plan_is_syringe (&plan) ? _("Syringe") : _("Bag"), summary);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("%s: %s"), _("Next one"), next);
  if (advisory != NULL)
    {
      g_autofree char *cited = sp_format_cited (advisory, plan.advisory.cites);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s: %s"), _("Advice"), cited);
    }
  sp_label_set_text_keeping_quantities (self->plan_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_label), TRUE);
}

/* The result line, the message and the entries' styles. */
static void
sp_infusion_card_update_state (SpInfusionCard *self)
{
  SpLimitState state = sp_infusion_get_limit_state (self->infusion);
  const char *message = sp_infusion_get_message (self->infusion);
  double rate = sp_infusion_get_rate (self->infusion);
  const char *dose_style = NULL;
  const char *message_style = NULL;
  const char *shown = NULL;

  g_autofree char *refusal = NULL;
  g_autofree char *confirmed = NULL;
  g_autofree char *message_confirmed = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self), "sp-soft-limit");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "sp-hard-limit");

  if (self->refused_text != NULL)
    {
      refusal = sp_infusion_card_describe_refusal (self);
      dose_style = self->dose_error != NULL ? "error" : NULL;
      message_style = self->refused_reason != NULL ? "error" : "warning";
      shown = refusal;
    }
  else if (self->dose_error != NULL)
    {
      dose_style = "error";
      message_style = "error";
      shown = self->dose_error;
    }
  else if (self->rate_error != NULL)
    {
      message_style = "error";
      shown = self->rate_error;
    }
  else if (state == SP_LIMIT_HARD)
    {
      dose_style = "error";
      message_style = "error";
      shown = message;
      gtk_widget_add_css_class (GTK_WIDGET (self), "sp-hard-limit");
    }
  else if (state == SP_LIMIT_SOFT)
    {
      dose_style = "warning";
      message_style = "warning";
      shown = message;
      gtk_widget_add_css_class (GTK_WIDGET (self), "sp-soft-limit");
      /* Answered: the dose runs as confirmed (it said "confirm the dose"
       * after the confirmation as before it). */
      if (self->confirmed_at != NULL && message != NULL &&
          sp_infusion_get_dose (self->infusion) == self->confirmed_dose &&
          sp_dose_unit_equal (sp_infusion_get_dose_unit (self->infusion), self->confirmed_unit))
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (self->confirmed_at);
          g_autofree char *at = g_date_time_format (local, "%H:%M");

          /* Translators: under the soft-limit message of a dose the user
           * confirmed: "Confirmed at 14:32." */
          confirmed = g_strdup_printf (_("Confirmed at %s."), at);
          message_confirmed = g_strdup_printf ("%s\n%s", message, confirmed);
          shown = message_confirmed;
        }
    }
  else if (message != NULL)
    {
      message_style = "dim-label";
      shown = message;
    }

  /* Typed but not applied: the rate below is still the running one. */
  if (self->dose_error == NULL && self->rate_error == NULL && self->refused_text == NULL
      && (self->dose_typed || self->rate_typed))
    {
      message_style = "dim-label";
      shown = self->dose_typed ? _("Press Enter to apply the typed dose.")
                               : _("Press Enter to apply the typed rate.");
    }

  set_style (GTK_WIDGET (self->dose_entry), dose_style);
  set_style (GTK_WIDGET (self->rate_entry), self->rate_error != NULL ? "error" : NULL);
  set_style (GTK_WIDGET (self->message_label), message_style);
  gtk_label_set_text (self->message_label, shown != NULL ? shown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), shown != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dose_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  shown != NULL ? shown : "", -1);

  if (!isnan (rate))
    {
      const SpConcentration *conc = sp_infusion_get_concentration (self->infusion);
      g_autofree char *rate_text = sp_drug_format_rate (card_drug (self), rate,
                                                        sp_infusion_get_dose_unit (self->infusion),
                                                        sp_infusion_get_weight (self->infusion),
                                                        conc, SP_NUMBER_LOCALE);
      /* A salt in both forms: "24 mg tartrate (12 mg base)/48 mL". */
      g_autofree char *conc_text = sp_drug_format_concentration (card_drug (self), conc,
                                                                 SP_NUMBER_LOCALE);
      g_autofree char *per_ml = sp_format_concentration_per_ml (conc, SP_NUMBER_LOCALE);
      g_autofree char *text = NULL;

      g_autofree char *alike = sp_drug_library_describe_look_alike (sp_infusion_get_library (self->infusion),
                                                                    card_drug (self), conc,
                                                                    SP_NUMBER_LOCALE);
      g_autofree char *rounding = sp_drug_describe_rate_rounding (card_drug (self),
                                                                  sp_infusion_get_dose (self->infusion),
                                                                  sp_infusion_get_dose_unit (self->infusion),
                                                                  sp_infusion_get_weight (self->infusion),
                                                                  conc, SP_NUMBER_LOCALE);

      /* Translators: "26.3 mL/h at 4 mg/250 mL (16 mcg/mL)" */
      text = g_strdup_printf (_("%s mL/h at %s (%s)"), rate_text, conc_text, per_ml);
      /* the bag beside a standard of another drug alike but for the name */
      if (alike != NULL)
        {
          g_autofree char *rate_line = g_steal_pointer (&text);

          /* Translators: the rate, then a label and its text: "…\nLook-alike: milrinone 10 mg/50 mL is …" */
          text = g_strdup_printf (_("%s\n%s: %s"), rate_line, _("Look-alike"), alike);
        }
      /* the dose the pump's step gives, when it is further from the dose
       * than the profile allows */
      if (rounding != NULL)
        {
          g_autofree char *cited = sp_format_cited (rounding,
                                                    sp_drug_get_rate_rounding_cites (card_drug (self)));
          /* Translators: a label and its text ("Soft limit: …"); French puts a space before the colon */
          g_autofree char *line = g_strdup_printf (_("%s: %s"), _("Pump step"), cited);

          sp_label_set_text_keeping_quantities (self->step_label, line);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->step_label), rounding != NULL);
      sp_label_set_text_keeping_quantities (self->result_label, text);
      set_style (GTK_WIDGET (self->result_label), NULL);
    }
  else
    {
      sp_label_set_text_keeping_quantities (self->result_label, _("No rate."));
      gtk_widget_set_visible (GTK_WIDGET (self->step_label), FALSE);
      set_style (GTK_WIDGET (self->result_label), "dim-label");
    }
  sp_infusion_card_update_plan (self, rate);
}

/* Puts @value into @entry unless its text already means it, or the text is
 * invalid and the model has no value, or the user is typing into it. */
static void
sync_entry (SpInfusionCard *self,
            GtkEntry       *entry,
            double          value,
            const char     *error,
            char           *formatted)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  double shown;
  gboolean same;

  if (self->editing == GTK_WIDGET (entry)
      || (entry == self->dose_entry && self->dose_typed)
      || (entry == self->rate_entry && self->rate_typed))
    {
      g_free (formatted);
      return;
    }

  if (text[0] == '\0')
    same = isnan (value);
  else
    same = sp_number_parse (text, SP_NUMBER_LOCALE, "", FALSE, &shown, NULL)
           && !isnan (value) && shown == value;

  if (!same && !(error != NULL && isnan (value)))
    gtk_editable_set_text (GTK_EDITABLE (entry), formatted != NULL ? formatted : "");

  g_free (formatted);
}

static void
sp_infusion_card_sync (SpInfusionCard *self)
{
  const SpDrug *drug = card_drug (self);
  const SpConcentration *conc = sp_infusion_get_concentration (self->infusion);
  SpDoseUnit unit = sp_infusion_get_dose_unit (self->infusion);
  double dose = sp_infusion_get_dose (self->infusion);
  double rate = sp_infusion_get_rate (self->infusion);
  guint n_conc = sp_drug_get_n_concentrations (drug);
  guint conc_index = n_conc;
  g_autofree char *dose_label = NULL;

  self->syncing = TRUE;

  /* No concentration recorded (an older file's therapy field): "Other",
   * empty, until the user says which bag runs. "Other" chosen by the user
   * stays chosen while the bag is still a standard one: the entry is where
   * a concentration (a salt: "8 mg tartrate/48 mL") is typed. */
  for (guint i = 0; i < n_conc && conc != NULL; i++)
    if (sp_concentration_equal (&sp_drug_get_concentration (drug, i)->conc, conc))
      conc_index = i;
  if (self->conc_other)
    conc_index = n_conc;
  if (gtk_drop_down_get_selected (self->conc_dropdown) != conc_index)
    gtk_drop_down_set_selected (self->conc_dropdown, conc_index);
  if (conc_index == n_conc && self->editing != GTK_WIDGET (self->conc_entry)
      && self->conc_error == NULL)
    {
      const char *shown = gtk_editable_get_text (GTK_EDITABLE (self->conc_entry));
      SpConcentration typed;

      /* The text as typed stays while it means the bag that runs. */
      if (conc == NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->conc_entry), "");
      else if (!sp_drug_parse_concentration (drug, shown, SP_NUMBER_LOCALE, NULL, &typed, NULL)
               || !sp_concentration_equal (&typed, conc))
        {
          g_autofree char *text = sp_drug_format_concentration (drug, conc, SP_NUMBER_LOCALE);

          gtk_editable_set_text (GTK_EDITABLE (self->conc_entry), text);
        }
    }
  if (self->conc_error == NULL)
    {
      gtk_label_set_text (self->conc_message,
                          conc == NULL ? _("The concentration is not recorded: "
                                           "choose or type the bag that runs.")
                                       : "");
      gtk_widget_set_visible (GTK_WIDGET (self->conc_message), conc == NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->conc_entry),
                          gtk_drop_down_get_selected (self->conc_dropdown) == n_conc);
  if (conc_index < n_conc && sp_drug_get_concentration (drug, conc_index)->diluent != NULL)
    {
      g_autofree char *diluent = g_strdup_printf (_("In %s"),
                                                  sp_drug_get_concentration (drug, conc_index)->diluent);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->conc_dropdown), diluent);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->conc_dropdown), NULL);

  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    if (sp_dose_unit_equal (sp_drug_get_dose_limits (drug, i)->unit, unit))
      gtk_drop_down_set_selected (self->unit_dropdown, i);

  /* Translators: accessible name of the dose entry: "Dose, mcg/kg/min" */
  dose_label = g_strdup_printf (_("Dose, %s"), sp_dose_unit_get_label (unit));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dose_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, dose_label, -1);

  sync_entry (self, self->dose_entry, dose, self->dose_error,
              isnan (dose) ? NULL : sp_format_dose_number (dose, SP_NUMBER_LOCALE));
  sync_entry (self, self->rate_entry, rate, self->rate_error,
              isnan (rate) ? NULL
                           : sp_format_decimal (sp_drug_round_rate (drug, rate, unit,
                                                                    sp_infusion_get_weight (self->infusion),
                                                                    conc),
                                                sp_drug_get_rate_decimals (drug), SP_NUMBER_LOCALE));

  self->syncing = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.stop",
                                 sp_infusion_get_running (self->infusion));

  sp_infusion_card_update_range (self);
  sp_infusion_card_update_state (self);
}

static void
sp_infusion_card_clear_refusal (SpInfusionCard *self)
{
  g_clear_pointer (&self->refused_text, g_free);
  g_clear_pointer (&self->refused_reason, g_free);
}

/* The infusion refused what was typed into the dose (or rate) entry, for
 * @reason: nothing changed; the text stays, marked, and the card says what
 * runs and what was refused. */
static void
sp_infusion_card_refuse (SpInfusionCard *self,
                         gboolean        is_rate,
                         const char     *reason)
{
  GtkEntry *entry = is_rate ? self->rate_entry : self->dose_entry;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  sp_infusion_card_clear_refusal (self);
  g_clear_pointer (&self->dose_error, g_free);
  g_clear_pointer (&self->rate_error, g_free);
  self->dose_typed = !is_rate;
  self->rate_typed = is_rate;
  if (is_rate)
    {
      self->rate_error = g_strdup (reason);
      /* Translators: the refused rate as typed: "200 mL/h" */
      self->refused_text = g_strdup_printf (_("%s mL/h"), text);
    }
  else
    {
      self->dose_error = g_strdup (reason);
      self->refused_text = g_steal_pointer (&text);
    }
  self->refused_reason = g_strdup (reason);
  sp_infusion_card_sync (self);
}

/* Forgets the typed text: the entries show the running dose and rate again. */
static void
sp_infusion_card_revert (SpInfusionCard *self)
{
  self->dose_typed = FALSE;
  self->rate_typed = FALSE;
  g_clear_pointer (&self->dose_error, g_free);
  g_clear_pointer (&self->rate_error, g_free);
  sp_infusion_card_clear_refusal (self);
  sp_infusion_card_sync (self);
}

/* Escape in the dose or rate entry: the typed text goes, the entries show
 * what runs again (as the form's fields put back their value); with
 * nothing typed the key goes on to the window. */
static gboolean
on_entry_key_pressed (SpInfusionCard  *self,
                      guint            keyval,
                      guint            keycode,
                      GdkModifierType  state)
{
  if (keyval != GDK_KEY_Escape ||
      !(self->dose_typed || self->rate_typed || self->refused_text != NULL))
    return FALSE;
  sp_infusion_card_revert (self);
  return TRUE;
}

/* An emptied dose or rate entry: it does not stop the drug. The entries show
 * what runs again, and the card says how to stop it. */
static void
sp_infusion_card_refuse_empty (SpInfusionCard *self)
{
  sp_infusion_card_revert (self);
  if (sp_infusion_get_running (self->infusion))
    {
      self->refused_text = g_strdup ("");
      sp_infusion_card_update_state (self);
    }
}

/* Sets the infusion's dose (or rate) to @value, or shows why it refused. */
static void
sp_infusion_card_apply (SpInfusionCard *self,
                        double          value,
                        gboolean        is_rate)
{
  g_autoptr(GError) error = NULL;
  gboolean applied;

  /* Cleared first: the infusion's "changed" shows the new dose and rate. */
  self->dose_typed = FALSE;
  self->rate_typed = FALSE;
  g_clear_pointer (&self->dose_error, g_free);
  g_clear_pointer (&self->rate_error, g_free);
  sp_infusion_card_clear_refusal (self);
  if (is_rate)
    applied = sp_infusion_set_rate (self->infusion, value, &error);
  else
    applied = sp_infusion_set_dose (self->infusion, value, &error);

  if (applied)
    sp_infusion_card_sync (self);
  else
    sp_infusion_card_refuse (self, is_rate, error->message);
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SpInfusionCard   *self)
{
  g_clear_weak_pointer (&self->confirm);

  if (g_strcmp0 (response, "change") == 0)
    {
      g_clear_pointer (&self->confirmed_at, g_date_time_unref);
      sp_infusion_card_apply (self, self->confirm_value, self->confirm_rate);
      /* what runs now is what was confirmed */
      self->confirmed_dose = sp_infusion_get_dose (self->infusion);
      self->confirmed_unit = sp_infusion_get_dose_unit (self->infusion);
      self->confirmed_at = g_date_time_new_now_local ();
      sp_infusion_card_update_state (self);
    }
  else
    {
      GtkEditable *entry = GTK_EDITABLE (self->confirm_rate ? self->rate_entry : self->dose_entry);

      /* The running value back in the entry, selected: what is typed next
       * replaces it ("x5" when the cursor was left before it). */
      sp_infusion_card_revert (self);
      gtk_editable_select_region (entry, 0, -1);
    }
}

/* Applies @value (a dose, or a rate giving @dose) at once, or first asks when
 * @dose is a big change from the running dose or above the soft limit. */
static void
sp_infusion_card_apply_or_confirm (SpInfusionCard *self,
                                   double          value,
                                   gboolean        is_rate,
                                   double          dose)
{
  const SpDrug *drug = card_drug (self);
  SpDoseUnit unit = sp_infusion_get_dose_unit (self->infusion);
  const char *unit_text = sp_dose_unit_get_label (unit);
  g_autofree char *factor = NULL;
  g_autofree char *limit_text = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  SpLimitCheck check = { SP_LIMIT_OK, };
  SpLimitState state = SP_LIMIT_OK;
  GtkRoot *root;
  GtkWidget *dialog;

  if (!isnan (dose))
    {
      if (sp_drug_check_dose (drug, dose, unit, sp_infusion_get_weight (self->infusion), &check,
                              NULL))
        state = check.state;
      /* A hard-limit dose is not asked about: the infusion refuses it. */
      if (state != SP_LIMIT_HARD)
        sp_infusion_check_dose_change (self->infusion, dose, &factor);
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if ((factor == NULL && state != SP_LIMIT_SOFT) || !GTK_IS_WINDOW (root))
    {
      sp_infusion_card_apply (self, value, is_rate);
      return;
    }

  if (factor != NULL)
    {
      g_autofree char *new_text = sp_format_dose_number (dose, SP_NUMBER_LOCALE);
      g_autofree char *old_text = sp_format_dose_number (sp_infusion_get_dose (self->infusion),
                                                         SP_NUMBER_LOCALE);

      /* Translators: "NORepinephrine 0.4 mcg/kg/min is 4× the running dose
       * (0.1 mcg/kg/min)." */
      g_string_append_printf (body, _("%s %s %s is %s (%s %s)."),
                              sp_drug_get_display_name (drug), new_text, unit_text,
                              factor, old_text, unit_text);
    }
  if (state == SP_LIMIT_SOFT)
    {
      limit_text = sp_drug_describe_limit (drug, dose, unit, &check, SP_NUMBER_LOCALE);
      if (limit_text != NULL)
        {
          if (body->len > 0)
            g_string_append (body, "\n\n");
          g_string_append (body, limit_text);
        }
    }

  /* The number the nurse programs: the pump rate of the new dose (typed,
   * or from the typed dose at this bag), rounded as the card shows it. */
  {
    const SpConcentration *conc = sp_infusion_get_concentration (self->infusion);
    double rate = NAN;

    if (is_rate)
      rate = value;
    else if (conc == NULL
             || !sp_dose_to_rate (dose, unit, sp_infusion_get_weight (self->infusion), conc,
                                  &rate, NULL))
      rate = NAN;
    if (!isnan (rate))
      {
        g_autofree char *rate_text = sp_drug_format_rate (drug, rate, unit,
                                                          sp_infusion_get_weight (self->infusion),
                                                          conc, SP_NUMBER_LOCALE);

        if (body->len > 0)
          g_string_append (body, "\n\n");
        if (conc != NULL)
          {
            /* a rate is never shown without the bag it assumes */
            g_autofree char *conc_text = sp_drug_format_concentration_with_strength (drug, conc,
                                                                                    SP_NUMBER_LOCALE);

            /* Translators: in the dose-change question: "New pump rate: 93.8 mL/h
             * at 16 mg/250 mL (64 mcg/mL)." */
            g_string_append_printf (body, _("New pump rate: %s mL/h at %s."), rate_text,
                                    conc_text);
          }
        else
          /* Translators: in the dose-change question, a rate typed for an
           * infusion whose bag is not recorded: "New pump rate: 105 mL/h
           * (its concentration is not recorded)." */
          g_string_append_printf (body, _("New pump rate: %s mL/h (its concentration is not "
                                          "recorded)."), rate_text);
      }
  }

  self->confirm_value = value;
  self->confirm_rate = is_rate;
  /* the body takes no attributes: its quantities are bound with no-break
   * spaces ("1 000 mg/250" then "mL" on the next line) */
  {
    g_autofree char *bound = sp_text_bind_quantities (body->str);

    dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Change the Dose?"), bound);
  }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "change", _("C_hange Dose"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Enter on the question keeps the running dose: a change needs a choice. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_confirm_response), self, 0);
  g_set_weak_pointer (&self->confirm, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "5 mcg/min" typed in a card in mcg/kg/min: the drug takes mcg/min, so the
 * card asks whether to switch to it (which clears the running dose and rate,
 * as the unit selector does) and then run the typed dose. Nothing changes
 * without the answer. */
static void
on_unit_offer_response (AdwMessageDialog *dialog,
                        const char       *response,
                        SpInfusionCard   *self)
{
  const SpDrug *drug = card_drug (self);
  SpDoseUnit *unit = g_object_get_data (G_OBJECT (dialog), "sp-unit");
  double dose = *(double *) g_object_get_data (G_OBJECT (dialog), "sp-dose");

  g_clear_weak_pointer (&self->confirm);
  if (g_strcmp0 (response, "switch") != 0)
    return;

  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    if (sp_dose_unit_equal (sp_drug_get_dose_limits (drug, i)->unit, *unit))
      {
        /* As a choice in the unit selector: the infusion clears dose and rate. */
        gtk_drop_down_set_selected (self->unit_dropdown, i);
        break;
      }
  if (!sp_dose_unit_equal (sp_infusion_get_dose_unit (self->infusion), *unit))
    return;
  sp_infusion_card_apply_or_confirm (self, dose, FALSE, dose);
}

static void
sp_infusion_card_offer_unit (SpInfusionCard *self,
                             const char     *text)
{
  const SpDrug *drug = card_drug (self);
  g_autoptr(GArray) units = sp_drug_get_dose_units (drug);
  g_autofree char *body = NULL;
  g_autofree char *dose_text = NULL;
  g_autofree char *switch_label = NULL;
  SpDoseUnit typed_unit;
  SpDoseUnit *offered;
  double *offered_dose;
  double dose;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (units == NULL || !GTK_IS_WINDOW (root) || self->confirm != NULL
      || !sp_dose_parse (text, SP_NUMBER_LOCALE, _("Dose"),
                         (const SpDoseUnit *) (gpointer) units->data, units->len, NULL,
                         &dose, &typed_unit, NULL))
    return;

  dose_text = sp_format_dose (dose, typed_unit, 0, SP_NUMBER_LOCALE);
  /* Translators: "5 mcg/min is a dose of NORepinephrine in mcg/min; this
   * card is in mcg/kg/min. Switch the card to mcg/min and run 5 mcg/min?
   * The dose and rate in mcg/kg/min are cleared." */
  body = g_strdup_printf (_("%s is a dose of %s in %s; this card is in %s. "
                            "Switch the card to %s and run %s? The dose and rate "
                            "in %s are cleared."),
                          dose_text, sp_drug_get_display_name (drug),
                          sp_dose_unit_get_label (typed_unit),
                          sp_dose_unit_get_label (sp_infusion_get_dose_unit (self->infusion)),
                          sp_dose_unit_get_label (typed_unit), dose_text,
                          sp_dose_unit_get_label (sp_infusion_get_dose_unit (self->infusion)));
  /* Translators: a button: "Switch to mcg/min" */
  switch_label = g_strdup_printf (_("_Switch to %s"), sp_dose_unit_get_label (typed_unit));

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Switch the Dose Unit?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep the Unit"),
                                    "switch", switch_label,
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  offered = g_new (SpDoseUnit, 1);
  *offered = typed_unit;
  offered_dose = g_new (double, 1);
  *offered_dose = dose;
  g_object_set_data_full (G_OBJECT (dialog), "sp-unit", offered, g_free);
  g_object_set_data_full (G_OBJECT (dialog), "sp-dose", offered_dose, g_free);
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_unit_offer_response), self, 0);
  g_set_weak_pointer (&self->confirm, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* Typing into the dose entry: says at once whether the text parses, but
 * changes nothing until Enter or focus-out. */
static void
on_dose_changed (SpInfusionCard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->dose_entry));
  SpDoseUnit unit = sp_infusion_get_dose_unit (self->infusion);
  g_autoptr(GError) error = NULL;
  SpDoseUnit typed_unit;
  double dose;

  if (self->syncing)
    return;

  sp_infusion_card_clear_refusal (self);
  g_clear_pointer (&self->dose_error, g_free);
  g_clear_pointer (&self->rate_error, g_free);
  if (text[0] != '\0'
      && !sp_dose_parse (text, SP_NUMBER_LOCALE, _("Dose"), &unit, 1, &unit,
                         &dose, &typed_unit, &error))
    self->dose_error = g_strdup (error->message);

  self->rate_typed = FALSE;
  self->dose_typed = TRUE;
  sp_infusion_card_update_state (self);
}

static void
sp_infusion_card_commit_dose (SpInfusionCard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->dose_entry));
  SpDoseUnit unit = sp_infusion_get_dose_unit (self->infusion);
  g_autoptr(GError) error = NULL;
  SpDoseUnit typed_unit;
  double dose = NAN;

  if (!self->dose_typed || self->confirm != NULL)
    return;

  g_clear_pointer (&self->dose_error, g_free);
  g_clear_pointer (&self->rate_error, g_free);
  if (is_blank (text))
    {
      sp_infusion_card_refuse_empty (self);
    }
  else if (!sp_dose_parse (text, SP_NUMBER_LOCALE, _("Dose"), &unit, 1, &unit,
                           &dose, &typed_unit, &error))
    {
      /* Not a dose in this card's unit: kept as typed, the running dose
       * stays; a unit the drug takes is offered, never switched to. */
      sp_infusion_card_refuse (self, FALSE, error->message);
      sp_infusion_card_offer_unit (self, text);
    }
  else if (dose == sp_infusion_get_dose (self->infusion))
    {
      sp_infusion_card_revert (self);
    }
  else
    {
      sp_infusion_card_apply_or_confirm (self, dose, FALSE, dose);
    }
}

static void
on_rate_changed (SpInfusionCard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->rate_entry));
  g_autoptr(GError) error = NULL;
  double rate;

  if (self->syncing)
    return;

  sp_infusion_card_clear_refusal (self);
  g_clear_pointer (&self->rate_error, g_free);
  g_clear_pointer (&self->dose_error, g_free);
  if (text[0] != '\0'
      && !sp_rate_parse (text, SP_NUMBER_LOCALE, _("Rate"), &rate, &error))
    self->rate_error = g_strdup (error->message);

  self->dose_typed = FALSE;
  self->rate_typed = TRUE;
  sp_infusion_card_update_state (self);
}

static void
sp_infusion_card_commit_rate (SpInfusionCard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->rate_entry));
  g_autoptr(GError) error = NULL;
  double rate = NAN;
  double dose = NAN;

  if (!self->rate_typed || self->confirm != NULL)
    return;

  g_clear_pointer (&self->rate_error, g_free);
  g_clear_pointer (&self->dose_error, g_free);
  if (is_blank (text))
    {
      sp_infusion_card_refuse_empty (self);
    }
  else if (!sp_rate_parse (text, SP_NUMBER_LOCALE, _("Rate"), &rate, &error))
    {
      sp_infusion_card_refuse (self, TRUE, error->message);
    }
  else if (rate == sp_infusion_get_rate (self->infusion))
    {
      sp_infusion_card_revert (self);
    }
  else
    {
      /* The dose this rate gives, to ask about it as about a typed dose;
       * when there is none the infusion says why once the rate is set. */
      const SpConcentration *conc = sp_infusion_get_concentration (self->infusion);

      if (conc == NULL
          || !sp_rate_to_dose (rate, sp_infusion_get_dose_unit (self->infusion),
                               sp_infusion_get_weight (self->infusion), conc, &dose, NULL))
        dose = NAN;
      sp_infusion_card_apply_or_confirm (self, rate, TRUE, dose);
    }
}

static void
on_entry_focus_leave (GtkEventControllerFocus *controller,
                      SpInfusionCard          *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (entry == GTK_WIDGET (self->dose_entry))
    sp_infusion_card_commit_dose (self);
  else
    sp_infusion_card_commit_rate (self);
}

static void
on_conc_entry_changed (SpInfusionCard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->conc_entry));
  g_autoptr(GError) error = NULL;
  SpConcentration conc;

  if (self->syncing)
    return;

  g_clear_pointer (&self->conc_error, g_free);
  if (sp_drug_parse_concentration (card_drug (self), text, SP_NUMBER_LOCALE, _("Concentration"),
                                   &conc, &error)
      && sp_drug_check_concentration (card_drug (self), &conc, _("Concentration"), &error))
    {
      self->editing = GTK_WIDGET (self->conc_entry);
      sp_infusion_set_concentration (self->infusion, &conc);
      self->editing = NULL;
    }
  else
    {
      self->conc_error = g_strdup (error->message);
    }

  set_style (GTK_WIDGET (self->conc_entry), self->conc_error != NULL ? "error" : NULL);
  gtk_label_set_text (self->conc_message, self->conc_error != NULL ? self->conc_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->conc_message), self->conc_error != NULL);
  sp_infusion_card_sync (self);
}

static void
on_conc_selected (SpInfusionCard *self)
{
  const SpDrug *drug = card_drug (self);
  guint selected = gtk_drop_down_get_selected (self->conc_dropdown);

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION)
    return;

  self->conc_other = selected >= sp_drug_get_n_concentrations (drug);
  if (selected < sp_drug_get_n_concentrations (drug))
    {
      g_clear_pointer (&self->conc_error, g_free);
      gtk_widget_set_visible (GTK_WIDGET (self->conc_message), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->conc_entry), FALSE);
      sp_infusion_set_concentration (self->infusion,
                                     &sp_drug_get_concentration (drug, selected)->conc);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->conc_entry), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->conc_entry));
    }
  sp_infusion_card_sync (self);
}

static void
on_unit_selected (SpInfusionCard *self)
{
  const SpDrug *drug = card_drug (self);
  guint selected = gtk_drop_down_get_selected (self->unit_dropdown);
  SpDoseUnit unit;

  if (self->syncing || selected >= sp_drug_get_n_dose_units (drug))
    return;

  unit = sp_drug_get_dose_limits (drug, selected)->unit;
  if (sp_dose_unit_equal (unit, sp_infusion_get_dose_unit (self->infusion)))
    return;

  /* An explicit change of unit: the infusion clears dose and rate. */
  sp_infusion_card_clear_refusal (self);
  g_clear_pointer (&self->dose_error, g_free);
  g_clear_pointer (&self->rate_error, g_free);
  self->dose_typed = FALSE;
  self->rate_typed = FALSE;
  sp_infusion_set_dose_unit (self->infusion, unit);
  sp_infusion_card_sync (self);
}

/* Time for a toast to finish showing before it is dismissed: libadwaita 1.2
 * mishandles a toast dismissed during its show animation once the overlay
 * is unmapped. */
#define TOAST_SETTLE_MS 400

static void
on_toast_dismissed (AdwToast *toast)
{
  g_object_set_data (G_OBJECT (toast), "sp-dismissed", GINT_TO_POINTER (TRUE));
}

static gboolean
toast_dismiss_cb (gpointer data)
{
  AdwToast *toast = data;

  if (g_object_get_data (G_OBJECT (toast), "sp-dismissed") == NULL)
    adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

/* The case changed again: the toast's "Undo" would now undo that change,
 * not the one the toast names. Its button goes at once, the toast soon. */
static void
on_toast_stale (AdwToast   *toast,
                GParamSpec *pspec,
                SpCase     *sp_case)
{
  g_signal_handlers_disconnect_by_func (sp_case, on_toast_stale, toast);
  adw_toast_set_button_label (toast, NULL);
  adw_toast_set_action_name (toast, NULL);
  g_timeout_add_full (G_PRIORITY_DEFAULT, TOAST_SETTLE_MS, toast_dismiss_cb,
                      g_object_ref (toast), g_object_unref);
}

/* "@title" with an "Undo" button (win.undo: sp_case_undo ()) in the
 * window's toast overlay, for as long as that change is the last one. */
static void
sp_infusion_card_toast_undo (AdwToastOverlay *overlay,
                             SpCase          *sp_case,
                             const char      *title)
{
  g_autofree char *markup = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "dismissed", G_CALLBACK (on_toast_dismissed), NULL);
  g_signal_connect_object (sp_case, "notify::assessment",
                           G_CALLBACK (on_toast_stale), toast, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (overlay, toast);
}

/* The overlay of the window the card is in (taken before a removal
 * destroys the card), or NULL. */
static AdwToastOverlay *
sp_infusion_card_ref_overlay (SpInfusionCard *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  return overlay != NULL ? g_object_ref (ADW_TOAST_OVERLAY (overlay)) : NULL;
}

/* The bin: removes the infusion at once, with an "Undo" toast. */
static void
sp_infusion_card_remove (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SpInfusionCard *self = SP_INFUSION_CARD (widget);
  g_autoptr(SpInfusionCard) hold = g_object_ref (self);
  g_autoptr(SpInfusion) infusion = g_object_ref (self->infusion);
  g_autoptr(SpCase) sp_case = g_object_ref (self->sp_case);
  g_autoptr(AdwToastOverlay) overlay = sp_infusion_card_ref_overlay (self);
  g_autofree char *title = NULL;

  /* Translators: toast: "NORepinephrine infusion removed" */
  title = g_strdup_printf (_("%s infusion removed"),
                           sp_drug_get_display_name (sp_infusion_get_drug (infusion)));
  sp_case_remove_infusion (sp_case, infusion);
  if (overlay != NULL)
    sp_infusion_card_toast_undo (overlay, sp_case, title);
}

/* Stop: the dose becomes 0 (stopped, not running), with an "Undo" toast.
 * The only way, with the bin, to stop a drug from the card. */
static void
sp_infusion_card_stop (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SpInfusionCard *self = SP_INFUSION_CARD (widget);
  g_autoptr(AdwToastOverlay) overlay = sp_infusion_card_ref_overlay (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!sp_infusion_get_running (self->infusion))
    return;

  sp_infusion_card_revert (self);
  /* 0 is below every limit: a stop is never refused. */
  if (!sp_infusion_set_dose (self->infusion, 0, &error))
    {
      sp_infusion_card_refuse (self, FALSE, error->message);
      return;
    }
  sp_infusion_card_sync (self);

  /* Translators: toast: "NORepinephrine infusion stopped" */
  title = g_strdup_printf (_("%s infusion stopped"), sp_drug_get_display_name (card_drug (self)));
  if (overlay != NULL)
    sp_infusion_card_toast_undo (overlay, self->sp_case, title);
}

/* The sheet's menu: the window's actions, for this card's drug. It is made
 * when it first opens: a card is made for every infusion each time a case
 * opens, and most are never printed from. */
static void
sp_infusion_card_create_print_menu (GtkMenuButton *button,
                                    gpointer       data)
{
  SpInfusionCard *self = data;
  const char *drug_id = sp_infusion_get_drug_id (self->infusion);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) print = NULL;
  g_autoptr(GMenuItem) export = NULL;

  print = g_menu_item_new (_("_Print Infusion Sheet…"), NULL);
  g_menu_item_set_action_and_target_value (print, "win.print-sheet",
                                           g_variant_new_string (drug_id));
  g_menu_append_item (menu, print);
  export = g_menu_item_new (_("_Export Sheet as PDF…"), NULL);
  g_menu_item_set_action_and_target_value (export, "win.export-sheet-pdf",
                                           g_variant_new_string (drug_id));
  g_menu_append_item (menu, export);
  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
sp_infusion_card_setup_print_menu (SpInfusionCard *self)
{
  g_autofree char *tooltip = NULL;

  gtk_menu_button_set_create_popup_func (self->print_button, sp_infusion_card_create_print_menu,
                                         self, NULL);
  /* Translators: tooltip of the card's print menu: "Infusion sheet of DOBUTamine" */
  tooltip = g_strdup_printf (_("Infusion sheet of %s"),
                             sp_drug_get_display_name (card_drug (self)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->print_button), tooltip);
}

static void
sp_infusion_card_setup (SpInfusionCard *self)
{
  const SpDrug *drug = card_drug (self);
  g_autoptr(GtkStringList) concs = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) units = gtk_string_list_new (NULL);
  g_autofree char *remove_label = NULL;
  g_autofree char *stop_label = NULL;

  gtk_label_set_text (self->name_label, sp_drug_get_display_name (drug));
  /* Translators: tooltip of the remove button: "Remove the DOBUTamine infusion" */
  remove_label = g_strdup_printf (_("Remove the %s infusion"), sp_drug_get_display_name (drug));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  /* Translators: tooltip of the stop button: "Stop the DOBUTamine infusion (dose 0)" */
  stop_label = g_strdup_printf (_("Stop the %s infusion (dose 0)"), sp_drug_get_display_name (drug));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stop_button), stop_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stop_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, stop_label, -1);
  sp_infusion_card_setup_print_menu (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sp_drug_get_display_name (drug), -1);

  if (sp_drug_get_amount_basis (drug) != NULL)
    {
      g_autofree char *basis = g_strdup_printf (_("Amounts are %s."),
                                                sp_drug_get_amount_basis (drug));

      gtk_label_set_text (self->basis_label, basis);
      gtk_widget_set_visible (GTK_WIDGET (self->basis_label), TRUE);
    }

  for (guint i = 0; i < sp_drug_get_n_concentrations (drug); i++)
    {
      const SpStandardConcentration *std = sp_drug_get_concentration (drug, i);
      g_autofree char *conc = sp_drug_format_concentration (drug, &std->conc, SP_NUMBER_LOCALE);
      g_autofree char *per_ml = sp_format_concentration_per_ml (&std->conc, SP_NUMBER_LOCALE);
      g_autofree char *item = NULL;

      item = g_strdup_printf ("%s (%s)", conc, per_ml);
      gtk_string_list_append (concs, item);
    }
  gtk_string_list_append (concs, _("Other (type it)"));

  for (guint i = 0; i < sp_drug_get_n_dose_units (drug); i++)
    gtk_string_list_append (units,
                            sp_dose_unit_get_label (sp_drug_get_dose_limits (drug, i)->unit));

  self->syncing = TRUE;
  gtk_drop_down_set_model (self->conc_dropdown, G_LIST_MODEL (concs));
  gtk_drop_down_set_model (self->unit_dropdown, G_LIST_MODEL (units));
  gtk_widget_set_sensitive (GTK_WIDGET (self->unit_dropdown),
                            sp_drug_get_n_dose_units (drug) > 1);
  self->syncing = FALSE;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rate_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rate, mL/h"), -1);
  sp_drop_down_set_accessible_label (self->unit_dropdown, _("Dose unit"));
  sp_drop_down_set_accessible_label (self->conc_dropdown, _("Concentration"));
  /* No tooltip drawn over the open menu or list (GTK 4.8). */
  sp_menu_button_hide_tooltip_while_open (self->print_button);
  sp_drop_down_hide_tooltip_while_open (self->conc_dropdown);
  sp_drop_down_hide_tooltip_while_open (self->unit_dropdown);

  g_signal_connect_object (self->infusion, "changed",
                           G_CALLBACK (sp_infusion_card_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dose_entry, "changed",
                           G_CALLBACK (on_dose_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rate_entry, "changed",
                           G_CALLBACK (on_rate_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dose_entry, "activate",
                           G_CALLBACK (sp_infusion_card_commit_dose), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rate_entry, "activate",
                           G_CALLBACK (sp_infusion_card_commit_rate), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < 2; i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();
      GtkEventController *keys = gtk_event_controller_key_new ();

      g_signal_connect_object (focus, "leave",
                               G_CALLBACK (on_entry_focus_leave), self, 0);
      gtk_widget_add_controller (i == 0 ? GTK_WIDGET (self->dose_entry)
                                        : GTK_WIDGET (self->rate_entry), focus);
      g_signal_connect_object (keys, "key-pressed",
                               G_CALLBACK (on_entry_key_pressed), self, G_CONNECT_SWAPPED);
      gtk_widget_add_controller (i == 0 ? GTK_WIDGET (self->dose_entry)
                                        : GTK_WIDGET (self->rate_entry), keys);
    }
  g_signal_connect_object (self->conc_entry, "changed",
                           G_CALLBACK (on_conc_entry_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conc_dropdown, "notify::selected",
                           G_CALLBACK (on_conc_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->unit_dropdown, "notify::selected",
                           G_CALLBACK (on_unit_selected), self, G_CONNECT_SWAPPED);

  sp_infusion_card_sync (self);
}

SpInfusion *
sp_infusion_card_get_infusion (SpInfusionCard *self)
{
  g_return_val_if_fail (SP_IS_INFUSION_CARD (self), NULL);

  return self->infusion;
}

void
sp_infusion_card_focus_dose (SpInfusionCard *self)
{
  g_return_if_fail (SP_IS_INFUSION_CARD (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->dose_entry));
}

/* The parts of a card that take the keyboard focus, by name. */
static const struct {
  const char *name;
  glong       offset;
} focus_parts[] = {
  { "print", G_STRUCT_OFFSET (SpInfusionCard, print_button) },
  { "stop", G_STRUCT_OFFSET (SpInfusionCard, stop_button) },
  { "remove", G_STRUCT_OFFSET (SpInfusionCard, remove_button) },
  { "concentration", G_STRUCT_OFFSET (SpInfusionCard, conc_dropdown) },
  { "concentration-text", G_STRUCT_OFFSET (SpInfusionCard, conc_entry) },
  { "dose", G_STRUCT_OFFSET (SpInfusionCard, dose_entry) },
  { "dose-unit", G_STRUCT_OFFSET (SpInfusionCard, unit_dropdown) },
  { "rate", G_STRUCT_OFFSET (SpInfusionCard, rate_entry) },
};

const char *
sp_infusion_card_get_focus_part (SpInfusionCard *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (SP_IS_INFUSION_CARD (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (focus_parts); i++)
    {
      GtkWidget *part = G_STRUCT_MEMBER (GtkWidget *, self, focus_parts[i].offset);

      if (focus == part || gtk_widget_is_ancestor (focus, part))
        return focus_parts[i].name;
    }
  return NULL;
}

void
sp_infusion_card_focus_part (SpInfusionCard *self,
                             const char     *part)
{
  g_return_if_fail (SP_IS_INFUSION_CARD (self));
  g_return_if_fail (part != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (focus_parts); i++)
    if (g_str_equal (part, focus_parts[i].name))
      {
        GtkWidget *widget = G_STRUCT_MEMBER (GtkWidget *, self, focus_parts[i].offset);

        /* a hidden or insensitive part (the running card's Stop): the dose */
        if (!gtk_widget_is_visible (widget) || !gtk_widget_is_sensitive (widget))
          widget = GTK_WIDGET (self->dose_entry);
        gtk_widget_grab_focus (widget);
        return;
      }
}

static void
sp_infusion_card_constructed (GObject *object)
{
  SpInfusionCard *self = SP_INFUSION_CARD (object);

  G_OBJECT_CLASS (sp_infusion_card_parent_class)->constructed (object);

  g_assert (SP_IS_CASE (self->sp_case));
  g_assert (SP_IS_INFUSION (self->infusion));

  sp_infusion_card_setup (self);
}

static void
sp_infusion_card_dispose (GObject *object)
{
  SpInfusionCard *self = SP_INFUSION_CARD (object);

  /* A question about this card's dose has nothing to apply to any more. */
  if (self->confirm != NULL)
    {
      GtkWindow *confirm = self->confirm;

      g_clear_weak_pointer (&self->confirm);
      gtk_window_destroy (confirm);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_INFUSION_CARD);
  sp_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->infusion);
  g_clear_object (&self->sp_case);

  G_OBJECT_CLASS (sp_infusion_card_parent_class)->dispose (object);
}

static void
sp_infusion_card_finalize (GObject *object)
{
  SpInfusionCard *self = SP_INFUSION_CARD (object);

  g_free (self->dose_error);
  g_free (self->rate_error);
  g_free (self->conc_error);
  g_free (self->refused_text);
  g_free (self->refused_reason);
  g_clear_pointer (&self->confirmed_at, g_date_time_unref);

  G_OBJECT_CLASS (sp_infusion_card_parent_class)->finalize (object);
}

static void
sp_infusion_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpInfusionCard *self = SP_INFUSION_CARD (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->sp_case);
      break;

    case PROP_INFUSION:
      g_value_set_object (value, self->infusion);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_infusion_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpInfusionCard *self = SP_INFUSION_CARD (object);

  switch (prop_id)
    {
    case PROP_CASE:
      self->sp_case = g_value_dup_object (value);
      break;

    case PROP_INFUSION:
      self->infusion = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_infusion_card_class_init (SpInfusionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sp_infusion_card_constructed;
  object_class->dispose = sp_infusion_card_dispose;
  object_class->finalize = sp_infusion_card_finalize;
  object_class->get_property = sp_infusion_card_get_property;
  object_class->set_property = sp_infusion_card_set_property;

  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL,
                         SP_TYPE_CASE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INFUSION] =
    g_param_spec_object ("infusion", NULL, NULL,
                         SP_TYPE_INFUSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shockpath/ShockPath/ui/sp-infusion-card.ui");
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, print_button);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, remove_button);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, basis_label);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, conc_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, conc_entry);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, conc_message);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, dose_entry);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, rate_entry);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, result_label);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, step_label);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, plan_label);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, message_label);
  gtk_widget_class_bind_template_child (widget_class, SpInfusionCard, range_label);
  gtk_widget_class_install_action (widget_class, "card.stop", NULL, sp_infusion_card_stop);
  gtk_widget_class_install_action (widget_class, "card.remove", NULL, sp_infusion_card_remove);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "spinfusioncard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_infusion_card_init (SpInfusionCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
}

GtkWidget *
sp_infusion_card_new (SpCase     *sp_case,
                      SpInfusion *infusion)
{
  g_return_val_if_fail (SP_IS_CASE (sp_case), NULL);
  g_return_val_if_fail (SP_IS_INFUSION (infusion), NULL);

  return g_object_new (SP_TYPE_INFUSION_CARD, "case", sp_case, "infusion", infusion, NULL);
}
