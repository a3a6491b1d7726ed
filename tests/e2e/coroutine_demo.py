# Loop Lab end-to-end tests of the coroutine demos: what they share.
#
# Each of them compares what the window shows with what `looplab-cli run`
# prints for the same demo, and steps a debugger with its "Step" button.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess

import atspi_helpers as h

STEP_NAME = 'Step'


def cli_transcript(exe, *args):
    """The lines `looplab-cli run ARGS` prints: the CLI built beside the app
    (ui/looplab and app/cli/looplab-cli in the same build tree)."""
    cli = os.path.join(os.path.dirname(os.path.abspath(exe)), '..', 'app', 'cli', 'looplab-cli')
    env = dict(os.environ, LC_ALL='C.UTF-8')
    out = subprocess.run([cli, 'run', *args], check=True, capture_output=True, text=True,
                         env=env, timeout=60)
    return out.stdout.splitlines()


def label_texts(node, predicate):
    """The texts of the labels below node for which predicate (text) holds,
    in the order of the tree."""
    texts = []
    for _, child in h.walk(node):
        try:
            if child.getRole() != h.pyatspi.ROLE_LABEL:
                continue
        except Exception:
            continue
        text = h.text_of(child)
        if predicate(text):
            texts.append(text)
    return texts


def label_after_heading(node, heading):
    """The label right after the label reading heading, in the same box: how
    a reader finds a value under its caption.  None if there is none."""
    for label in h.find_all(node, roles=(h.pyatspi.ROLE_LABEL,), name=heading):
        try:
            siblings = h.children(label.parent)
        except Exception:
            continue
        for before, after in zip(siblings, siblings[1:]):
            if before == label and after.getRole() == h.pyatspi.ROLE_LABEL:
                return after
    return None


def text_after_heading(node, heading):
    label = label_after_heading(node, heading)
    return h.text_of(label) if label is not None else None


def find_step(node, app):
    """The "Step" button, found by its visible name, or None."""
    return h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, STEP_NAME, give_up=app.exited)


def set_and_press(check, node, app, spin_name, value, button_name):
    """Sets the spin button spin_name to value, then presses button_name:
    two checks.  Returns whether both passed."""
    spin = h.find(node, h.pyatspi.ROLE_SPIN_BUTTON, spin_name, give_up=app.exited)
    method = h.set_value(spin, value) if spin is not None else None
    if not check(method is not None,
                 [f'no settable spin button named "{spin_name}"'] + app.diagnostics()):
        return False

    button = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, button_name, give_up=app.exited)
    if button is None:
        check(False, [f'no push button named "{button_name}"'] + app.diagnostics())
        return False
    return check(h.press(button), ['its "click" action returned false'] + app.diagnostics())


def status(node, regex):
    """The match of regex in the first label that it matches: a status line
    with the named groups step (the steps taken), next (who runs next) and
    done (the steps a finished run took)."""
    texts = label_texts(node, lambda text: regex.search(text) is not None)
    return regex.search(texts[0]) if texts else None


def step_through(button, app, tap, node, regex, nexts, shown):
    """Presses button once per entry of nexts, who must run next after that
    step (None for the last, after which the run is over).  After each press
    it waits until the status line says the step was taken, and records
    shown (node).  Returns the list of those, or None if a step did not move
    on as it should."""
    seen = []
    for i, wanted in enumerate(nexts, start=1):
        def stepped():
            m = status(node, regex)
            return m if m is not None and (m.group('step') or m.group('done')) == str(i) else None

        if not h.press(button):
            tap.comment(f'step {i}: its "click" action returned false')
            return None
        m = h.poll(stepped, 10, interval=0.1, give_up=app.exited)
        if not m or m.group('next') != wanted:
            shown_status = status(node, regex)
            tap.comment(f'after step {i}: status {shown_status and shown_status.group(0)!r}, '
                        f'wanted step {i}, next {wanted!r}')
            return None
        seen.append(shown(node))
        tap.comment(f'step {i}: {m.group(0)!r}, shows {seen[-1]!r}')
    return seen
