#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every command-line example in README.md prints what it shows.

Usage: check-readme.py [--update] README.md PATH/TO/shockpath-cli

Each ```console block of README.md holds one or more examples. A line that
starts with "$ " is a command (optionally prefixed by LC_ALL=xx_XX.UTF-8);
the lines after it, up to the next "$ " line or the end of the block, are what
it prints on stdout and stderr together. Each command runs with
"bash -c" from the source root (the directory of README.md), with
the directory of shockpath-cli first on PATH, LC_ALL=C.UTF-8 (unless the
command sets it; LANG, LANGUAGE and the other LC_* are removed) and HOME set
to a fresh temporary directory. The output must match exactly, and the
command must exit 0 (for a pipeline: its last command; no pipefail, so that
`| head` is not a failure): an example that fails shows it with
`; echo "exit $?"`.
Output redirections (> FILE, >> FILE, tee FILE) must write under /tmp or
$HOME, never into the source tree.

A console block without a command, text before a block's first command, a
missing locale or an unterminated block is an error, never skipped.

With --update the expected outputs in README.md are replaced by what the
commands print now (review the diff before committing it).
"""

import difflib
import locale
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

COMMAND_TIMEOUT = 30  # seconds, per command (the sanitizer build is slower)
LOCALE_PREFIX = re.compile(r'LC_ALL=([A-Za-z]{2,3}_[A-Z]{2}\.UTF-8) ')


class Example:
    def __init__(self, lineno, command):
        self.lineno = lineno      # 1-based line of the "$ " line
        self.command = command
        self.expected = []        # lines, without their newline


def parse(path):
    """Returns (lines of the file, [Example]) or raises ValueError."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    examples = []
    errors = []
    in_fence = False
    console = False
    block_start = 0
    block_examples = 0
    current = None
    for i, line in enumerate(lines, start=1):
        if line.startswith('```'):
            if not in_fence:
                in_fence = True
                block_start = i
                console = line[3:].strip() == 'console'
                block_examples = 0
                current = None
            else:
                if line.strip() != '```':
                    errors.append(f'{path}:{i}: a code block is closed by '
                                  f'"{line}"; expected "```"')
                if console and block_examples == 0:
                    errors.append(f'{path}:{block_start}: console block has '
                                  'no command (a line starting with "$ ")')
                in_fence = False
                console = False
                current = None
            continue
        if not console:
            continue
        if line.startswith('$ '):
            current = Example(i, line[2:])
            if not current.command.strip():
                errors.append(f'{path}:{i}: empty command')
            examples.append(current)
            block_examples += 1
        elif current is None:
            errors.append(f'{path}:{i}: text before the first command of a '
                          f'console block: "{line}"')
        else:
            current.expected.append(line)
    if in_fence:
        errors.append(f'{path}:{block_start}: code block is never closed')
    if not examples and not errors:
        errors.append(f'{path}: no ```console block with a command found')
    if errors:
        raise ValueError('\n'.join(errors))
    return lines, examples


def check_redirections(example, readme):
    """Refuses output redirections into the source tree."""
    try:
        lexer = shlex.shlex(example.command, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
    except ValueError as e:
        return [f'{readme}:{example.lineno}: cannot parse the command: {e}']
    problems = []
    for i, tok in enumerate(tokens):
        if tok in ('>', '>>', '>|', '&>', '&>>') or tok == 'tee':
            target = None
            for nxt in tokens[i + 1:]:
                if not nxt.startswith('-'):
                    target = nxt
                    break
            if target is None:
                continue
            if tok == 'tee' and target in ('|', ';', '&&', '||'):
                continue
            if not (target == '/dev/null' or target.startswith('/tmp/')
                    or target.startswith('~/') or target.startswith('$HOME/')):
                problems.append(f'{readme}:{example.lineno}: the command writes '
                                f'"{target}"; examples write under /tmp or '
                                '$HOME only, never into the source tree')
    return problems


def locale_available(name):
    old = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, name)
        return True
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_ALL, old)


def make_env(cli_dir, home):
    env = {k: v for k, v in os.environ.items()
           if not (k == 'LANG' or k == 'LANGUAGE' or k.startswith('LC_'))}
    env['PATH'] = cli_dir + os.pathsep + env.get('PATH', '/usr/bin:/bin')
    env['LC_ALL'] = 'C.UTF-8'
    # Times are shown in the user's zone: the examples show UTC.
    env['TZ'] = 'UTC'
    env['HOME'] = home
    return env


def run(example, root, env):
    """Returns (output text, exit status, problem or None)."""
    try:
        p = subprocess.run(['bash', '-c', example.command],
                           cwd=root, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=COMMAND_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as e:
        out = (e.output or b'').decode('utf-8', errors='replace')
        return out, None, f'timed out after {COMMAND_TIMEOUT} s'
    return p.stdout.decode('utf-8', errors='replace'), p.returncode, None


def main(argv):
    update = False
    args = argv[1:]
    if args and args[0] == '--update':
        update = True
        args = args[1:]
    if len(args) != 2:
        sys.stderr.write('usage: check-readme.py [--update] README.md '
                         'PATH/TO/shockpath-cli\n')
        return 2
    readme = os.path.abspath(args[0])
    cli = os.path.abspath(args[1])
    root = os.path.dirname(readme)
    cli_dir = os.path.dirname(cli)

    if not os.access(cli, os.X_OK):
        print(f'check-readme: {cli} is not an executable')
        return 1
    try:
        lines, examples = parse(readme)
    except ValueError as e:
        print(e)
        return 1

    failures = 0
    problems = []
    for ex in examples:
        problems += check_redirections(ex, readme)
        m = LOCALE_PREFIX.match(ex.command)
        if m and not locale_available(m.group(1)):
            problems.append(f'{readme}:{ex.lineno}: locale {m.group(1)} is not '
                            'installed (build-aux/test.sh generates it)')
        elif ex.command.startswith('LC_ALL=') and not m:
            problems.append(f'{readme}:{ex.lineno}: write a locale prefix as '
                            'LC_ALL=xx_XX.UTF-8')
    if not locale_available('C.UTF-8'):
        problems.append('check-readme: locale C.UTF-8 is not available')
    if problems:
        print('\n'.join(problems))
        return 1

    with tempfile.TemporaryDirectory(prefix='shockpath-readme-') as home:
        env = make_env(cli_dir, home)
        found = shutil.which('shockpath-cli', path=env['PATH'])
        if found is None or os.path.realpath(found) != os.path.realpath(cli):
            print(f'check-readme: shockpath-cli on PATH is {found}, not {cli}')
            return 1
        replacements = {}
        for ex in examples:
            out, status, problem = run(ex, root, env)
            expected = ''.join(line + '\n' for line in ex.expected)
            where = f'{os.path.basename(readme)}:{ex.lineno}'
            if update and problem is None:
                if out and not out.endswith('\n'):
                    out += '\n'
                replacements[ex.lineno] = out.split('\n')[:-1]
                if out != expected:
                    print(f'updated {where}: $ {ex.command}')
                if status != 0:
                    print(f'warning: {where}: exit status {status}')
                continue
            if out != expected:
                failures += 1
                print(f'FAIL {where}: $ {ex.command}')
                diff = difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    out.splitlines(keepends=True),
                    fromfile=f'{where} (expected)', tofile='actual output')
                sys.stdout.writelines(diff)
                if out and not out.endswith('\n'):
                    print('\n\\ the actual output has no newline at its end')
            if problem is not None:
                failures += 1
                print(f'FAIL {where}: $ {ex.command}\n  {problem}')
            elif status != 0:
                failures += 1
                print(f'FAIL {where}: $ {ex.command}\n  exited with status '
                      f'{status}; an example that fails shows its status '
                      'with `; echo "exit $?"`')

    if update:
        new = []
        by_line = {ex.lineno: ex for ex in examples}
        i = 0
        while i < len(lines):
            lineno = i + 1
            new.append(lines[i])
            if lineno in by_line and lineno in replacements:
                new += replacements[lineno]
                i += 1 + len(by_line[lineno].expected)
                continue
            i += 1
        with open(readme, 'w', encoding='utf-8') as f:
            f.write('\n'.join(new))
        return 0

    total = len(examples)
    if failures:
        print(f'check-readme: {failures} of {total} examples failed')
        return 1
    print(f'check-readme: all {total} examples of {os.path.basename(readme)} '
          'print what they show')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
