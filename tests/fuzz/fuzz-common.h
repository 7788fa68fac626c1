/* fuzz-common.h: what every ShockPath fuzz target shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each fuzz-TARGET.c defines LLVMFuzzerTestOneInput (). The same source is
 * linked twice: with libFuzzer (clang, -Dfuzzing=true, build-aux/fuzz.sh) and
 * with fuzz-replay.c, a plain main () that runs the committed corpus and every
 * past reproducer as an ordinary `meson test` (gcc, no clang needed).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sp-assessment.h"
#include "sp-drug-library.h"
#include "sp-protocol.h"

G_BEGIN_DECLS

/* libFuzzer's entry point; returns 0 (libFuzzer reserves other values). */
int                   LLVMFuzzerTestOneInput    (const uint8_t  *data,
                                                 size_t          size);

/* Once per process (idempotent): GLib warnings and criticals abort, the
 * core's libxml2 set-up (sp_xml_init ()), locale and message catalogue as
 * every ShockPath binary sets them (sp_i18n_init ()). */
void                  sp_fuzz_init              (void);

/* The shipped protocol and drug library, loaded once and kept for the
 * life of the process (reachable, so LeakSanitizer does not count them). */
SpProtocol           *sp_fuzz_shipped_protocol  (void);
SpDrugLibrary        *sp_fuzz_shipped_drugs     (void);

/* A few patient states (empty, cardiogenic shock on therapy, stable on a
 * vasopressor) to evaluate a fuzzed protocol or drug library against. */
guint                 sp_fuzz_get_n_patients    (void);
const SpPatientState *sp_fuzz_get_patient       (guint           index);

/* Reads every part of @assessment that the window, the CLI and the printed
 * documents read, so ASan sees each string and array the engine built. */
void                  sp_fuzz_read_assessment   (SpAssessment   *assessment);

/* A function that reports failure must set its GError, and one that
 * succeeds must not: callers print error->message. Aborts otherwise.
 * With SP_FUZZ_VERBOSE set, prints each outcome (why an input is refused). */
void                  sp_fuzz_check_error       (gboolean        ok,
                                                 const GError   *error,
                                                 const char     *function);

/* Prints @message (and @detail, e.g. the XML that failed) and aborts: an
 * invariant of the code under test does not hold. */
G_NORETURN void       sp_fuzz_fail              (const char     *message,
                                                 const char     *detail);

G_END_DECLS
