/* sp-test-locale.h: running a test under another locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Switches LC_ALL to @name and returns the locale to restore with
 * pop_locale (); fails the test (and returns NULL) when @name is not
 * installed. */
char *push_locale (const char *name);
void  pop_locale  (char       *old);

G_END_DECLS
