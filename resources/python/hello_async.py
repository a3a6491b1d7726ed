# hello_async.py: Loop Lab's gathered hello tasks, spelt with async and await
#
# The same program as app/sim/ll-hello-task.c and hello_generator.py,
# in the spelling of Python 3.5 and later: async def replaces
# @asyncio.coroutine, await replaces yield from.  Nothing else differs.
# `python3 hello_async.py` prints what `looplab-cli run hello --tasks 2`
# prints.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import asyncio
import threading

TASKS = 2
SLEEP = 1.0


async def hello(number):
    print('[task %d, thread %#x] Hello world!' % (number, threading.get_ident()))
    await asyncio.sleep(SLEEP)
    print('[task %d, thread %#x] Awake again!' % (number, threading.get_ident()))


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
start = loop.time()
tasks = [hello(number) for number in range(1, TASKS + 1)]
loop.run_until_complete(asyncio.gather(*tasks))
print('%d tasks finished after %.2f s on one thread' % (TASKS, loop.time() - start))
loop.close()
