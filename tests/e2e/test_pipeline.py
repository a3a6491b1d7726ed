#!/usr/bin/python3
# Loop Lab end-to-end test: step a pipeline line by line, then close it.
#
# Starts the built app on the pipeline demo, presses "Step" ten times (the
# first starts a paused run: the log grows, and follow() waits before each
# send), reads the page's figures until follow() has sent ten lines,
# presses "Close" and reads the order in which the stages' cleanups ran.
# Everything is found through AT-SPI by role and visible name.
#
# Usage: test_pipeline.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'pipeline'
STEPS = 10
SENT = re.compile(r'^Paused: .* follow\(\) sent ([0-9]+) · printer\(\) printed ([0-9]+)$')
CLOSED = 'Cleanups ran in this order: follow() → grep(\'python\') → printer()'

CHECKS = [
    'app window found',
    f'pressed "Step" {STEPS} times',
    f'the page says follow() sent {STEPS} lines',
    'pressed "Close"',
    'the page lists the cleanups in order',
]


def figures(node):
    texts = demo.label_texts(node, lambda text: SENT.match(text or '') is not None)
    return SENT.match(texts[0]) if texts else None


def steps(check, tap, app):
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    step = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, 'Step', give_up=app.exited)
    pressed = 0
    for _ in range(STEPS):
        if step is None or not h.press(step):
            break
        pressed += 1
        time.sleep(0.3)
    if not check(pressed == STEPS, [f'pressed {pressed} times'] + app.diagnostics()):
        return

    match = h.poll(lambda: (lambda m: m if m and int(m.group(1)) == STEPS else None)(figures(node)),
                   10, give_up=app.exited)
    if not check(match is not None, [f'labels: {demo.label_texts(node, bool)!r}'] + app.diagnostics()):
        return
    tap.comment(match.group(0))

    close = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, 'Close', give_up=app.exited)
    if not check(close is not None and h.press(close), app.diagnostics()):
        return

    text = h.poll(lambda: (demo.label_texts(node, lambda t: t == CLOSED) or [None])[0], 10,
                  give_up=app.exited)
    if check(text is not None, [f'labels: {demo.label_texts(node, bool)!r}'] + app.diagnostics()):
        tap.comment(text)


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
