#!/usr/bin/python3
# Loop Lab end-to-end test: step the producer/consumer debugger, as a user
# would.
#
# Starts the built app on the producer and consumer demo and presses "Step"
# fifteen times.  After each step the status line names the step and who
# runs next, and the transcript holds exactly the lines of `looplab-cli run
# producer-consumer` that the two coroutines have printed so far.
# Everything is found through AT-SPI by role and visible name.
#
# Usage: test_producer_consumer.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'producer-consumer'
N_STEPS = 15
STATUS = re.compile(r'^Step (?P<step>\d+) of 15 · next: the (?P<next>producer|consumer)|^Finished after (?P<done>\d+) steps')
LINE = re.compile(r'^\[(Producer|Consumer)\] ')

# How many lines the transcript holds after each step, from the first: a
# step is one coroutine's turn, and a turn prints none, one or two lines.
N_LINES = [0, 0, 1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 15, 15, 15]
# Who runs next after each step; after the last, nobody.
NEXT = ['consumer', 'producer'] * 7 + [None]

CHECKS = [
    'app window found',
    'the status line reads "Step 0 of 15 · next: the producer", the transcript is empty',
    f'each press of "{demo.STEP_NAME}" moves the status on by one step, to the other coroutine',
    'after each step the transcript is the start of `looplab-cli run producer-consumer`',
    f'after {N_STEPS} steps the status says both returned and the transcript is whole',
]


def transcript(node):
    return demo.label_texts(node, lambda text: LINE.search(text) is not None)


def steps(check, tap, app):
    expected = demo.cli_transcript(sys.argv[1], DEMO, '--virtual-clock')
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    first = h.poll(lambda: demo.status(node, STATUS), 10, give_up=app.exited)
    if not check(first is not None and first.group('step') == '0' and first.group('next') == 'producer'
                 and transcript(node) == [],
                 [f'status {first and first.group(0)!r}, transcript {transcript(node)!r}']
                 + app.diagnostics()):
        return

    button = demo.find_step(node, app)
    if button is None:
        check(False, [f'no push button named "{demo.STEP_NAME}"'] + app.diagnostics())
        return

    shown = demo.step_through(button, app, tap, node, STATUS, NEXT, transcript)
    if not check(shown is not None, app.diagnostics()):
        return

    wanted = [expected[:n] for n in N_LINES]
    bad = [i + 1 for i, (got, want) in enumerate(zip(shown, wanted)) if got != want]
    if not check(not bad, [f'after step {i}: {shown[i - 1]!r}, wanted {wanted[i - 1]!r}'
                           for i in bad[:3]] + app.diagnostics()):
        return

    final = demo.status(node, STATUS)
    check(final is not None and final.group('done') == str(N_STEPS) and transcript(node) == expected
          and len(expected) == 15,
          [f'status {final and final.group(0)!r}, transcript {transcript(node)!r}'] + app.diagnostics())


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
