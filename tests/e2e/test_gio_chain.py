#!/usr/bin/python3
# Loop Lab end-to-end test: start a file copy, then cancel it, as a user would.
#
# Starts the built app on the gio-chain demo, presses "Step" until the copy
# of the sample is under way (the first Step makes the sample file, in a
# worker thread, then sends the first request), steps on through two
# chunks, presses "Cancel" and reads what the page says: how much had been
# copied, and that the partial copy was deleted.  Everything is found
# through AT-SPI by role and visible name.
#
# Usage: test_gio_chain.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'gio-chain'
STEP_NAME = 'Step'
CANCEL_NAME = 'Cancel'
# Eight messages a chunk: its read and its write, four legs each.
STEPS = 20
UNDER_WAY = re.compile(r' of 256\.0.MiB · [0-9]+ chunks? in flight$')
CANCELLED = re.compile(r'^Cancelled after (8\.0.MiB) had been copied; the partial copy was deleted\.$')

CHECKS = [
    'app window found',
    f'pressed "{STEP_NAME}": the copy of the sample is under way, stepped',
    f'pressed "{STEP_NAME}" {STEPS} times in all',
    f'pressed "{CANCEL_NAME}"',
    'the page says how much had been copied, and that the partial copy was deleted',
]


def figures(node):
    texts = demo.label_texts(node, lambda text: UNDER_WAY.search(text or '') is not None)
    return texts[0] if texts else None


def steps(check, tap, app):
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    step = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, STEP_NAME, give_up=app.exited)
    if not check(step is not None and h.press(step) and
                 h.poll(lambda: figures(node), 60, give_up=app.exited),
                 ['no copy under way after the first Step'] + app.diagnostics()):
        return

    # A user's pace: each message's IO is back long before the next press.
    pressed = 1
    for _ in range(STEPS - 1):
        time.sleep(0.5)
        if not h.press(step):
            break
        pressed += 1
    if not check(pressed == STEPS, [f'pressed {pressed} times'] + app.diagnostics()):
        return
    tap.comment(figures(node) or '')

    cancel = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, CANCEL_NAME, give_up=app.exited)
    if not check(cancel is not None and h.press(cancel), app.diagnostics()):
        return

    def said():
        texts = demo.label_texts(node, lambda text: CANCELLED.match(text or '') is not None)
        return texts[0] if texts else None
    text = h.poll(said, 10, give_up=app.exited)
    if check(text is not None, [f'labels: {demo.label_texts(node, lambda t: bool(t))!r}'] + app.diagnostics()):
        tap.comment(text)


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
