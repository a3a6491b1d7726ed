# producer_consumer.py: Loop Lab's producer and consumer, in Python
#
# The same program as app/sim/ll-producer-consumer-model.c, written the
# way the notes write it.  In the window, each Step runs one of the two
# until control passes to the other; the highlighted line is the one
# about to run.  `python3 producer_consumer.py` prints the same 15 lines
# as `looplab-cli run producer-consumer`.
#
# SPDX-License-Identifier: GPL-3.0-or-later


def consumer():
    r = ''
    while True:
        n = yield r
        if not n:
            return
        print('[Consumer] consuming %s' % n)
        r = '200 ok %s' % n


def produce(c):
    c.send(None)
    n = 0
    while n < 5:
        n = n + 1
        print('[Producer] producing %s' % n)
        r = c.send(n)
        print('[Producer] Consumer return %s' % r)
    c.close()


c = consumer()
produce(c)
