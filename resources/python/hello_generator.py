# hello_generator.py: Loop Lab's gathered hello tasks, in the notes' first spelling
#
# The same program as app/sim/ll-hello-task.c, written as a
# generator-based coroutine: @asyncio.coroutine marks it, yield from
# hands control to the loop while it sleeps.  hello_async.py is the same
# file with the newer spelling; nothing else differs.
#
# Python 3.4 to 3.10 run it: 3.11 removed @asyncio.coroutine, which is
# why the newer spelling is the one to write today.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import asyncio
import threading

TASKS = 2
SLEEP = 1.0


@asyncio.coroutine
def hello(number):
    print('[task %d, thread %#x] Hello world!' % (number, threading.get_ident()))
    yield from asyncio.sleep(SLEEP)
    print('[task %d, thread %#x] Awake again!' % (number, threading.get_ident()))


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
start = loop.time()
tasks = [hello(number) for number in range(1, TASKS + 1)]
loop.run_until_complete(asyncio.gather(*tasks))
print('%d tasks finished after %.2f s on one thread' % (TASKS, loop.time() - start))
loop.close()
