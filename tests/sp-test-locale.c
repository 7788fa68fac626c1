/* sp-test-locale.c: running a test under another locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "sp-test-locale.h"

char *
push_locale (const char *name)
{
  char *old = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, name) == NULL)
    {
      g_test_fail_printf ("locale %s is not installed; ./build-aux/test.sh installs "
                          "de_DE, fr_FR, es_ES, en_US and tr_TR", name);
      g_free (old);
      return NULL;
    }

  return old;
}

void
pop_locale (char *old)
{
  setlocale (LC_ALL, old);
  g_free (old);
}
