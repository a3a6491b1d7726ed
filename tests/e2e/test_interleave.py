#!/usr/bin/python3
# Loop Lab end-to-end test: step the interleaving demo, as a user would.
#
# Starts the built app on the interleaving demo and presses "Step" until
# both coroutines have finished.  After each step the status line names the
# step and who runs next, and the output reads as `looplab-cli run
# interleave` prints it, one more item each time A or B runs.  Everything is
# found through AT-SPI by role and visible name.
#
# Usage: test_interleave.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'interleave'
SCHEDULE = 'AABBAB'
N_STEPS = len(SCHEDULE) + 2
OUTPUT_NAME = 'Output'
STATUS = re.compile(r'^Step (?P<step>\d+) of \d+ · next: (?P<next>[AB])|^Finished after (?P<done>\d+) steps')

CHECKS = [
    'app window found',
    f'the status line reads "Step 0 of {N_STEPS} · next: {SCHEDULE[0]}" and the output is empty',
    f'each press of "{demo.STEP_NAME}" moves the status on by one, to the one the schedule names',
    'after each step the output reads as `looplab-cli run interleave` prints it',
    f'after {N_STEPS} steps the status says it finished and the output is the whole transcript',
]


def output(node):
    return demo.text_after_heading(node, OUTPUT_NAME)


def steps(check, tap, app):
    expected = demo.cli_transcript(sys.argv[1], DEMO, '--virtual-clock', '--schedule', SCHEDULE)
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    first = h.poll(lambda: demo.status(node, STATUS), 10, give_up=app.exited)
    if not check(first is not None and first.group('step') == '0' and first.group('next') == SCHEDULE[0]
                 and output(node) == '–',
                 [f'status {first and first.group(0)!r}, output {output(node)!r}'] + app.diagnostics()):
        return

    button = demo.find_step(node, app)
    if button is None:
        check(False, [f'no push button named "{demo.STEP_NAME}"'] + app.diagnostics())
        return

    # Past the schedule, A then B leave their loops: the run is over.
    nexts = list(SCHEDULE[1:]) + ['A', 'B', None]
    outputs = demo.step_through(button, app, tap, node, STATUS, nexts, output)
    if not check(outputs is not None, app.diagnostics()):
        return

    # One item per step while the schedule lasts; none after it.
    wanted = [' '.join(expected[:min(i, len(expected))]) for i in range(1, N_STEPS + 1)]
    if not check(outputs == wanted, [f'shown {outputs!r}', f'wanted {wanted!r}'] + app.diagnostics()):
        return

    final = demo.status(node, STATUS)
    check(final is not None and final.group('done') == str(N_STEPS) and output(node) == ' '.join(expected),
          [f'status {final and final.group(0)!r}, output {output(node)!r}'] + app.diagnostics())


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
