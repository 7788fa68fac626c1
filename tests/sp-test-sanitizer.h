/* sp-test-sanitizer.h: sanitizer settings shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For a child process (shockpath-cli) that is not linked with
 * sp-test-sanitizer.c: @envp with LSAN_OPTIONS pointing at a file in @dir
 * that holds the same LeakSanitizer suppressions. Unchanged without ASan. */
char **sp_test_child_environ (char       **envp,
                              const char  *dir);

G_END_DECLS
