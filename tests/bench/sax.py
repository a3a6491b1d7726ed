#!/usr/bin/python3
# Loop Lab: the sax-bus chain beside Python's xml.sax, in the same run.
#
# Writes the seeded feed of --buses buses once (`looplab-cli run sax-bus
# --save-feed`), then round after round, in an order shuffled each round,
# runs on that one file: our streamed chain (`looplab-cli run sax-bus
# --file F --count-only`), our DOM way (`--dom`), and the notes' chain in
# Python (resources/python/sax_bus.py, xml.sax into generators), each a
# fresh process timed from spawn to exit, with its peak RSS (GNU time's
# %M).  A run on a feed of one bus gives the base
# process's peak, so that the streamed way's growth is what the parse
# itself holds.  The three must print the same count.  Events a second
# are the document's events (start tags, texts, end tags, as GMarkup
# reports them, counted once by our parser) over each program's wall
# time, so that the two are rates over the same events.
#
# Writes sax.json (every run) and sax.md (medians [min–max], and the
# ratio Python's time over ours, the median of the round-by-round ratios
# with their spread).
#
# Usage: tests/bench/sax.py --cli PATH [--out DIR] [--buses 200000] [--runs 5]
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_CHAIN = os.path.join(HERE, '..', '..', 'resources', 'python', 'sax_bus.py')
COUNT = re.compile(rb'([0-9]+) buses?\s*$')


def timed(argv):
    """Wall seconds, peak RSS in KiB and stdout of one fresh process.  The
    peak is GNU time's %M: the rusage Python gets for its own child starts
    from the interpreter's peak (the child is its copy until exec)."""
    with tempfile.NamedTemporaryFile('r') as rss:
        start = time.monotonic()
        proc = subprocess.run(['/usr/bin/time', '-f', '%M', '-o', rss.name] + argv,
                              capture_output=True)
        wall = time.monotonic() - start
        if proc.returncode != 0:
            raise RuntimeError(f'{argv[0]} failed ({proc.returncode}): {proc.stderr.decode(errors="replace")}')
        peak = int(rss.read().split()[-1])
    return wall, peak, proc.stdout


def count_of(out):
    match = COUNT.search(out)
    if match is None:
        raise RuntimeError(f'no count in {out[-200:]!r}')
    return int(match.group(1))


def cell(values, digits=2):
    m, lo, hi = statistics.median(values), min(values), max(values)
    return f'{m:.{digits}f} [{lo:.{digits}f}–{hi:.{digits}f}]'


def main():
    parser = argparse.ArgumentParser(description='sax-bus against xml.sax')
    parser.add_argument('--cli', required=True, help='looplab-cli')
    parser.add_argument('--out', default='.')
    parser.add_argument('--buses', type=int, default=200000)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--python', default='/usr/bin/python3')
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix='looplab-sax-bench-')
    feed = os.path.join(work, 'buses.xml')
    tiny = os.path.join(work, 'one-bus.xml')
    subprocess.run([args.cli, 'run', 'sax-bus', '--buses', str(args.buses), '--count-only',
                    '--save-feed', feed], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([args.cli, 'run', 'sax-bus', '--buses', '1', '--count-only',
                    '--save-feed', tiny], check=True, stdout=subprocess.DEVNULL)
    size = os.path.getsize(feed)
    events = events_of(args.cli, feed)

    programs = {
        'stream': [args.cli, 'run', 'sax-bus', '--file', feed, '--count-only'],
        'dom': [args.cli, 'run', 'sax-bus', '--file', feed, '--count-only', '--dom'],
        'python': [args.python, PYTHON_CHAIN, feed],
        'base': [args.cli, 'run', 'sax-bus', '--file', tiny, '--count-only'],
    }
    load_before = open('/proc/loadavg').read().split()[:3]
    runs = []
    with open(feed, 'rb') as f:   # warm: the file in the page cache for all alike
        while f.read(1 << 20):
            pass
    for run in range(1, args.runs + 1):
        order = list(programs)
        random.shuffle(order)
        for name in order:
            wall, rss, out = timed(programs[name])
            runs.append({'run': run, 'program': name, 'wall': wall, 'rss_kib': rss,
                         'count': count_of(out)})
    load_after = open('/proc/loadavg').read().split()[:3]
    for path in (feed, tiny):
        os.unlink(path)
    os.rmdir(work)

    counts = {r['count'] for r in runs if r['program'] != 'base'}
    by = {name: [r for r in runs if r['program'] == name] for name in programs}
    ratios = [p['wall'] / s['wall'] for p, s in zip(by['python'], by['stream'])]
    base_rss = statistics.median(r['rss_kib'] for r in by['base'])

    result = {'buses': args.buses, 'bytes': size, 'events': events, 'runs': runs,
              'identical_counts': len(counts) == 1, 'load_before': load_before, 'load_after': load_after}
    with open(os.path.join(args.out, 'sax.json'), 'w') as f:
        json.dump(result, f, indent=1)

    lines = [f'sax-bus on {args.buses} buses ({size / 1e6:.1f} MB, {events} events), '
             f'{args.runs} runs, load {" ".join(load_before)} -> {" ".join(load_after)}; '
             f'counts {"identical" if len(counts) == 1 else "DIFFER: " + str(sorted(counts))}',
             '',
             '| Way | Wall s | MB/s | M events/s | Peak RSS MiB | Growth over the base process MiB |',
             '| --- | --- | --- | --- | --- | --- |']
    labels = {'stream': 'Loop Lab, streamed (GMarkup)', 'dom': 'Loop Lab, whole file first (DOM)',
              'python': 'Python xml.sax, the notes\' chain', 'base': 'Loop Lab on a one-bus feed (base)'}
    for name in programs:
        walls = [r['wall'] for r in by[name]]
        rss = [r['rss_kib'] / 1024 for r in by[name]]
        growth = [(r['rss_kib'] - base_rss) / 1024 for r in by[name]]
        rate = [size / w / 1e6 for w in walls] if name != 'base' else None
        erate = [events / w / 1e6 for w in walls] if name != 'base' else None
        # The growth is over our own base process: not a figure of Python's.
        lines.append(f'| {labels[name]} | {cell(walls, 3)} | {cell(rate, 1) if rate else "—"} | '
                     f'{cell(erate, 2) if erate else "—"} | {cell(rss, 1)} | '
                     f'{cell(growth, 2) if name != "python" else "—"} |')
    lines += ['', f'Python\'s time over ours (streamed), round by round: {cell(ratios, 2)}x (target: >= 5x)']
    with open(os.path.join(args.out, 'sax.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    return 0 if len(counts) == 1 else 1


def events_of(cli, feed):
    """The document's events, as our parser counts them (`--stats` on stderr)."""
    proc = subprocess.run([cli, 'run', 'sax-bus', '--file', feed, '--count-only', '--stats'],
                          capture_output=True, check=True)
    match = re.search(rb'([0-9]+) events', proc.stderr)
    if match is None:
        raise RuntimeError(f'no event count in {proc.stderr!r}')
    return int(match.group(1))


if __name__ == '__main__':
    raise SystemExit(main())
