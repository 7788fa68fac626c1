#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-po.py POT PO...: every catalogue is complete for the current sources.

POT is the template meson just generated from po/POTFILES.in (test.sh runs
`meson compile shockpath-pot` first, so a string added to the code and not
yet translated is caught).  Each catalogue is merged with it in a temporary
file and must then have no untranslated and no fuzzy message, pass
`msgfmt --check`, and write micrograms as "mcg" (never "µg" or "ug":
CLINICAL.md, ISMP) unless the English message itself names that symbol.
Every C source under src/ that marks a string for translation must be in
po/POTFILES.in, or its strings never reach the template (the details
pane's "Pump: ..." line was shown in English in every language).  Exits 1
naming each problem.
"""
import os
import re
import subprocess
import sys
import tempfile

MICROGRAM = re.compile(r"(?<![\w])(µg|μg|ug)(?![\w])")
MARKED = re.compile(r"\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(")


def unlisted_sources(top):
    """The C sources under src/ with strings marked for translation that
    po/POTFILES.in does not name."""
    with open(os.path.join(top, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    missing = []
    for root, _dirs, files in os.walk(os.path.join(top, "src")):
        for name in sorted(files):
            if not name.endswith(".c"):
                continue
            path = os.path.relpath(os.path.join(root, name), top)
            with open(os.path.join(top, path), encoding="utf-8") as f:
                if MARKED.search(f.read()) and path not in listed:
                    missing.append(path)
    return sorted(missing)


def messages(po_text):
    """Yields (msgid, msgstr) of a catalogue written with --no-wrap."""
    entry = {}
    key = None
    for line in po_text.splitlines():
        if line.startswith("#~"):
            continue
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
        if match:
            key = match.group(1)
            if key == "msgctxt" or (key == "msgid" and "msgid" in entry):
                if "msgid" in entry:
                    yield entry
                entry = {}
            entry[key] = match.group(2)
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
        elif not line.strip():
            key = None
    if "msgid" in entry:
        yield entry


def check(pot, po, tmp):
    problems = []
    name = os.path.basename(po)
    merged = os.path.join(tmp, name)
    subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap",
                    "-o", merged, po, pot], check=True)
    stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                           capture_output=True, text=True)
    summary = stats.stderr.strip().splitlines()[-1] if stats.stderr.strip() else ""
    if stats.returncode != 0:
        problems.append(f"{po}: msgfmt --check failed:\n{stats.stderr.strip()}")
    if "fuzzy" in summary or "untranslated" in summary:
        problems.append(f"{po}: {summary}")
        for flag in ("--untranslated", "--only-fuzzy"):
            listed = subprocess.run(["msgattrib", flag, "--no-obsolete", "--no-wrap", merged],
                                    capture_output=True, text=True, check=True).stdout
            for entry in messages(listed):
                if entry["msgid"]:
                    problems.append(f"  {flag[2:]}: \"{entry['msgid'][:70]}\"")
    with open(merged, encoding="utf-8") as f:
        for entry in messages(f.read()):
            # a message about the symbol itself may name it
            if not entry["msgid"] or MICROGRAM.search(entry["msgid"]):
                continue
            for key, value in entry.items():
                if key.startswith("msgstr") and MICROGRAM.search(value):
                    problems.append(f"{po}: write micrograms as mcg: \"{value[:70]}\"")
    return summary, problems


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pot, catalogues = sys.argv[1], sys.argv[2:]
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for po in catalogues:
            summary, found = check(pot, po, tmp)
            print(f"{po}: {summary}")
            problems += found
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for path in unlisted_sources(top):
        problems.append(f"po/POTFILES.in: {path} marks strings for translation and is not listed")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
