# sax_bus.py: Loop Lab's bus feed streamed into coroutines, in Python
#
# The same chain as app/pipe/ll-bus-chain.c, written the way the course
# writes it: xml.sax calls the handler for every start tag, piece of
# text and end tag, the handler sends each event into buses_to_dicts(),
# which sends one dict per <bus> through two filter_on_field() into
# bus_locations().  Nothing is held but the bus being read.
#
#   python3 sax_bus.py FILE [ROUTE [DIRECTION]]
#
# prints what `looplab-cli run sax-bus --file FILE` prints, byte for
# byte: a line per bus of route 22 going North Bound (or those given),
# then how many there were.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import xml.sax


def coroutine(func):
    # Prime it: run it up to its first (yield), ready for send().
    def start(*args, **kwargs):
        cr = func(*args, **kwargs)
        next(cr)
        return cr
    return start


class EventHandler(xml.sax.ContentHandler):
    def __init__(self, target):
        super().__init__()
        self.target = target

    def startElement(self, name, attrs):
        self.target.send(('start', (name, attrs._attrs)))

    def characters(self, text):
        self.target.send(('text', text))

    def endElement(self, name):
        self.target.send(('end', name))

    def endDocument(self):
        self.target.close()


@coroutine
def buses_to_dicts(target):
    try:
        while True:
            event, value = (yield)
            # Look for the start of a <bus> element
            if event == 'start' and value[0] == 'bus':
                busdict = {}
                fragments = []
                # Capture the text of the inner elements in a dict
                while True:
                    event, value = (yield)
                    if event == 'start':
                        fragments = []
                    elif event == 'text':
                        fragments.append(value)
                    elif event == 'end':
                        if value != 'bus':
                            busdict[value] = ''.join(fragments)
                        else:
                            target.send(busdict)
                            break
    except GeneratorExit:
        target.close()


@coroutine
def filter_on_field(fieldname, value, target):
    try:
        while True:
            d = (yield)
            if d.get(fieldname) == value:
                target.send(d)
    except GeneratorExit:
        target.close()


@coroutine
def bus_locations():
    count = 0
    try:
        while True:
            bus = (yield)
            count += 1
            print('bus %s at %f,%f' % (bus['id'], float(bus['latitude']), float(bus['longitude'])))
    except GeneratorExit:
        print('%d buses' % count)


def main(argv):
    if not 2 <= len(argv) <= 4:
        sys.exit('usage: sax_bus.py FILE [ROUTE [DIRECTION]]')
    route = argv[2] if len(argv) > 2 else '22'
    direction = argv[3] if len(argv) > 3 else 'North Bound'
    chain = buses_to_dicts(
        filter_on_field('route', route,
                        filter_on_field('direction', direction,
                                        bus_locations())))
    try:
        xml.sax.parse(argv[1], EventHandler(chain))
    except xml.sax.SAXParseException as e:
        sys.exit('sax_bus.py: %s' % e)


if __name__ == '__main__':
    main(sys.argv)
