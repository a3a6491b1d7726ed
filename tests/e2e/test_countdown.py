#!/usr/bin/python3
# Loop Lab end-to-end test: run the countdown, as a user would.
#
# Starts the built app on the countdown demo, sets "Count down from" to 5,
# presses "Start", and watches the transcript grow line by line, a second
# apart, into what `looplab-cli run countdown 5` prints, while the status
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
FROM = 5
START_NAME = 'Start'
TRANSCRIPT_NAME = 'Transcript'
IDLE_STATUS = 'Press Start'
RAN_STATUS = 'The countdown’s coroutines ran for'
TIMEOUT = 20

CHECKS = [
    'app window found',
    f'"{FROM_NAME}" set to {FROM}',
    f'pressed "{START_NAME}"',
    'the transcript grows line by line: each text shown is the start of the CLI\'s',
    f'the transcript ends as `looplab-cli run countdown {FROM}` prints it',
    'the status text changed from the prompt to what the coroutines cost',
]




def status(node, prefix):
    texts = demo.label_texts(node, lambda text: text.startswith(prefix))
    return texts[0] if texts else None


def steps(check, tap, app):
    expected = demo.cli_transcript(sys.argv[1], DEMO, '--virtual-clock', str(FROM))
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return
    idle = h.poll(lambda: status(node, IDLE_STATUS), 10, give_up=app.exited)

    if not demo.set_and_press(check, node, app, FROM_NAME, FROM, START_NAME):
        return

    # The first line comes at once, the last one FROM - 1 seconds later:
    # watch the transcript's label until it is whole.
    label = h.poll(lambda: demo.label_after_heading(node, TRANSCRIPT_NAME), 10, give_up=app.exited)
    whole = '\n'.join(expected)
    seen = []

    def grown():
        text = h.text_of(label)
        if text and (not seen or seen[-1] != text):
            seen.append(text)
        return text == whole
    done = label is not None and h.poll(grown, TIMEOUT, interval=0.05, give_up=app.exited)
    prefixes = ['\n'.join(expected[:n]) for n in range(1, len(expected) + 1)]
    if not check(label is not None and len(seen) > 1 and all(text in prefixes for text in seen),
                 [f'seen {seen!r}'] + app.diagnostics()):
        return
    tap.comment(f'seen {len(seen)} texts, the first {seen[0]!r}')

    if not check(bool(done), [f'seen {seen!r}', f'wanted {whole!r}'] + app.diagnostics()):
        return

    ran = h.poll(lambda: status(node, RAN_STATUS), 5, give_up=app.exited)
    check(idle is not None and ran is not None,
          [f'before: {idle!r}', f'after: {ran!r}'] + app.diagnostics())
    if ran:
        tap.comment(ran)


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
