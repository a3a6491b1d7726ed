#!/usr/bin/python3
# Loop Lab end-to-end test: "Frozen vs responsive", as a user would drive it.
#
# Starts the built app on the frozen-vs-responsive demo, sets "Duration" to
# one second, presses "Sleep (blocking)" and checks that the page then reports
# how long its main loop was blocked and by which handler, and that the
# result card holds that run's own figures (the duration asked for, and a
# hold at least that long); then presses "Fetch (async)" and checks that the
# completed result shows every request answered.  Everything is found through AT-SPI by role and visible name.
#
# Usage: test_frozen.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402

DEMO = 'frozen-vs-responsive'
DURATION_NAME = 'Duration'
SLEEP_NAME = 'Sleep (blocking)'
FETCH_NAME = 'Fetch (async)'
DURATION = 1.0
REQUESTS = 5  # the page's default
STALL = re.compile(r'Main loop blocked for (\d+(?:\.\d+)?) s by (.+)')
HELD = re.compile(r'Asked for (\d+(?:\.\d+)?) s; g_usleep\(\) held the main thread for (\d+(?:\.\d+)?) s\.')
FETCHED = re.compile(r'(\d+) of (\d+) requests? answered in (\d+(?:\.\d+)?) s')
TIMEOUT = 20

CHECKS = [
    'app window found',
    f'"{DURATION_NAME}" set to {DURATION:g} s',
    f'pressed "{SLEEP_NAME}"',
    f'a "Main loop blocked for ..." report appears within {TIMEOUT} s',
    'the reported block lasted between 0.9 and 2.0 s, by sleep_blocking',
    f'the result card says {DURATION:g} s were asked for and the thread was held at least that long',
    f'pressed "{FETCH_NAME}"',
    f'a completed Fetch result appears within {TIMEOUT} s',
    f'all {REQUESTS} requests were answered',
]


def wait_for_new(node, regex, before, app):
    """Waits for a label matching regex that was not there before; returns
    (text, match) of the first, or None."""
    def look():
        new = {t: m for t, m in h.labels_matching(node, regex).items() if t not in before}
        return next(iter(new.items()), None)
    return h.poll(look, TIMEOUT, interval=0.25, give_up=app.exited)


def steps(check, tap, app):
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    spin = h.find(node, h.pyatspi.ROLE_SPIN_BUTTON, DURATION_NAME, give_up=app.exited)
    method = h.set_value(spin, DURATION) if spin is not None else None
    why = [f'no spin button named "{DURATION_NAME}"'] if spin is None else \
        [f'the spin button reads {h.poll(lambda: h.get_value(spin), 1)!r}']
    if not check(method is not None, why + app.diagnostics()):
        return
    tap.comment(f'set through the {method} interface')

    # Sleep (blocking): the window freezes for a second, then says so.
    button = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, SLEEP_NAME, give_up=app.exited)
    if button is None:
        check(False, [f'no push button named "{SLEEP_NAME}"'] + app.diagnostics())
        return
    before = h.labels_matching(node, STALL)
    if not check(h.press(button), ['its "click" action returned false'] + app.diagnostics()):
        return

    found = wait_for_new(node, STALL, before, app)
    if not check(found is not None, ['no label matched ' + STALL.pattern] + app.diagnostics()):
        return
    text, match = found
    tap.comment(f'report: {text}')
    seconds = float(match.group(1))
    handler = match.group(2).strip()
    check(0.9 <= seconds <= 2.0 and handler == 'sleep_blocking',
          [f'reported {seconds} s by {handler!r} for a freeze of {DURATION:g} s'], fatal=False)

    # The same result card says what this run asked for and what it did.
    held = h.labels_matching(node, HELD)
    if not check(len(held) == 1, [f'{len(held)} labels matched ' + HELD.pattern] + app.diagnostics()):
        return
    text, match = next(iter(held.items()))
    tap.comment(f'work: {text}')
    asked, took = float(match.group(1)), float(match.group(2))
    if not check(asked == DURATION and took >= DURATION,
                 [f'asked for {asked} s, held for {took} s; the duration was set to {DURATION:g} s']):
        return

    # Fetch (async): every request answered, about one server delay in all.
    button = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, FETCH_NAME, give_up=app.exited)
    if button is None:
        check(False, [f'no push button named "{FETCH_NAME}"'] + app.diagnostics())
        return
    before = h.labels_matching(node, FETCHED)
    if not check(h.press(button), ['its "click" action returned false'] + app.diagnostics()):
        return

    found = wait_for_new(node, FETCHED, before, app)
    if not check(found is not None, ['no label matched ' + FETCHED.pattern] + app.diagnostics()):
        return
    text, match = found
    tap.comment(f'result: {text}')
    answered, total = int(match.group(1)), int(match.group(2))
    check(answered == total == REQUESTS,
          [f'{answered} of {total} answered, expected {REQUESTS} of {REQUESTS}'], fatal=False)



if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
