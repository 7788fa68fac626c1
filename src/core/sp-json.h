/* sp-json.h: a JSON string literal, for every JSON ShockPath writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void sp_json_append_string (GString    *out,
                            const char *value);

G_END_DECLS
