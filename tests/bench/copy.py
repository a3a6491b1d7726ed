#!/usr/bin/python3
# Loop Lab: the gio-chain copy beside cp and dd, in the same run.
#
# Makes a file of --size MiB of random bytes in --dir (on the file system
# the copy is measured on), reads it once so that it is warm, then round
# after round copies it with cp, with dd through a buffer of our chunk's
# size (cp 9.1 asks the kernel to copy, copy_file_range(), which on ext4
# never brings the bytes to user space; dd reads and writes through a
# buffer as the copy of the page does), with `looplab-cli run gio-chain --style
# callbacks` and with `--style coroutine`, in an order shuffled each round
# (this VM's kernel now and then spends a second reclaiming pages in
# whichever copy comes at that moment: a fixed order pins it on one
# program), each a fresh process timed from spawn to exit, the
# destination deleted and the disk synced, and a second let pass, before
# each.  The copies run with --no-verify: the SHA-256 sums of
# the page are a read-back after the copy, not part of it.  Writes copy.json
# (every run) and copy.md (medians [min–max], and the ratios cp's and dd's
# time over ours, the median of the round-by-round ratios with their
# spread).
#
# Usage: tests/bench/copy.py --cli PATH [--out DIR] [--dir DIR] [--size 512]
#          [--runs 7] [--chunk KIB]
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import random
import statistics
import subprocess
import time

PROGRAMS = ['cp', 'dd', 'callbacks', 'coroutine']
PEERS = ['cp', 'dd']


def median_spread(values):
    return statistics.median(values), min(values), max(values)


def cell(values, digits=3):
    m, lo, hi = median_spread(values)
    return f'{m:.{digits}f} [{lo:.{digits}f}–{hi:.{digits}f}]'


def main():
    parser = argparse.ArgumentParser(description='gio-chain copy against cp')
    parser.add_argument('--cli', required=True, help='looplab-cli')
    parser.add_argument('--out', default='.')
    parser.add_argument('--dir', default='/var/tmp', help='where the files go')
    parser.add_argument('--size', type=int, default=512, help='MiB')
    parser.add_argument('--runs', type=int, default=7)
    parser.add_argument('--chunk', type=int, default=None, help='KiB per read (the model\'s default if left out)')
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    source = os.path.join(args.dir, f'looplab-copy-bench-{args.size}MiB.bin')
    copy = os.path.join(args.dir, 'looplab-copy-bench.copy')
    if not os.path.exists(source) or os.path.getsize(source) != args.size * 1048576:
        with open(source, 'wb') as f:
            for _ in range(args.size):
                f.write(os.urandom(1048576))
    with open(source, 'rb') as f:   # warm
        while f.read(1 << 24):
            pass

    chunk = ['--chunk', str(args.chunk)] if args.chunk else []
    argv = {
        'cp': ['cp', source, copy],
        'dd': ['dd', f'if={source}', f'of={copy}', f'bs={args.chunk or 4096}K', 'status=none'],
        'callbacks': [args.cli, 'run', 'gio-chain', '--no-verify', '--style', 'callbacks'] + chunk + [source, copy],
        'coroutine': [args.cli, 'run', 'gio-chain', '--no-verify', '--style', 'coroutine'] + chunk + [source, copy],
    }
    load_before = open('/proc/loadavg').read().split()[:3]
    records = []
    shuffle = random.Random(11)
    for run in range(1, args.runs + 1):
        order = list(PROGRAMS)
        shuffle.shuffle(order)
        for program in order:
            if os.path.exists(copy):
                os.unlink(copy)
            os.sync()
            time.sleep(1.0)
            start = time.monotonic()
            subprocess.run(argv[program], check=True, stdout=subprocess.DEVNULL)
            seconds = time.monotonic() - start
            if os.path.getsize(copy) != args.size * 1048576:
                raise RuntimeError(f'{program}: the copy has the wrong size')
            records.append({'run': run, 'program': program, 'seconds': seconds})
            print(json.dumps(records[-1]), flush=True)
    os.unlink(copy)
    load_after = open('/proc/loadavg').read().split()[:3]

    with open(os.path.join(args.out, 'copy.json'), 'w') as f:
        json.dump(records, f, indent=1)

    times = {p: [r['seconds'] for r in records if r['program'] == p] for p in PROGRAMS}
    lines = [
        '### The gio-chain copy against `cp` (`tests/bench/run copy`)\n',
        f'Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}: a warm {args.size} MiB file in '
        f'{args.dir}, {args.runs} rounds of cp, dd (bs = the chunk), callbacks, coroutine in a shuffled order, each a fresh process, the copy '
        f'deleted, the disk synced and a second let pass before each; `--no-verify`'
        f'{", --chunk " + str(args.chunk) + " KiB" if args.chunk else ", the default chunk"}. '
        f'Load average before: {" ".join(load_before)}; after: {" ".join(load_after)}.\n',
        '| program | seconds, median [min–max] | MiB/s (median) | ratio cp/ours, median [min–max] | ratio dd/ours |',
        '|---|---:|---:|---:|---:|',
    ]
    for program in PROGRAMS:
        m = statistics.median(times[program])
        ratios = []
        for peer in PEERS:
            if program in PEERS:
                ratios.append('—')
                continue
            ratio = cell([c / o for c, o in zip(times[peer], times[program])], 2)
            ratios.append(ratio + f'; of the medians {statistics.median(times[peer]) / m:.2f}')
        lines.append(f'| {program} | {cell(times[program])} | {args.size / m:.0f} | {" | ".join(ratios)} |')
    lines.append('')
    with open(os.path.join(args.out, 'copy.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
