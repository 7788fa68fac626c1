/* sp-font-caches.c: the font maps documents are laid out with, and handing
 * back what Pango, cairo and fontconfig keep until exit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pango's font maps, cairo's font and pattern caches and fontconfig's
 * configuration and font caches live until the process ends. A leak checker
 * cannot follow fontconfig's internal offsets, so without a release it
 * reports those blocks and has to be told to ignore them, symbolizing the
 * stack of every block to match it against its list of suppressions: for a
 * sheet printed under AddressSanitizer that took more than half of the run.
 * Released, nothing of theirs is left to report, and a block of ours that
 * leaked (a layout, a surface) still is.
 *
 * The render code takes its font maps from here so that the release knows
 * when the last one is gone: Pango may drop its last reference on a thread
 * of its own (the one that starts fontconfig holds the first font map made),
 * and fontconfig must not be finalized while that runs.
 */
#include "config.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "sp-font-caches.h"

/* How long sp_font_caches_release () waits for font maps in use elsewhere. */
#define RELEASE_TIMEOUT_S 10

static GMutex lock;
static GCond  font_map_gone;
static guint  n_font_maps;   /* made here and not finalized yet */

/* Runs when the font map is finalized, after Pango's own finalization. */
static void
font_map_finalized (gpointer data)
{
  g_mutex_lock (&lock);
  n_font_maps--;
  g_cond_broadcast (&font_map_gone);
  g_mutex_unlock (&lock);
}

static void
count_font_map (PangoFontMap *map)
{
  static GQuark counted;

  if (counted == 0)
    counted = g_quark_from_static_string ("sp-font-map-counted");
  if (g_object_get_qdata (G_OBJECT (map), counted) != NULL)
    return;

  g_mutex_lock (&lock);
  n_font_maps++;
  g_mutex_unlock (&lock);
  g_object_set_qdata_full (G_OBJECT (map), counted, map, font_map_finalized);
}

/**
 * sp_font_map_new:
 *
 * Returns: (transfer full): a new PangoCairo font map
 */
PangoFontMap *
sp_font_map_new (void)
{
  PangoFontMap *map = pango_cairo_font_map_new ();

  count_font_map (map);
  return map;
}

/**
 * sp_font_map_get_default:
 *
 * Returns: (transfer none): the calling thread's default PangoCairo font map
 */
PangoFontMap *
sp_font_map_get_default (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();

  count_font_map (map);
  return map;
}

/**
 * sp_font_caches_release:
 *
 * Drops the calling thread's default font map, waits until every font map
 * made by sp_font_map_new () or sp_font_map_get_default () is finalized,
 * then frees cairo's static caches and fontconfig's configuration. Call it
 * once, as the process ends, when no layout, font, surface or cairo context
 * is alive any more: cairo asserts that its caches are empty, so one still
 * held aborts the process here. That is why shockpath-cli calls it only in
 * its sanitizer builds, where such a leak must fail the run.
 *
 * Returns: %FALSE (and nothing freed) if a font map is still held after
 * 10 s: a leak, which the leak checker then reports.
 */
gboolean
sp_font_caches_release (void)
{
  gint64 deadline = g_get_monotonic_time () + RELEASE_TIMEOUT_S * G_USEC_PER_SEC;
  gboolean all_gone = TRUE;

  pango_cairo_font_map_set_default (NULL);

  g_mutex_lock (&lock);
  while (n_font_maps > 0 && all_gone)
    all_gone = g_cond_wait_until (&font_map_gone, &lock, deadline);
  g_mutex_unlock (&lock);
  if (!all_gone)
    return FALSE;

  cairo_debug_reset_static_data ();
  FcFini ();
  return TRUE;
}
