#!/usr/bin/python3
# Loop Lab: count the test points of one or more meson test runs.
#
# Reads each build's meson-logs/testlog.json (one JSON object per test) and
# counts every TAP "ok" / "not ok" line a TAP test printed, so a GTest program
# with forty cases counts forty.  A test that failed, timed out or crashed
# without printing a "not ok" line counts as one more failure: a crash never
# vanishes from the total.  A non-TAP test counts as one, by its result.
#
# Usage: count-results.py --build LABEL BUILDDIR STATUS [--build ...]
#   STATUS is the exit status of `meson test`, or "build-failed" when the
#   build did not finish (that build then counts as one failure).  BUILDDIR
#   may also be a log file, BUILDDIR/meson-logs/NAME.json, for a run made
#   with `meson test --logbase NAME`.
# Prints "LABEL: N passed, N failed[, N skipped]" per build, "N skipped" if
# any were, then the total "N passed, N failed" as the last line; exits 1 on
# any failure.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import re
import subprocess
import sys

TAP_LINE = re.compile(r'^(not ok|ok)\b(.*)$')
TAP_PLAN = re.compile(r'^1\.\.\d+')
DIRECTIVE = re.compile(r'#\s*(SKIP|TODO)\b', re.IGNORECASE)

# Results meson gives a whole test program (mesonbuild/mtest.py TestResult).
BAD_RESULTS = {'FAIL', 'TIMEOUT', 'ERROR', 'UNEXPECTEDPASS', 'INTERRUPT'}
GOOD_RESULTS = {'OK', 'EXPECTEDFAIL'}
SKIP_RESULTS = {'SKIP'}


class Counts:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped

    def __str__(self):
        text = f'{self.passed} passed, {self.failed} failed'
        if self.skipped:
            text += f', {self.skipped} skipped'
        return text


def test_protocols(builddir):
    """Map each test's name to its protocol, from meson's introspection."""
    try:
        out = subprocess.run(['meson', 'introspect', '--tests', builddir],
                             capture_output=True, text=True, check=True).stdout
        return {t['name']: t.get('protocol', 'exitcode') for t in json.loads(out)}
    except (OSError, subprocess.CalledProcessError, ValueError, KeyError):
        return {}


def is_tap(name, stdout, protocols):
    # testlog names read "project:suite / name" when several suites ran.
    base = name.rsplit(' / ', 1)[-1]
    if base in protocols:
        return protocols[base] == 'tap'
    return any(TAP_LINE.match(l) or TAP_PLAN.match(l) for l in stdout.splitlines())


def count_tap(stdout):
    """Count the top-level TAP test points; indented lines are subtests."""
    counts = Counts()
    for line in stdout.splitlines():
        m = TAP_LINE.match(line)
        if not m:
            continue
        good = m.group(1) == 'ok'
        d = DIRECTIVE.search(m.group(2))
        directive = d.group(1).upper() if d else None
        if directive == 'SKIP':
            counts.skipped += 1
        elif directive == 'TODO':
            # An expected failure; an unexpected pass of a TODO is a failure.
            if good:
                counts.failed += 1
            else:
                counts.skipped += 1
        elif good:
            counts.passed += 1
        else:
            counts.failed += 1
    return counts


def count_build(label, builddir, status, notes):
    counts = Counts()
    if status == 'build-failed':
        counts.failed += 1
        notes.append(f'{label}: the build failed')
        return counts

    # BUILDDIR may name the log itself, for a run with its own --logbase.
    if builddir.endswith('.json'):
        logfile = builddir
        builddir = os.path.dirname(os.path.dirname(os.path.abspath(logfile)))
    else:
        logfile = os.path.join(builddir, 'meson-logs', 'testlog.json')
    try:
        with open(logfile, encoding='utf-8', errors='replace') as f:
            lines = [l for l in f if l.strip()]
    except OSError as e:
        counts.failed += 1
        notes.append(f'{label}: no test log ({e})')
        return counts

    protocols = test_protocols(builddir)
    for line in lines:
        try:
            rec = json.loads(line)
        except ValueError:
            counts.failed += 1
            notes.append(f'{label}: unreadable test log line')
            continue
        name = rec.get('name', '?')
        result = str(rec.get('result', 'ERROR')).upper()
        stdout = rec.get('stdout') or ''
        bad = result in BAD_RESULTS or not (result in GOOD_RESULTS or result in SKIP_RESULTS)

        note = f'{label}: {name}: {result} (exit status {rec.get("returncode")})'
        tap = count_tap(stdout) if is_tap(name, stdout, protocols) else None
        if tap is not None and (tap.passed or tap.failed or tap.skipped):
            if bad and tap.failed == 0:
                tap.failed += 1
                note += ' without a "not ok" line'
            counts.add(tap)
        # A non-TAP test, or a TAP one with no test point ("1..0 # SKIP", a
        # crash before its first line) counts as one, by its result.
        elif result in SKIP_RESULTS:
            counts.skipped += 1
        elif bad:
            counts.failed += 1
        else:
            counts.passed += 1

        if bad:
            notes.append(note)

    # meson test failed, yet no test did: the harness itself broke.
    if status not in ('0', '') and counts.failed == 0:
        counts.failed += 1
        notes.append(f'{label}: meson test exited with status {status}')
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--build', nargs=3, action='append', required=True,
                        metavar=('LABEL', 'BUILDDIR', 'STATUS'))
    args = parser.parse_args()

    total = Counts()
    notes = []
    lines = []
    for label, builddir, status in args.build:
        counts = count_build(label, builddir, status, notes)
        lines.append(f'{label}: {counts}')
        total.add(counts)

    for note in notes:
        print(f'  {note}')
    for line in lines:
        print(line)
    if total.skipped:
        print(f'{total.skipped} skipped')
    # The last line is exactly "N passed, N failed", as CI reads it.
    print(f'{total.passed} passed, {total.failed} failed')
    return 1 if total.failed else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception:  # the last line must still say that something failed
        import traceback
        traceback.print_exc()
        print('0 passed, 1 failed')
        sys.exit(2)
