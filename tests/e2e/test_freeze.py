#!/usr/bin/python3
# Loop Lab end-to-end test: freeze the loop, as a user would.
#
# Starts the built app on the message-loop demo, sets "Freeze duration" to one
# second, presses "Freeze the loop", and checks that the app then reports how
# long its main loop was blocked and by which handler, and that a click after
# the freeze is answered.
# Everything is found through AT-SPI by role and visible name.
#
# Usage: test_freeze.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402

DEMO = 'message-loop'
DURATION_NAME = 'Freeze duration'
FREEZE_NAME = 'Freeze the loop'
DURATION = 1.0
REPORT = re.compile(r'Main loop blocked for (\d+(?:\.\d+)?) s by (.+)')
REPORT_TIMEOUT = 15
ANSWER_TIMEOUT = 5
SETTLE = 1.0

CHECKS = [
    'app window found',
    f'"{DURATION_NAME}" set to {DURATION:g} s',
    f'pressed "{FREEZE_NAME}"',
    f'a "Main loop blocked for ..." report appears within {REPORT_TIMEOUT} s',
    'the reported block lasted at least 0.9 s, and no longer than from the press to the report',
    'the report names the blocking handler',
    f'a press of "{h.CLICK_ME}" after the freeze is answered within {ANSWER_TIMEOUT} s',
]


def steps(check, tap, app):
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    spin = h.find(node, h.pyatspi.ROLE_SPIN_BUTTON, DURATION_NAME, give_up=app.exited)
    method = h.set_value(spin, DURATION) if spin is not None else None
    if spin is None:
        why = [f'no spin button named "{DURATION_NAME}"']
    else:
        why = [f'the spin button reads {h.poll(lambda: h.get_value(spin), 1)!r}']
    if not check(method is not None, why + app.diagnostics()):
        return
    tap.comment(f'set through the {method} interface')

    button = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, FREEZE_NAME, give_up=app.exited)
    if button is None:
        check(False, [f'no push button named "{FREEZE_NAME}"'] + app.diagnostics())
        return
    # Reports already on screen before the press do not count.
    before = h.labels_matching(node, REPORT)
    # The freeze starts after this and is reported before it is seen: the
    # time between the two bounds it, however slow the machine.
    pressed_at = time.monotonic()
    if not check(h.press(button), ['its "click" action returned false'] + app.diagnostics()):
        return

    # The page reports every stall, so a slow frame just before or after the
    # freeze can be reported too: collect what shows up for a moment after the
    # first report, and take the longest block as the freeze.
    seen = {}
    seen_at = {}

    def new_reports():
        now = time.monotonic()
        for t, m in h.labels_matching(node, REPORT).items():
            if t not in before and t not in seen:
                seen[t] = m
                seen_at[t] = now
        return bool(seen)
    found = h.poll(new_reports, REPORT_TIMEOUT, interval=0.25, give_up=app.exited)
    if not check(found, ['no label matched ' + REPORT.pattern] + app.diagnostics()):
        return
    h.poll(lambda: new_reports() and False, SETTLE, interval=0.25, give_up=app.exited)
    text, match = max(seen.items(), key=lambda item: float(item[1].group(1)))
    for other in seen:
        tap.comment(f'{"report" if other == text else "also seen"}: {other}')

    seconds = float(match.group(1))
    # The report rounds to 0.1 s.
    waited = seen_at[text] - pressed_at + 0.05
    check(0.9 <= seconds <= waited,
          [f'reported {seconds} s for a freeze of {DURATION:g} s, seen {waited:.2f} s after the press'],
          fatal=False)

    handler = match.group(2).strip()
    check(bool(handler), [f'no handler name in {text!r}'], fatal=False)

    check(*h.click_is_answered(node, app, ANSWER_TIMEOUT))


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
