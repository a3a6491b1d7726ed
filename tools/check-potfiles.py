#!/usr/bin/python3
# Loop Lab: check that po/POTFILES.in lists every file with translatable
# strings, and only files that exist, so no string silently misses translation.
#
# Usage: check-potfiles.py SOURCE_ROOT      (exit status 1 on a problem)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

# _ ("..."), N_ ("..."), C_ ("ctx", "..."), NC_, ngettext, g_dngettext.
C_MARK = re.compile(r'\b(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)\s*\(\s*(?:[A-Z_]+\s*,\s*)?"')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true)"')
# Where sources with strings live; tests and benchmarks are not translated.
C_DIRS = ('app', 'ui')
UI_DIRS = ('resources',)


def listed(root):
    path = os.path.join(root, 'po', 'POTFILES.in')
    with open(path, encoding='utf-8') as f:
        return [l.strip() for l in f if l.strip() and not l.lstrip().startswith('#')]


def candidates(root):
    found = set()
    for top, pattern, suffixes in ((C_DIRS, C_MARK, ('.c',)), (UI_DIRS, UI_MARK, ('.ui',))):
        for d in top:
            for dirpath, _, files in os.walk(os.path.join(root, d)):
                for name in files:
                    if not name.endswith(suffixes):
                        continue
                    path = os.path.join(dirpath, name)
                    with open(path, encoding='utf-8', errors='replace') as f:
                        if pattern.search(f.read()):
                            found.add(os.path.relpath(path, root))
    return found


def main():
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} SOURCE_ROOT', file=sys.stderr)
        return 2
    root = sys.argv[1]
    names = listed(root)
    problems = []
    for name in names:
        if not os.path.isfile(os.path.join(root, name)):
            problems.append(f'po/POTFILES.in lists {name}, which does not exist')
    for name in sorted(candidates(root) - set(names)):
        problems.append(f'{name} has translatable strings but is not in po/POTFILES.in')
    for problem in problems:
        print(problem)
    if not problems:
        print(f'po/POTFILES.in: {len(names)} files, complete')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
