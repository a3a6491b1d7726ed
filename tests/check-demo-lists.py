#!/usr/bin/python3
# Loop Lab: the README's table of demos, `looplab --list` and
# `looplab-cli list` name the same demos, in the same order.
#
# The README is what a user reads first; a demo added to the window but
# not to the table (or a program the terminal has but the window lacks)
# fails here, not in front of a user.  Prints TAP.
#
# Usage: check-demo-lists.py README.md PATH/TO/looplab PATH/TO/looplab-cli
# SPDX-License-Identifier: GPL-3.0-or-later

import re
import subprocess
import sys


def ids_of(argv):
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def main():
    readme, looplab, cli = sys.argv[1:4]
    with open(readme, encoding='utf-8') as f:
        text = f.read()
    # | Category | Demo | `id` | In the terminal |
    table = re.findall(r'^\| [^|]+ \| [^|]+ \| `([a-z-]+)` \|', text, re.MULTILINE)
    window = ids_of([looplab, '--list'])
    terminal = ids_of([cli, 'list'])

    checks = [
        ('the README table lists the demos of looplab --list, in its order', table == window,
         f'README {table}\nwindow {window}'),
        ('looplab-cli list has the same programs, in the same order', terminal == window,
         f'looplab-cli {terminal}\nwindow {window}'),
    ]
    print(f'1..{len(checks)}')
    failed = 0
    for i, (name, ok, detail) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} {name}')
        if not ok:
            failed += 1
            for line in detail.splitlines():
                print(f'# {line}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
