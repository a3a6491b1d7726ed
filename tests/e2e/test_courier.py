#!/usr/bin/python3
# Loop Lab end-to-end test: start the courier deliveries, as a user would.
#
# Starts the built app on the courier demo, sets "Speed" to 50 units per
# second, presses "Start", and watches the "Delivered" counter rise while the
# app keeps answering.  Everything is found through AT-SPI by role and
# visible name.
#
# Usage: test_courier.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'courier'
SPEED_NAME = 'Speed'
SPEED = 10.0
START_NAME = 'Start'
COUNTER_NAME = 'Delivered'
STATUS = re.compile(r'^(\d+) of (\d+) parcels? delivered')
RISE_TIMEOUT = 20
END_TIMEOUT = 60

CHECKS = [
    'app window found',
    f'"{SPEED_NAME}" set to {SPEED:g} units per second',
    f'pressed "{START_NAME}"',
    f'the "{COUNTER_NAME}" counter rises above 0 within {RISE_TIMEOUT} s',
    f'the "{COUNTER_NAME}" counter keeps rising',
    'the run ends with every parcel delivered, status line and counter agreeing',
]


def delivered(app_node):
    """The value of the "Delivered" counter: the number shown above its name."""
    for node in h.find_all(app_node, roles=(h.pyatspi.ROLE_LABEL,), name=COUNTER_NAME):
        try:
            siblings = h.children(node.parent)
        except Exception:
            continue
        for sibling in siblings:
            text = h.text_of(sibling)
            if text.isdigit():
                return int(text)
    return None


def status(app_node):
    for node in h.find_all(app_node, roles=(h.pyatspi.ROLE_LABEL,)):
        m = STATUS.search(h.text_of(node))
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def steps(check, tap, app):
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    if not demo.set_and_press(check, node, app, SPEED_NAME, SPEED, START_NAME):
        return

    first = h.poll(lambda: (delivered(node) or 0) > 0 and delivered(node),
                   RISE_TIMEOUT, interval=0.25, give_up=app.exited)
    if not check(bool(first), [f'"{COUNTER_NAME}" reads {delivered(node)!r}'] + app.diagnostics()):
        return
    tap.comment(f'{COUNTER_NAME}: {first}')

    later = h.poll(lambda: (delivered(node) or 0) > first and delivered(node),
                   RISE_TIMEOUT, interval=0.25, give_up=app.exited)
    if not check(bool(later), [f'"{COUNTER_NAME}" stayed at {delivered(node)!r}'] + app.diagnostics()):
        return
    tap.comment(f'{COUNTER_NAME}: {later}')

    # 51 parcels at 10 units a second take about 12 s.
    def done():
        shown = status(node)
        return shown is not None and shown[0] == shown[1] and delivered(node) == shown[1] and shown
    shown = h.poll(done, END_TIMEOUT, interval=0.5, give_up=app.exited)
    check(bool(shown), [f'status {status(node)!r}, counter {delivered(node)!r}'] + app.diagnostics())
    if shown:
        tap.comment(f'{shown[0]} of {shown[1]} parcels delivered')



if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
