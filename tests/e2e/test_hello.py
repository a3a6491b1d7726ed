#!/usr/bin/python3
# Loop Lab end-to-end test: gather two hello tasks, as a user would.
#
# Starts the built app on the hello demo, sets "Tasks" to 2, presses "Run"
# and reads the sentence that sets the sum of the sleeps beside the time the
# loop took: two tasks slept 2.0 s in all, the loop took about one.  The
# transcript must then be what `looplab-cli run hello --tasks 2` prints, but
# for the thread's address.  Everything is found through AT-SPI by role and
# visible name.
#
# Usage: test_hello.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'hello'
TASKS_NAME = 'Tasks'
TASKS = 2
RUN_NAME = 'Run'
TRANSCRIPT_NAME = 'Transcript'
SUMMARY = re.compile(r'^2 tasks slept 2\.0 s in total; the loop took ([0-9.]+) s\.$')
THREAD = re.compile(r'thread 0x[0-9a-f]+\]')

CHECKS = [
    'app window found',
    f'"{TASKS_NAME}" set to {TASKS}',
    f'pressed "{RUN_NAME}"',
    'the page says the loop took about one second for two sleeps of one',
    'the transcript is what `looplab-cli run hello --tasks 2` prints, on one thread',
]


def steps(check, tap, app):
    expected = demo.cli_transcript(sys.argv[1], DEMO, '--virtual-clock', '--tasks', str(TASKS))
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    if not demo.set_and_press(check, node, app, TASKS_NAME, TASKS, RUN_NAME):
        return

    def summary():
        texts = demo.label_texts(node, lambda text: SUMMARY.match(text) is not None)
        return SUMMARY.match(texts[0]) if texts else None
    found = h.poll(summary, 10, give_up=app.exited)
    took = float(found.group(1)) if found else None
    if not check(took is not None and 1.0 <= took < 1.5,
                 [f'summary {found.group(0) if found else None!r}'] + app.diagnostics()):
        return
    tap.comment(found.group(0))

    label = demo.label_after_heading(node, TRANSCRIPT_NAME)
    shown = (h.text_of(label) or '').split('\n') if label is not None else []
    threads = {m.group(0) for line in shown for m in [THREAD.search(line)] if m}
    masked = [THREAD.sub('thread T]', line) for line in shown]
    wanted = [THREAD.sub('thread T]', line) for line in expected if THREAD.search(line)]
    check(masked == wanted and len(threads) == 1,
          [f'shown {shown!r}', f'wanted {wanted!r}'] + app.diagnostics())


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
