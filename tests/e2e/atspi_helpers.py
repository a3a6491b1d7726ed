# Loop Lab: helpers for the end-to-end tests, which drive the built app from
# outside through the accessibility tree (AT-SPI), as a user or a screen reader
# would: widgets are found by role and visible name, never by coordinates.
#
# What works against GTK 4.8.3 (found under Xvfb with a throwaway app and with
# Loop Lab itself):
#   - a button's Action interface: action 0 is "click"; doAction returns at
#     once, before the click handler runs;
#   - a spin button's Value interface is settable: the value changes, clamped
#     to the range, and value-changed is emitted;
#   - a label's accessible name is its text; Text.getText (0, -1) returns "",
#     so text_of () asks for characterCount characters;
#   - only toplevels carry STATE_SHOWING; every widget carries STATE_VISIBLE;
#   - GTK registers the app with the AT-SPI registry from an idle callback, so
#     an app whose main loop never goes idle never shows up (seen under Xvfb
#     with GL through llvmpipe; tools/test sets GSK_RENDERER=cairo);
#   - a label's text change is not reliably announced by an event, so the
#     tests poll the tree rather than listen;
#   - no fallback for a spin button: EditableText.setTextContents changes its
#     text but not its value (nothing activates it), Component.grabFocus fails,
#     and synthesized keys reach no window under a bare Xvfb (no window
#     manager gives the window focus).  set_value () still tries them last,
#     for toolkits whose Value interface is read-only.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import signal
import subprocess
import sys
import tempfile
import time

# The test environment sets G_DEBUG=fatal-warnings for the app under test; it
# must not apply to this process, where libatspi warns about things that are
# not errors (GTK 4.8 has no AT-SPI cache object, so every GetItems call warns).
# GLib reads G_DEBUG when it loads, so this comes before importing gi.
APP_G_DEBUG = os.environ.get('G_DEBUG')
if APP_G_DEBUG is not None:
    _flags = [f for f in APP_G_DEBUG.split(',')
              if f.strip() not in ('fatal-warnings', 'fatal-criticals')]
    os.environ['G_DEBUG'] = ','.join(_flags)

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi
    import pyatspi
    IMPORT_ERROR = None
except (ImportError, ValueError) as e:  # reported by require_environment ()
    Atspi = pyatspi = None
    IMPORT_ERROR = e

# How many nodes a search visits before it gives up: a runaway tree (a list with
# thousands of rows) must not hang the test.
MAX_NODES = 20000


class Tap:
    """Writes TAP to stdout: a plan, then one line per check, comments for diagnostics."""

    def __init__(self, planned):
        self.planned = planned
        self.number = 0
        self.failed = 0
        print(f'1..{planned}', flush=True)

    def ok(self, passed, description, diagnostics=()):
        self.number += 1
        print(f'{"ok" if passed else "not ok"} {self.number} - {description}', flush=True)
        if not passed:
            self.failed += 1
            for line in diagnostics:
                self.comment(line)
        return passed

    def skip(self, description, reason):
        self.number += 1
        print(f'ok {self.number} - {description} # SKIP {reason}', flush=True)

    def skip_rest(self, descriptions, reason):
        for description in descriptions:
            self.skip(description, reason)

    def comment(self, text):
        for line in str(text).splitlines() or ['']:
            print(f'# {line}', flush=True)

    def bail_out(self, reason):
        print(f'Bail out! {reason}', flush=True)
        sys.exit(1)

    def exit_status(self):
        if self.number != self.planned:
            self.comment(f'planned {self.planned} checks, ran {self.number}')
            return 1
        return 1 if self.failed else 0


def require_environment():
    """Returns None when AT-SPI can run here, else the reason it cannot.

    Without a display or pyatspi the test is skipped, unless the caller insists
    (tools/test sets LOOPLAB_E2E_REQUIRED=1), in which case it bails out.
    """
    reason = None
    if IMPORT_ERROR is not None:
        reason = f'pyatspi is not available ({IMPORT_ERROR}); install python3-pyatspi'
    elif not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
        reason = 'no display (run under xvfb-run)'
    elif not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
        reason = 'no D-Bus session bus (run under dbus-run-session)'
    if reason and os.environ.get('LOOPLAB_E2E_REQUIRED') == '1':
        print(f'Bail out! {reason}', flush=True)
        sys.exit(1)
    return reason


def poll(function, timeout, interval=0.2, give_up=None):
    """Calls function until it returns something true, timeout seconds pass,
    or give_up () returns true (say, the app exited).

    AT-SPI calls fail while the app is busy or a node goes away; those count as
    "not yet".  Returns the last value (false on timeout).
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = function()
        except Exception:  # GLib.GError from a D-Bus call, a vanished node...
            value = None
        if value or time.monotonic() >= deadline or (give_up and give_up()):
            return value
        time.sleep(interval)


class App:
    """The app under test, started as a child process with its output captured.

    Use as a context manager: the process is always killed at the end.
    """

    def __init__(self, exe, args=()):
        self.argv = [exe, *args]
        self.log = tempfile.TemporaryFile(mode='w+', encoding='utf-8', errors='replace')
        env = dict(os.environ)
        if APP_G_DEBUG is not None:
            env['G_DEBUG'] = APP_G_DEBUG
        # GTK 4 only talks to AT-SPI when accessibility is not turned off.
        env.pop('GTK_A11Y', None)
        # Its output must not end up in our TAP stream.
        self.process = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=subprocess.STDOUT,
                                        env=env)
        self.node = None
        previous = signal.getsignal(signal.SIGTERM)

        def on_sigterm(signum, frame):  # meson's timeout: still kill the app
            self.stop()
            signal.signal(signal.SIGTERM, previous)
            os.kill(os.getpid(), signal.SIGTERM)
        signal.signal(signal.SIGTERM, on_sigterm)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def pid(self):
        return self.process.pid

    def running(self):
        return self.process.poll() is None

    def exited(self):
        return self.process.poll() is not None

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self, max_lines=40):
        """The last lines the app printed (stdout and stderr)."""
        try:
            self.log.flush()
            self.log.seek(0)
            lines = self.log.read().splitlines()
        except (OSError, ValueError):
            return []
        return lines[-max_lines:]

    def diagnostics(self):
        """Lines that help explain a failure: the process state, its output, its tree."""
        lines = [f'command: {" ".join(self.argv)}']
        status = self.process.poll()
        lines.append('app is running' if status is None else f'app exited with status {status}')
        output = self.output()
        if output:
            lines.append('app output (last lines):')
            lines += [f'  {line}' for line in output]
        if self.node is not None:
            lines.append('accessible tree:')
            lines += [f'  {line}' for line in dump_tree(self.node)]
        else:
            apps = list_applications()
            lines.append('applications on the AT-SPI desktop:')
            lines += [f'  {line}' for line in apps] or ['  (none)']
            if not apps and status is None:
                lines += [
                    'the app runs but is not on the AT-SPI desktop. Known causes:',
                    '  GTK_A11Y=none, or no org.a11y.Bus on the session bus (at-spi2-core);',
                    '  a main loop that never goes idle: GTK 4.8 registers with AT-SPI from',
                    '  an idle callback (under Xvfb, GL through llvmpipe can saturate the',
                    '  loop: try GSK_RENDERER=cairo);',
                    '  XDG_RUNTIME_DIR unset: the AT-SPI bus socket is then',
                    '  ~/.cache/at-spi/bus, shared with every other session of this user.',
                ]
        return lines

    def wait_for_window(self, timeout=30):
        """Waits until the app shows up on the AT-SPI desktop with a window.

        Matches by process id, so another copy of the app cannot be mistaken
        for ours.  Returns the application node, or None.
        """
        def find():
            if not self.running():
                raise RuntimeError('the app exited')
            node = find_application(self.pid)
            if node is None:
                return None
            try:
                # Read fresh values on every call: labels change under us.
                node.set_cache_mask(Atspi.Cache.NONE)
            except Exception:
                pass
            if find_all(node, roles=WINDOW_ROLES, limit=1):
                return node
            return None

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.running():
            node = poll(find, min(1.0, max(0.0, deadline - time.monotonic())))
            if node is not None:
                self.node = node
                return node
        return None


WINDOW_ROLES = () if pyatspi is None else (pyatspi.ROLE_FRAME, pyatspi.ROLE_WINDOW,
                                           pyatspi.ROLE_DIALOG)


def desktop():
    node = pyatspi.Registry.getDesktop(0)
    try:
        # Nothing here runs a main loop to take in children-changed events, so
        # a cached list of applications would never see ours arrive.
        node.clear_cache()
    except Exception:
        pass
    return node


def find_application(pid):
    for node in children(desktop()):
        try:
            if node.get_process_id() == pid:
                return node
        except Exception:
            continue
    return None


def list_applications():
    lines = []
    for node in children(desktop()):
        try:
            lines.append(f'{node.name!r} pid {node.get_process_id()}')
        except Exception as e:
            lines.append(f'<unreadable: {e}>')
    return lines


def children(node):
    try:
        count = node.childCount
    except Exception:
        return []
    result = []
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            result.append(child)
    return result


def walk(root):
    """Yields (depth, node) for root and its descendants, depth first, bounded."""
    stack = [(0, root)]
    seen = 0
    while stack and seen < MAX_NODES:
        depth, node = stack.pop()
        seen += 1
        yield depth, node
        stack.extend((depth + 1, c) for c in reversed(children(node)))


def role_name(node):
    try:
        return node.getRoleName()
    except Exception:
        return '?'


def name_of(node):
    try:
        return node.name or ''
    except Exception:
        return ''


def is_visible(node):
    # GTK 4.8 sets SHOWING on toplevels only; VISIBLE it sets on every widget.
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def text_of(node):
    """A node's visible text: its Text contents, else its accessible name."""
    try:
        text = node.queryText()
        # GTK 4.8 answers getText (0, -1) with "": ask for the real length.
        contents = text.getText(0, text.characterCount)
        if contents:
            return contents
    except Exception:
        pass
    return name_of(node)


def find_all(root, roles=None, name=None, predicate=None, limit=None):
    """Descendants of root with one of roles, the exact accessible name and/or
    satisfying predicate, visible ones first."""
    found = []
    for _, node in walk(root):
        try:
            if roles is not None and node.getRole() not in roles:
                continue
            if name is not None and name_of(node) != name:
                continue
            if predicate is not None and not predicate(node):
                continue
        except Exception:
            continue
        found.append(node)
        if limit is not None and len(found) >= limit:
            break
    found.sort(key=lambda n: not is_visible(n))
    return found


def find(root, role, name, timeout=10, give_up=None):
    """The first descendant with role and the exact accessible name, waiting up
    to timeout seconds for it to appear; None if it does not."""
    def look():
        matches = find_all(root, roles=(role,), name=name)
        return matches[0] if matches else None
    return poll(look, timeout, give_up=give_up)


def press(node):
    """Activates a button through its Action interface, the way a screen reader does."""
    action = node.queryAction()
    index = 0
    for i in range(action.nActions):
        if action.getName(i) == 'click':
            index = i
            break
    return action.doAction(index)


def get_value(node):
    return node.queryValue().currentValue


def set_value(node, value, timeout=3, tolerance=1e-6):
    """Sets a spin button or range through the Value interface and waits until
    it reads back.  Returns the method that worked, or None.

    The fallback (type the text, press Enter) is there for toolkits whose Value
    interface is read-only; GTK 4.8.3 does not need it.
    """
    def reads_back():
        return abs(get_value(node) - value) <= tolerance

    try:
        node.queryValue().currentValue = value
        if poll(reads_back, timeout):
            return 'Value'
    except Exception:
        pass

    try:
        node.queryComponent().grabFocus()
    except Exception:
        pass
    try:
        node.queryEditableText().setTextContents(f'{value:g}')
        pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)  # Return
        if poll(reads_back, timeout):
            return 'EditableText'
    except Exception:
        pass
    return None


def dump_tree(root, max_lines=300):
    """The tree below root, one node a line: role, name, text when it differs."""
    lines = []
    for depth, node in walk(root):
        if len(lines) >= max_lines:
            lines.append('...')
            break
        name = name_of(node)
        text = text_of(node)
        line = f'{"  " * depth}{role_name(node)} {name!r}'
        if text and text != name:
            line += f' text={text!r}'
        if not is_visible(node):
            line += ' (hidden)'
        lines.append(line)
    return lines


def labels_matching(root, regex):
    """The texts of the labels below root that match regex, with their matches."""
    found = {}
    for node in find_all(root, roles=(pyatspi.ROLE_LABEL,)):
        text = text_of(node)
        m = regex.search(text)
        if m:
            found[text] = m
    return found


# What a page's "Click me" says once it has answered clicks (the message-loop
# and frozen-vs-responsive pages).
CLICK_ME = 'Click me'
CLICKS_ANSWERED = re.compile(r'“Click me” answered (\d+) clicks?\b')


def clicks_answered(root):
    """How many clicks "Click me" answered, as the page says (0 before the first)."""
    return max((int(m.group(1)) for m in labels_matching(root, CLICKS_ANSWERED).values()),
               default=0)


def click_is_answered(root, app, timeout=5):
    """Presses "Click me" and waits until the page counts the click: only a
    loop that runs takes it.  Returns (answered, diagnostics)."""
    button = find(root, pyatspi.ROLE_PUSH_BUTTON, CLICK_ME, give_up=app.exited)
    if button is None:
        return False, [f'no push button named "{CLICK_ME}"'] + app.diagnostics()
    before = clicks_answered(root)
    if not press(button):
        return False, ['its "click" action returned false'] + app.diagnostics()
    after = poll(lambda: clicks_answered(root) > before and clicks_answered(root),
                 timeout, give_up=app.exited)
    if not after:
        return False, [f'"{CLICK_ME}" still says {before} clicks {timeout} s after the press'] + app.diagnostics()
    return True, []


class Checks:
    """Walks through a test's list of checks in order, one TAP line each.

    After a failed check the rest are skipped, unless it was not fatal.
    """

    def __init__(self, tap, checks):
        self.tap = tap
        self.remaining = list(checks)

    def __call__(self, passed, diagnostics=(), fatal=True):
        description = self.remaining.pop(0)
        if not self.tap.ok(passed, description, diagnostics) and fatal:
            self.tap.skip_rest(self.remaining, 'an earlier check failed')
            self.remaining.clear()
        return passed

    def fail_rest(self, reason, diagnostics=()):
        if self.remaining:
            self(False, diagnostics=[reason, *diagnostics])


def run_test(checks, demo, steps):
    """The whole of an end-to-end test's main (): starts the app given on the
    command line on demo, calls steps (check, tap, app), and returns the exit
    status.  An unexpected error, in starting the app or in a step, still ends
    in a readable failure of the checks that remain."""
    import traceback

    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} PATH/TO/looplab', file=sys.stderr)
        return 2
    reason = require_environment()
    if reason:
        print(f'1..0 # SKIP {reason}', flush=True)
        return 0

    tap = Tap(len(checks))
    check = Checks(tap, checks)
    try:
        with App(sys.argv[1], ['--demo', demo]) as app:
            try:
                steps(check, tap, app)
            except Exception:
                check.fail_rest(traceback.format_exc(), app.diagnostics())
    except Exception:
        check.fail_rest(traceback.format_exc())
    return tap.exit_status()
