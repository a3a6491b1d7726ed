#!/usr/bin/python3
# Loop Lab end-to-end test: stream a bus feed for route 22 and read the count.
#
# Starts the built app on the sax-bus demo, sets "Buses" to 10 000, checks
# that "Route" says 22, presses "Stream the Events" and reads the count the
# page shows once the feed has been read, which must be what
# `looplab-cli run sax-bus --buses 10000 --count-only` prints for the same
# feed.  Everything is found through AT-SPI by role and visible name.
#
# Usage: test_sax_bus.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402
import coroutine_demo as demo  # noqa: E402

DEMO = 'sax-bus'
BUSES = 10000
COUNT = re.compile(r'^([0-9]+) bus(es)?$')

CHECKS = [
    'app window found',
    f'"Buses" set to {BUSES}, "Route" is 22',
    'pressed "Stream the Events"',
    'the page shows the count of buses',
    'the count is what looplab-cli prints for the same feed',
]


def cli_count(looplab):
    cli = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(looplab))), 'app', 'cli', 'looplab-cli')
    out = subprocess.run([cli, 'run', 'sax-bus', '--buses', str(BUSES), '--route', '22', '--count-only'],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return int(out.split()[0])


def steps(check, tap, app):
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    buses = h.find(node, h.pyatspi.ROLE_SPIN_BUTTON, 'Buses', give_up=app.exited)
    route = h.find(node, h.pyatspi.ROLE_TEXT, 'Route', give_up=app.exited)
    if not check(buses is not None and h.set_value(buses, BUSES) and
                 route is not None and h.text_of(route) == '22',
                 [f'route: {route and h.text_of(route)!r}'] + app.diagnostics()):
        return

    stream = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, 'Stream the Events', give_up=app.exited)
    if not check(stream is not None and h.press(stream), app.diagnostics()):
        return

    def shown():
        texts = demo.label_texts(node, lambda text: COUNT.match(text or '') is not None)
        return texts[0] if texts else None
    text = h.poll(shown, 60, give_up=app.exited)
    if not check(text is not None, [f'labels: {demo.label_texts(node, bool)!r}'] + app.diagnostics()):
        return
    tap.comment(text)

    expected = cli_count(sys.argv[1])
    check(int(COUNT.match(text).group(1)) == expected, [f'looplab-cli says {expected}'])


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
