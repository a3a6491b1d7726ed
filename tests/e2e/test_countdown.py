#!/usr/bin/python3
# Loop Lab end-to-end test: run the countdown, as a user would.
#
# Starts the built app on the countdown demo, sets "Count down from" to 3,
# presses "Start", and watches the transcript grow line by line, a second
# apart, into what `looplab-cli run countdown 3` prints, while the status
# text follows.  Everything is found through AT-SPI by role and visible name.
#
# Usage: test_countdown.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'countdown'
FROM_NAME = 'Count down from'
FROM = 3
START_NAME = 'Start'
TRANSCRIPT_NAME = 'Transcript'
IDLE_STATUS = 'Press Start'
RAN_STATUS = 'The countdown’s coroutines ran for'
TIMEOUT = 20

CHECKS = [
    'app window found',
    f'"{FROM_NAME}" set to {FROM}',
    f'pressed "{START_NAME}"',
    'the transcript shows the first line before the last',
    f'the transcript ends as `looplab-cli run countdown {FROM}` prints it',
    'the status text changed from the prompt to what the coroutines cost',
]


def transcript(node):
    return demo.text_after_heading(node, TRANSCRIPT_NAME) or ''


def status(node, prefix):
    texts = demo.label_texts(node, lambda text: text.startswith(prefix))
    return texts[0] if texts else None


def steps(check, tap, app):
    expected = demo.cli_transcript(sys.argv[1], DEMO, '--virtual-clock', str(FROM))
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return
    idle = h.poll(lambda: status(node, IDLE_STATUS), 10, give_up=app.exited)

    spin = h.find(node, h.pyatspi.ROLE_SPIN_BUTTON, FROM_NAME, give_up=app.exited)
    method = h.set_value(spin, FROM) if spin is not None else None
    if not check(method is not None,
                 [f'no settable spin button named "{FROM_NAME}"'] + app.diagnostics()):
        return

    button = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, START_NAME, give_up=app.exited)
    if button is None:
        check(False, [f'no push button named "{START_NAME}"'] + app.diagnostics())
        return
    if not check(h.press(button), ['its "click" action returned false'] + app.diagnostics()):
        return

    # The first line comes at once; the last one FROM - 1 seconds later.
    first = h.poll(lambda: transcript(node) == expected[0], TIMEOUT, interval=0.1, give_up=app.exited)
    if not check(bool(first), [f'transcript {transcript(node)!r}'] + app.diagnostics()):
        return

    whole = '\n'.join(expected)
    done = h.poll(lambda: transcript(node) == whole, TIMEOUT, interval=0.2, give_up=app.exited)
    if not check(bool(done), [f'transcript {transcript(node)!r}', f'wanted {whole!r}'] + app.diagnostics()):
        return
    tap.comment(f'transcript: {transcript(node)!r}')

    ran = h.poll(lambda: status(node, RAN_STATUS), 5, give_up=app.exited)
    check(idle is not None and ran is not None,
          [f'before: {idle!r}', f'after: {ran!r}'] + app.diagnostics())
    if ran:
        tap.comment(ran)


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
