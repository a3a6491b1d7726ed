#!/usr/bin/python3
# Loop Lab: the cost of a switch, coroutines beside threads and processes.
#
# Round after round, runs `looplab-cli run switch-cost --json` once for
# each kind of worker, each a fresh process, in an order shuffled each
# round: coroutines with --max the largest coroutine N asked for
# (1 000 000), threads and processes with --max the largest of theirs
# (10 000).  The program measures every N of its log scale up to --max
# (2, 10, 100, ...); the records of the N asked for (--points, and
# --coroutine-points for coroutines alone) are the table's, the others
# are kept in the JSON.  A point whose workers could not all be created
# ("failed": the kind's limit on this machine) or that came after one
# ("skipped") is reported as such, not measured.
#
# The ratios thread/coroutine and process/coroutine are taken within one
# round at one N, then reported as the median of the rounds' ratios with
# their spread; so is coroutines' cost at their largest N over their cost
# at N = 2, from the same process.  The targets of the issue: the ratios
# grow with N, and coroutines stay within 2x of their N = 2 cost at
# N = 1 000 000.
#
# Writes switch-cost.json (every record, with its round) and
# switch-cost.md (medians [min–max], ratios, targets met or not).
#
# Usage: tests/bench/switch_cost.py --cli PATH [--out DIR] [--runs 5] [--seconds 0.5]
#        [--points 2,100,10000] [--coroutine-points 1000000] [--max-os N] [--max-coroutine N]
# A quick try: --runs 2 --seconds 0.1 --max-os 1000 --max-coroutine 100000
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

KINDS = ('coroutine', 'thread', 'process')
OS_KINDS = ('thread', 'process')
# The program's scale and its ceilings (ll-switch-cost-model.h).
SCALE = (2, 10, 100, 1000, 10000, 100000, 1000000)
MAX_OS = 10000
MAX_COROUTINE = 1000000


def say(message):
    print(f'switch-cost: {message}', file=sys.stderr, flush=True)


def loadavg():
    with open('/proc/loadavg') as f:
        return f.read().split()[:3]


def int_list(text):
    values = sorted({int(v) for v in text.split(',') if v.strip()})
    wrong = [v for v in values if v not in SCALE]
    if wrong:
        raise argparse.ArgumentTypeError(f'{wrong} not on the scale {list(SCALE)}')
    return values


def digits_for(value):
    value = abs(value)
    return 0 if value >= 100 else 1 if value >= 10 else 2


def cell(values, digits=None):
    if not values:
        return '—'
    m, lo, hi = statistics.median(values), min(values), max(values)
    d = digits_for(m) if digits is None else digits
    return f'{m:.{d}f} [{lo:.{d}f}–{hi:.{d}f}]'


def run_kind(cli, kind, max_n, seconds):
    """One fresh `looplab-cli run switch-cost` for one kind: its records,
    the wall time and the error, if it failed as a program."""
    argv = [cli, 'run', 'switch-cost', '--json', '--kinds', kind, '--max', str(max_n),
            '--seconds', str(seconds)]
    start = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, text=True)
    wall = time.monotonic() - start
    records = []
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith('{'):
            records.append(json.loads(line))
    error = None
    if proc.returncode != 0:
        error = f'exit {proc.returncode}: {proc.stderr.strip()[-500:]}'
    return records, wall, error


def main():
    parser = argparse.ArgumentParser(description='switch-cost: coroutines, threads, processes')
    parser.add_argument('--cli', required=True, help='looplab-cli')
    parser.add_argument('--out', default='.')
    parser.add_argument('--runs', type=int, default=5, help='rounds, each kind once a round')
    parser.add_argument('--seconds', type=float, default=0.5, help='per point (the program\'s --seconds)')
    parser.add_argument('--points', type=int_list, default=int_list('2,100,10000'),
                        help='N for every kind (on the scale 2, 10, 100, ...)')
    parser.add_argument('--coroutine-points', type=int_list, default=int_list('1000000'),
                        help='N for coroutines alone, besides --points')
    parser.add_argument('--max-os', type=int, default=MAX_OS,
                        help='drop thread and process points above this N')
    parser.add_argument('--max-coroutine', type=int, default=MAX_COROUTINE,
                        help='drop coroutine points above this N')
    args = parser.parse_args()
    if args.runs < 1:
        parser.error('--runs takes 1 or more')

    points = {'coroutine': sorted({n for n in args.points + args.coroutine_points
                                   if n <= min(args.max_coroutine, MAX_COROUTINE)})}
    for kind in OS_KINDS:
        points[kind] = [n for n in args.points if n <= min(args.max_os, MAX_OS)]
    kinds = [k for k in KINDS if points[k]]
    if 'coroutine' not in kinds:
        parser.error('no coroutine point left: the ratios need them')
    max_of = {k: max(points[k]) for k in kinds}
    common = [n for n in points['coroutine'] if all(n in points[k] for k in kinds)]
    largest = max(points['coroutine'])

    os.makedirs(args.out, exist_ok=True)
    what = (f'`looplab-cli run switch-cost --json --seconds {args.seconds:g} --kinds K --max M`, '
            + ', '.join(f'{k} --max {max_of[k]}' for k in kinds)
            + f'; a fresh process per kind, {args.runs} round{"s" if args.runs != 1 else ""}, kinds shuffled each round')
    say(f'{args.runs} rounds of {", ".join(f"{k} (--max {max_of[k]})" for k in kinds)}, '
        f'--seconds {args.seconds:g}; load {" ".join(loadavg())}')

    load_before = loadavg()
    started = time.monotonic()
    records = []
    programs = []
    errors = []
    for rnd in range(1, args.runs + 1):
        order = list(kinds)
        random.shuffle(order)
        for kind in order:
            load = loadavg()
            recs, wall, error = run_kind(args.cli, kind, max_of[kind], args.seconds)
            for r in recs:
                records.append(dict(r, round=rnd))
            programs.append({'round': rnd, 'kind': kind, 'max': max_of[kind], 'wall': wall,
                             'load_before': load, 'error': error})
            done = [r for r in recs if r.get('state') == 'finished']
            note = f'; ERROR {error}' if error else ''
            fails = [f'N={r["n"]} {r["state"]}' for r in recs if r.get('state') != 'finished']
            if fails:
                note += '; ' + ', '.join(fails)
            say(f'round {rnd}/{args.runs}: {kind:9} {len(done)} points in {wall:.1f} s{note}')
            if error:
                errors.append(f'round {rnd}, {kind}: {error}')
    load_after = loadavg()
    total = time.monotonic() - started

    def rec(rnd, kind, n):
        for r in records:
            if r['round'] == rnd and r['kind'] == kind and r['n'] == n:
                return r
        return None

    def finished(rnd, kind, n):
        r = rec(rnd, kind, n)
        return r if r is not None and r.get('state') == 'finished' else None

    def figures(kind, n, field):
        return [r[field] for rnd in range(1, args.runs + 1)
                if (r := finished(rnd, kind, n)) is not None and r.get(field) is not None]

    def ratio_of(num_kind, n, den_kind='coroutine', den_n=None):
        den_n = n if den_n is None else den_n
        out = []
        for rnd in range(1, args.runs + 1):
            a, b = finished(rnd, num_kind, n), finished(rnd, den_kind, den_n)
            if a is not None and b is not None and b['ns_per_handoff'] > 0:
                out.append(a['ns_per_handoff'] / b['ns_per_handoff'])
        return out

    def not_measured(kind, n):
        """What stands in a cell for a point never finished: its state."""
        states = {}
        for rnd in range(1, args.runs + 1):
            r = rec(rnd, kind, n)
            state = 'missing' if r is None else r.get('state')
            if state != 'finished':
                label = state if state != 'failed' else f'failed at {r.get("limit")}'
                states[label] = states.get(label, 0) + 1
        return ', '.join(f'{s} {c}/{args.runs}' for s, c in states.items())

    ratios = {}
    for kind in OS_KINDS:
        if kind in kinds:
            ratios[kind] = {n: ratio_of(kind, n) for n in common}
    growth = ratio_of('coroutine', largest, 'coroutine', 2) if 2 in points['coroutine'] else []

    # The targets.
    targets = []
    for kind, by_n in ratios.items():
        medians = [(n, statistics.median(v)) for n, v in by_n.items() if v]
        if len(medians) < 2 or len(medians) < len(by_n):
            verdict = 'not measured'
        else:
            grows = all(b[1] > a[1] for a, b in zip(medians, medians[1:]))
            verdict = 'met' if grows else 'not met'
        shown = ', '.join(f'{m:.0f}x at N = {n}' for n, m in medians)
        targets.append({'target': f'{kind}/coroutine grows with N', 'verdict': verdict,
                        'medians': medians, 'line': f'{kind}/coroutine grows with N: {verdict}' + (f' ({shown})' if shown else '')})
    if growth:
        m = statistics.median(growth)
        verdict = 'met' if m <= 2 else 'not met'
        line = (f'coroutines at N = {largest} within 2x of N = 2: {verdict} '
                f'({cell(growth, 2)}x, round by round)')
        if largest != 1000000:
            line += f' — at N = {largest}, not the issue\'s 1 000 000'
        targets.append({'target': f'coroutine N={largest} / N=2 <= 2', 'verdict': verdict,
                        'median': m, 'line': line})
    else:
        targets.append({'target': 'coroutine N=1000000 / N=2 <= 2', 'verdict': 'not measured',
                        'line': 'coroutines within 2x of N = 2 at their largest N: not measured'})

    result = {'what': what, 'args': vars(args), 'points': points, 'seconds_total': total,
              'load_before': load_before, 'load_after': load_after, 'programs': programs,
              'records': records, 'errors': errors,
              'ratios': {k: {str(n): v for n, v in by_n.items()} for k, by_n in ratios.items()},
              'coroutine_growth': growth,
              'targets': [{k: v for k, v in t.items() if k != 'line'} for t in targets]}
    with open(os.path.join(args.out, 'switch-cost.json'), 'w') as f:
        json.dump(result, f, indent=1)

    has_start = any('start_seconds' in r for r in records)
    lines = [f'switch-cost, a token round a ring of N workers: {what}; {total:.0f} s in all, '
             f'load {" ".join(load_before)} -> {" ".join(load_after)}'
             + (f'; {len(errors)} program ERRORS (see switch-cost.json)' if errors else ''),
             '',
             '| Kind | N | ns per handoff | Bytes per worker | Switches per handoff |'
             + (' Start ms |' if has_start else ''),
             '| --- | --- | --- | --- | --- |' + (' --- |' if has_start else '')]
    for kind in kinds:
        for n in points[kind]:
            ns = figures(kind, n, 'ns_per_handoff')
            if not ns:
                lines.append(f'| {kind} | {n} | {not_measured(kind, n)} | — | — |'
                             + (' — |' if has_start else ''))
                continue
            missing = not_measured(kind, n)
            lines.append(f'| {kind} | {n} | {cell(ns)}{" (" + missing + ")" if missing else ""} | '
                         f'{cell(figures(kind, n, "rss_per_worker"), 0)} | '
                         f'{cell(figures(kind, n, "switches_per_handoff"), 3)} |'
                         + (f' {cell([s * 1000 for s in figures(kind, n, "start_seconds")])} |' if has_start else ''))
    lines += ['',
              '| N | ' + ' | '.join(f'{k} / coroutine' for k in ratios) + ' |',
              '| --- |' + ' --- |' * len(ratios)]
    for n in common:
        lines.append(f'| {n} | ' + ' | '.join(f'{cell(ratios[k][n])}x' if ratios[k][n] else '—'
                                              for k in ratios) + ' |')
    lines += ['', 'Medians of the rounds [min–max].  Bytes per worker: for coroutines and threads '
              'the growth of the process\'s VmRSS over N (not measured below 1 000 workers, where the growth is the process\'s own), for processes '
              'a child\'s private memory; kernel memory is in neither.  Switches: getrusage\'s, per '
              'handoff (for processes, each child\'s whole life).'
              + ('  Start: from a point\'s start to the token\'s first pass, creating the workers.'
                 if has_start else ''),
              '', 'Ratios: of the times per handoff, within one round at one N, median of the '
              'rounds [min–max].  Targets:', '']
    lines += [f'- {t["line"]}' for t in targets]
    with open(os.path.join(args.out, 'switch-cost.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    return 1 if errors else 0


if __name__ == '__main__':
    raise SystemExit(main())
