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


def text_after_heading(node, heading):
    """The text of the label right after the label reading heading, in the
    same box: how a reader finds a value under its caption."""
    for label in h.find_all(node, roles=(h.pyatspi.ROLE_LABEL,), name=heading):
        try:
            siblings = h.children(label.parent)
        except Exception:
            continue
        for before, after in zip(siblings, siblings[1:]):
            if before == label and after.getRole() == h.pyatspi.ROLE_LABEL:
                return h.text_of(after)
    return None


def find_step(check, node, app):
    """The "Step" button, found by its visible name; None after a failed check."""
    button = h.find(node, h.pyatspi.ROLE_PUSH_BUTTON, STEP_NAME, give_up=app.exited)
    if not check(button is not None, [f'no push button named "{STEP_NAME}"'] + app.diagnostics()):
        return None
    return button


def step_until(button, app, changed, timeout=10):
    """Presses button once, then waits until changed () returns something true;
    returns that, or false."""
    if not h.press(button):
        return False
    return h.poll(changed, timeout, interval=0.1, give_up=app.exited)
