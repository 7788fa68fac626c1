#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-case-translations.py CASES_DIR: every translatable text of the shipped
# case files (the elements data/case.rng defines as localized-text: the
# teaching title, each stage's title and text) has a German, French and
# Spanish variant beside its English one, and no variant drifts from the
# English: the same cite="" attribute, the same citation markers ([seed-2,
# seed-3]) and the same numbers (a decimal comma read as the point), no
# decimal point where the language writes a comma, and never µg or ug.

import collections
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

LANGUAGES = ('de', 'fr', 'es')
LOCALIZED = {'teaching': ('title',), 'stage': ('title', 'text')}
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'

MARKER = re.compile(r'\[[^\]]*\]')
NUMBER = re.compile(r'\d+(?:[.,]\d+)?')
DECIMAL_POINT = re.compile(r'\d\.\d')
MICROGRAM = re.compile(r'(?<![A-Za-z])[µμu]g\b')


def numbers(text):
    """The numbers outside citation markers, '0,3' read as '0.3'."""
    return collections.Counter(n.replace(',', '.')
                               for n in NUMBER.findall(MARKER.sub('', text)))


def check_group(where, variants):
    """Problems in one element's variants, keyed by language (None = English)."""
    english = variants.get(None)
    if english is None:
        return [f'{where}: no English (untagged) variant']
    problems = []
    english_text = english.text or ''
    for lang in LANGUAGES:
        variant = variants.get(lang)
        if variant is None:
            problems.append(f'{where}: no xml:lang="{lang}" variant')
            continue
        text = variant.text or ''
        here = f'{where} [{lang}]'
        if variant.get('cite') != english.get('cite'):
            problems.append(f'{here}: cite="{variant.get("cite")}", '
                            f'English has cite="{english.get("cite")}"')
        if collections.Counter(MARKER.findall(text)) != \
                collections.Counter(MARKER.findall(english_text)):
            problems.append(f'{here}: citation markers {MARKER.findall(text)}, '
                            f'English has {MARKER.findall(english_text)}')
        if numbers(text) != numbers(english_text):
            problems.append(f'{here}: numbers {sorted(numbers(text).elements())}, '
                            f'English has {sorted(numbers(english_text).elements())}')
        if DECIMAL_POINT.search(MARKER.sub('', text)):
            problems.append(f'{here}: a decimal point; this language writes a decimal comma')
        if MICROGRAM.search(text):
            problems.append(f'{here}: µg or ug; write mcg (ISMP)')
    return problems


def check_file(path):
    problems = []
    root = ET.parse(path).getroot()
    for parent in root.iter():
        for tag in LOCALIZED.get(parent.tag, ()):
            variants = {}
            for child in parent.findall(tag):
                variants[child.get(XML_LANG)] = child
            if not variants:
                continue
            where = f'{path.name}: <{parent.tag}'
            if parent.get('id'):
                where += f' id="{parent.get("id")}"'
            where += f'>/<{tag}>'
            problems += check_group(where, variants)
    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit(f'usage: {sys.argv[0]} CASES_DIR')
    paths = sorted(pathlib.Path(sys.argv[1]).glob('*.xml'))
    if not paths:
        sys.exit(f'{sys.argv[1]}: no case files')
    problems = [p for path in paths for p in check_file(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'{len(paths)} case files, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
