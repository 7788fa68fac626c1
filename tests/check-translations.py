#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the shipped XML files carry every text in every language.

Usage: check-translations.py [--expect-marked] SCHEMA.rng FILE.xml [FILE.xml ...]

The schema decides which elements are texts: every element whose content is
one of the LOCALIZED_PATTERNS ("localized-text"; in case files also
"case-text", a case's own <title> and <notes>), in the context (parent
element) the schema gives it, so that a protocol <note> holding text is told
from a <note> holding <text> children. In each FILE, every group of such sibling elements
of one name must hold exactly one English text (no xml:lang) and exactly
one text for each of LANGUAGES, and the variants must agree with the English
text:

- the same cite="" attribute (but a <display-name>: its tall-man letters and
  their source are a per-language matter);
- the same {placeholders} (the core fills them in: {dose}, {rate});
- the same [citation] markers;
- the same numbers: a translation writes decimals with a comma ("0,5"),
  never with a point, and the English text never with a comma;
- "mcg", never "µg" or "ug" (ISMP); the word "units" translated.

Every problem is printed with its file and line; the exit status is 1 if
there is any, 0 otherwise.

With --expect-marked (the checker's own test, on tests/data files with
mistakes in them) the exit status is 0 only if the lines with a problem are
exactly those that carry the comment "<!-- problem -->".
"""

import collections
import re
import sys
import xml.parsers.expat

LANGUAGES = ('de', 'fr', 'es')
# The schema patterns of a text with xml:lang variants; a schema must use at
# least one of them.
LOCALIZED_PATTERNS = ('localized-text', 'case-text')
RNG_NS = 'http://relaxng.org/ns/structure/1.0'
XML_LANG = 'http://www.w3.org/XML/1998/namespace lang'

PLACEHOLDER = re.compile(r'\{[^{}]*\}')
CITATION = re.compile(r'\[[a-z0-9]+(?:-[a-z0-9]+)*(?:,\s*[a-z0-9]+(?:-[a-z0-9]+)*)*\]')
ENGLISH_NUMBER = re.compile(r'\d+(?:\.\d+)?')
TRANSLATED_NUMBER = re.compile(r'\d+(?:,\d+)?')
MICROGRAM = re.compile(r'µg|μg|\bug\b')
UNITS_WORD = re.compile(r'\bunits?\b')


class Node:
    """An element: its name, attributes, children, text and line."""

    def __init__(self, name, attrs, line, parent):
        self.name = name
        self.attrs = attrs
        self.line = line
        self.parent = parent
        self.children = []
        self.text = []

    def content(self):
        return ' '.join(''.join(self.text).split())


def parse(path):
    """The document element of @path, with line numbers (namespaces expanded)."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=' ')
    stack = []
    root = []

    def start(name, attrs):
        node = Node(name, attrs, parser.CurrentLineNumber, stack[-1] if stack else None)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_name):
        stack.pop()

    def data(text):
        if stack:
            stack[-1].text.append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    with open(path, 'rb') as f:
        parser.ParseFile(f)
    return root[0]


def walk(node):
    yield node
    for child in node.children:
        yield from walk(child)


def localized_contexts(schema_path):
    """The (parent element, element) name pairs the schema types as a localized text."""
    root = parse(schema_path)
    defines = {}
    refs = collections.defaultdict(list)
    for node in walk(root):
        if node.name == RNG_NS + ' define':
            defines[node.attrs['name']] = node
        elif node.name == RNG_NS + ' ref':
            refs[node.attrs['name']].append(node)

    def parents(node, seen):
        """The names of the elements @node's pattern can be a child of."""
        ancestor = node.parent
        while ancestor is not None:
            if ancestor.name == RNG_NS + ' element':
                return {ancestor.attrs['name']}
            if ancestor.name == RNG_NS + ' define':
                name = ancestor.attrs['name']
                if name in seen:
                    return set()
                result = set()
                for ref in refs[name]:
                    result |= parents(ref, seen | {name})
                return result
            ancestor = ancestor.parent
        return set()

    contexts = set()
    for ref in (ref for pattern in LOCALIZED_PATTERNS for ref in refs[pattern]):
        element = ref.parent
        if element.name != RNG_NS + ' element':
            continue
        for parent in parents(element, frozenset()):
            contexts.add((parent, element.attrs['name']))
    if not contexts:
        raise SystemExit(f'{schema_path}: no element uses a localized pattern {LOCALIZED_PATTERNS}')
    return contexts


def compare_variant(problems, where, lang, english, translated, compare_numbers):
    for what, pattern in (('placeholders', PLACEHOLDER), ('citation markers', CITATION)):
        want = sorted(pattern.findall(english))
        got = sorted(pattern.findall(translated))
        if want != got:
            problems.append(f'{where}: {lang}: {what} {got} differ from the English {want}')

    def prose(text):
        return CITATION.sub(' ', PLACEHOLDER.sub(' ', text))

    if compare_numbers:
        want = sorted(ENGLISH_NUMBER.findall(prose(english)))
        got = sorted(n.replace(',', '.') for n in TRANSLATED_NUMBER.findall(prose(translated)))
        if want != got:
            problems.append(f'{where}: {lang}: numbers {got} differ from the English {want}')
    if re.search(r'\d\.\d', translated):
        problems.append(f'{where}: {lang}: a decimal point in "{translated}" '
                        '(this language writes a decimal comma)')
    if MICROGRAM.search(translated):
        problems.append(f'{where}: {lang}: "µg" or "ug" in "{translated}" (write mcg)')
    if UNITS_WORD.search(translated):
        problems.append(f'{where}: {lang}: the English word "units" in "{translated}"')


def marked_lines(path):
    with open(path, encoding='utf-8') as f:
        return {n for n, line in enumerate(f, start=1) if '<!-- problem -->' in line}


def check_file(path, contexts):
    problems = []
    root = parse(path)
    for parent in walk(root):
        groups = collections.defaultdict(list)
        for child in parent.children:
            if (parent.name, child.name) in contexts:
                groups[child.name].append(child)
        for name, elements in groups.items():
            by_lang = collections.defaultdict(list)
            for element in elements:
                by_lang[element.attrs.get(XML_LANG)].append(element)
            english = by_lang.get(None, [])
            first = elements[0]
            where = f'{path}:{first.line}: <{name}>'
            if len(english) != 1:
                problems.append(f'{where}: {len(english)} texts without xml:lang (want one, English)')
                continue
            english_text = english[0].content()
            english_comma = re.search(r'\d,\d', english_text) is not None
            if english_comma:
                problems.append(f'{where}: a decimal comma in the English "{english_text}"')
            for lang in LANGUAGES:
                variants = by_lang.get(lang, [])
                if len(variants) != 1:
                    problems.append(f'{where} "{english_text}": {len(variants)} texts with '
                                    f'xml:lang="{lang}" (want one)')
                    continue
                here = f'{path}:{variants[0].line}: <{name}>'
                # (a display name cites its tall-man list, which is per language)
                if (name != 'display-name'
                        and variants[0].attrs.get('cite') != english[0].attrs.get('cite')):
                    problems.append(f'{here}: {lang}: cite="{variants[0].attrs.get("cite")}", '
                                    f'the English has cite="{english[0].attrs.get("cite")}"')
                compare_variant(problems, here, lang,
                                english_text, variants[0].content(), not english_comma)
            for lang in by_lang:
                if lang is not None and lang not in LANGUAGES:
                    problems.append(f'{where}: xml:lang="{lang}" is not one of {LANGUAGES}')
    return problems


def main(argv):
    args = argv[1:]
    expect_marked = bool(args) and args[0] == '--expect-marked'
    if expect_marked:
        args = args[1:]
    if len(args) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    contexts = localized_contexts(args[0])
    problems = []
    for path in args[1:]:
        problems += check_file(path, contexts)
    for problem in problems:
        print(problem, file=sys.stderr)

    if expect_marked:
        failed = False
        for path in args[1:]:
            found = {int(p.split(':')[1]) for p in problems if p.startswith(path + ':')}
            marked = marked_lines(path)
            if not marked:
                print(f'{path}: no line is marked <!-- problem -->', file=sys.stderr)
                failed = True
            for line in sorted(marked - found):
                print(f'{path}:{line}: marked, but no problem found', file=sys.stderr)
                failed = True
            for line in sorted(found - marked):
                print(f'{path}:{line}: a problem on a line not marked', file=sys.stderr)
                failed = True
        if not failed:
            print(f'every marked problem found, and no other ({len(problems)} messages)')
        return 1 if failed else 0

    if not problems:
        print(f'{len(args) - 1} file(s): every text in English, {", ".join(LANGUAGES)}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
