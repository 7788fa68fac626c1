/* sp-test-spawn.h: how the tests start other programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib starts a child with posix_spawn (vfork: nothing of the parent is
 * copied) only when it need not close the parent's descriptors in the child;
 * otherwise it forks, copying the page tables of the test process. A test
 * under AddressSanitizer has many, and the tests start shockpath-cli some
 * three hundred times. Every descriptor GLib and ShockPath open is
 * close-on-exec (GLib's own pipes to the child included), so a child started
 * with these flags inherits only its standard input, output and error.
 */
#pragma once

#include <glib.h>

#define SP_TEST_SPAWN_FLAGS G_SPAWN_LEAVE_DESCRIPTORS_OPEN
