#!/usr/bin/python3
# Loop Lab end-to-end test: the single-threaded server, as a user would use it.
#
# Starts the built app on the server demo and presses "Start server"; reads
# the address the page shows; fetches /hello/<b>x</b> from it over HTTP, as
# a browser would, and finds the name escaped in the answer; keeps that
# connection open and finds it counted on the page; presses "Stop server"
# and finds the port closed.  Everything in the window is found through
# AT-SPI by role and visible name.
#
# Usage: test_server.py PATH/TO/looplab      (prints TAP)
# SPDX-License-Identifier: GPL-3.0-or-later

import http.client
import os
import re
import socket
import sys
import urllib.parse

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_helpers as h  # noqa: E402

DEMO = 'server'
START = 'Start server'
STOP = 'Stop server'
URL = re.compile(r'^http://127\.0\.0\.1:(\d+)/$')
OPEN = re.compile(r'· (\d+) open \(')
NAME = '<b>x</b>'
ANSWER = '<h1>hello, &lt;b&gt;x&lt;/b&gt;!</h1>'

CHECKS = [
    'app window found',
    f'pressed "{START}"',
    'the page shows the server\'s address',
    f'GET /hello/{NAME} answers the name escaped, as text/html',
    'the open connection is counted on the page',
    f'pressed "{STOP}": the page says so and the port is closed',
]


def open_connections(node):
    found = h.labels_matching(node, OPEN)
    return max((int(m.group(1)) for m in found.values()), default=None)


def steps(check, tap, app):
    node = app.wait_for_window(timeout=30)
    if not check(node is not None, app.diagnostics()):
        return

    start = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, START, give_up=app.exited)
    if not check(start is not None and h.press(start), app.diagnostics()):
        return

    def address():
        matches = h.labels_matching(node, URL)
        return next(iter(matches.values()), None)
    found = h.poll(address, 10, give_up=app.exited)
    if not check(found is not None, [h.dump_tree(node)] + app.diagnostics()):
        return
    port = int(found.group(1))
    tap.comment(f'serving on port {port}')

    connection = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    connection.request('GET', '/hello/' + urllib.parse.quote(NAME, safe=''))
    response = connection.getresponse()
    body = response.read().decode()
    if not check(response.status == 200 and body == ANSWER
                 and response.getheader('Content-Type') == 'text/html; charset=utf-8',
                 [f'status {response.status}, body {body!r}, headers {response.getheaders()!r}']):
        return

    # The connection is kept alive: the page counts it among the open ones.
    counted = h.poll(lambda: (open_connections(node) or 0) >= 1 or None, 10, give_up=app.exited)
    if not check(counted is not None, [f'open: {open_connections(node)!r}'] + app.diagnostics()):
        return
    connection.close()

    stop = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, STOP, give_up=app.exited)
    if stop is None or not h.press(stop):
        check(False, ['no Stop server button'] + app.diagnostics())
        return
    stopped = h.poll(lambda: h.labels_matching(node, re.compile('^The server is stopped\\.$')) or None,
                     10, give_up=app.exited)
    refused = False
    try:
        socket.create_connection(('127.0.0.1', port), timeout=2).close()
    except ConnectionRefusedError:
        refused = True
    check(stopped is not None and refused, [f'stopped {stopped!r}, refused {refused}'] + app.diagnostics())


if __name__ == '__main__':
    sys.exit(h.run_test(CHECKS, DEMO, steps))
