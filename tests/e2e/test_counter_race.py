#!/usr/bin/python3
# Loop Lab end-to-end test: run the lost-update race and read its counts.
#
# Starts the built app on the counter-race demo, sets "Workers" to 2 and
# "Increments each" to 1 000 000, presses "Run" and reads, once the five
# lanes are done, the expected and counted figures of the plain threads'
# lane (counted at most expected: it may lose updates, or not, on a given
# run) and of the coroutines' lane (exact, with no lock).  Everything is
# found through AT-SPI by role and visible name.
#
# Usage: test_counter_race.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'counter-race'
WORKERS = 2
INCREMENTS = 1000000
# Digits in groups of three, a no-break space between two.
COUNTS = re.compile(r'^([0-9\u00a0]+) expected, ([0-9\u00a0]+) counted$')
# The lanes, in the order of the page's rows.
PLAIN, COROUTINE = 0, 3

CHECKS = [
    'app window found',
    f'"Workers" set to {WORKERS}, "Increments each" to {INCREMENTS}',
    'pressed "Run"',
    'the five lanes show their expected and counted figures',
    'plain threads: counted at most expected',
    'coroutines on one thread: counted exactly what was expected',
]


def number(text):
    return int(text.replace('\u00a0', ''))


def steps(check, tap, app):
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    workers = h.find(node, h.pyatspi.ROLE_SPIN_BUTTON, 'Workers', give_up=app.exited)
    increments = h.find(node, h.pyatspi.ROLE_SPIN_BUTTON, 'Increments each', give_up=app.exited)
    if not check(workers is not None and h.set_value(workers, WORKERS) and
                 increments is not None and h.set_value(increments, INCREMENTS), app.diagnostics()):
        return

    run = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, 'Run', give_up=app.exited)
    if not check(run is not None and h.press(run), app.diagnostics()):
        return

    def rows():
        texts = demo.label_texts(node, lambda text: COUNTS.match(text or '') is not None)
        return texts if len(texts) == 5 else None
    texts = h.poll(rows, 60, give_up=app.exited)
    if not check(texts is not None, [f'labels: {demo.label_texts(node, bool)!r}'] + app.diagnostics()):
        return
    for text in texts:
        tap.comment(text)

    expected = WORKERS * INCREMENTS
    plain = COUNTS.match(texts[PLAIN])
    check(number(plain.group(1)) == expected and number(plain.group(2)) <= expected, [texts[PLAIN]])
    coroutine = COUNTS.match(texts[COROUTINE])
    check(number(coroutine.group(1)) == expected and number(coroutine.group(2)) == expected, [texts[COROUTINE]])


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
