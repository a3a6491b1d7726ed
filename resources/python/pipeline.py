# pipeline.py: the notes' pipeline of generators, in Python
#
# follow() reads a log as it grows, like `tail -f`, and sends each line
# to its target; grep() sends on the lines that contain its pattern;
# broadcast() sends every line to each of its targets; printer() prints.
# A send runs the target at once: a line goes all the way down before
# follow() reads the next.  close() raises GeneratorExit at a stage's
# yield; each stage closes its targets as it goes.
#
#   python3 pipeline.py access-log            one grep for python
#   python3 pipeline.py access-log python ply swig    a broadcast
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import time


def coroutine(func):
    """Primes a generator: runs it to its first yield."""
    def start(*args, **kwargs):
        gen = func(*args, **kwargs)
        next(gen)
        return gen
    return start


def follow(log, target):
    log.seek(0, 0)
    try:
        while True:
            line = log.readline()
            if not line:
                time.sleep(0.1)         # blocks: the C version awaits instead
                continue
            target.send(line.rstrip('\n'))
    finally:
        target.close()


@coroutine
def grep(pattern, target):
    try:
        while True:
            line = (yield)
            if pattern in line:
                target.send(line)
    except GeneratorExit:
        target.close()


@coroutine
def broadcast(targets):
    try:
        while True:
            item = (yield)
            for target in targets:
                target.send(item)
    except GeneratorExit:
        for target in targets:
            target.close()


@coroutine
def printer():
    while True:
        line = (yield)
        print(line)


if __name__ == '__main__':
    patterns = sys.argv[2:] or ['python']
    with open(sys.argv[1]) as log:
        p = printer()
        if len(patterns) == 1:
            follow(log, grep(patterns[0], p))
        else:
            follow(log, broadcast([grep(pattern, p) for pattern in patterns]))
