#!/usr/bin/python3
# Loop Lab: the window benchmark, the app's pages beside gtk4-demo.
#
# Starts its own Xvfb (1280x800x24) in a private D-Bus session, and under
# it, run after run: every page of `looplab --list` left idle (a warm-up,
# then a measured window), gtk4-demo with its Spinner demo and idle, the
# frozen-vs-responsive page running each workload that does not block,
# the courier page with its road animated (at a pace one can follow, and at
# full speed), the hello page running 100 000 tasks, the gio-chain page
# copying the 256 MiB sample, the pipeline page following a log at
# 100 000 lines a second, the sax-bus page reading its feed streamed and
# whole, and the start-up of both programs to
# their first frame.  CPU from /proc/PID/stat (utime + stime over the
# measured window, % of one core) for the program and for Xvfb; the loop
# figures from the app's own loop monitor, which the app hands out when
# LOOPLAB_MEASURE is set (ui/ll-measure.c); the first frame from
# ll-bench-first-frame.so, preloaded into both programs alike.
# Writes ui.json (every run's figures) and ui.md (medians [min–max]).
#
# Usage: tests/bench/ui.py --build DIR --preload SO [--out DIR] [--runs 3]
#          [--seconds 5] [--warmup 3] [--startup-runs 5] [--pages ID,…]
#          [--skip gtk4-demo,frozen,courier,hello,gio-chain,pipeline,sax-bus,counter-race,switch-cost,startup]
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import math
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

CLK_TCK = os.sysconf('SC_CLK_TCK')
GTK4_DEMO = 'gtk4-demo'

# The frozen page's workloads that do not block the loop, as the page
# names them, and the command that runs each.
WORKLOADS = [
    ('sleep async', 'run sleep async'),
    ('read async', 'run read async'),
    ('fetch async ×5', 'run fetch async 5'),
    ('fetch async ×500', 'run fetch async 500'),
    ('compute chunked', 'run compute chunked'),
    ('compute thread', 'run compute thread'),
]

# The courier page's runs (couriers, capacity, parcels, speed, seed): its
# road animated at a pace one can follow, and at full speed, the UI test's
# configuration of tests/ui/test-coroutine-demos.c.
COURIER_RUNS = [
    ((4, 2, 40, 10, 7), '4 couriers, capacity 2, 40 parcels, speed 10'),
    ((20, 3, 500, 100, 7), '20 couriers, capacity 3, 500 parcels, speed 100'),
]

# The hello page's runs (tasks, sleep in ms): the most tasks it takes,
# all asleep at once while the window draws on.
HELLO_RUNS = [
    ((100000, 1000), '100 000 tasks, 1 s sleep'),
]

# The gio-chain page's runs: the 256 MiB sample copied at full speed, in
# each style, its SHA-256 read-back included.
COPY_RUNS = [
    (('callbacks',), '256 MiB sample, callbacks'),
    (('coroutine',), '256 MiB sample, coroutine'),
]

# The pipeline page's runs (shape, lines a second, lines): the log
# followed at the fastest rate the page offers, for ten seconds.
PIPELINE_RUNS = [
    (('simple', 100000, 1000000), '100 000 lines/s, one grep'),
    (('broadcast', 100000, 1000000), '100 000 lines/s, broadcast to three greps'),
]

# The sax-bus page's runs: the 200 000-bus feed (made once, before the
# mark) streamed through the chain, and loaded whole first, which blocks
# the loop on purpose: its lag is the lesson, not a target.
SAX_RUNS = [
    (('stream',), '200 000 buses streamed (GMarkup into coroutines)'),
    (('dom',), '200 000 buses, the whole file first (DOM)'),
]

# The counter-race page's runs (workers, increments each): the five lanes
# measured in their worker thread while the window draws.
RACE_RUNS = [
    ((2, 10000000), '2 workers x 10 000 000 increments, five lanes'),
]

# The switch-cost page's runs (largest ring, seconds a point): the three
# kinds measured in their worker thread, on one core, while the window
# draws; 10 000 workers, the threads' and processes' largest ring.
SWITCH_RUNS = [
    ((10000, 0.5), 'rings of 2 to 10 000 coroutines, threads and processes, 0.5 s each'),
]

# The pages with runs of their own: (page, command, runs, the section's
# title and what a run spans).
PAGE_RUNS = [
    ('courier', 'courier', COURIER_RUNS, 'Courier page, its road animated',
     'From Start to the last parcel delivered.'),
    ('hello', 'hello', HELLO_RUNS, 'Hello page, gathered tasks',
     'From Run to the last task awake again.'),
    ('gio-chain', 'copy', COPY_RUNS, 'gio-chain page, the copy at full speed',
     'From Run to the copy checked (its SHA-256 read-back in a worker thread included).'),
    ('pipeline', 'pipeline', PIPELINE_RUNS, 'Pipeline page, a log followed as it grows',
     'From Start to the last of a million lines printed or dropped by grep().'),
    ('sax-bus', 'sax', SAX_RUNS, 'sax-bus page, a bus feed read',
     'From the first read of the feed to its last bus found.'),
    ('counter-race', 'race', RACE_RUNS, 'counter-race page, a lost update',
     'From Run to the fifth lane done.'),
    ('switch-cost', 'switch', SWITCH_RUNS, 'switch-cost page, the cost of a switch',
     'From Measure to the last ring torn down (10 000 processes forked and reaped included).'),
]


def say(*words):
    print('tests/bench/ui:', *words, file=sys.stderr, flush=True)


def cpu_ticks(pid):
    """utime + stime of every thread of @pid, in clock ticks."""
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


class CpuWindow:
    """CPU % of one core that each of some processes used from start to stop."""

    def __init__(self, pids):
        self.pids = pids
        self.t0 = time.monotonic()
        self.ticks = {name: cpu_ticks(pid) for name, pid in pids.items()}

    def stop(self):
        elapsed = time.monotonic() - self.t0
        return {name: 100.0 * (cpu_ticks(pid) - self.ticks[name]) / CLK_TCK / elapsed
                for name, pid in self.pids.items()}, elapsed


def nearest_rank(values, percent):
    """The smallest value with at least @percent % of @values at or below it
    (the loop monitor's rule, ll_histogram_rank()); None if there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(percent / 100.0 * len(ordered) - 1e-9)
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def median_spread(values):
    """Median (the lower of the middle two for an even count), min, max."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    ordered = sorted(values)
    return {'median': ordered[(len(ordered) - 1) // 2], 'min': ordered[0], 'max': ordered[-1],
            'runs': len(ordered)}


class Xvfb:
    def __init__(self, log):
        read_end, write_end = os.pipe()
        self.proc = subprocess.Popen(
            ['Xvfb', '-displayfd', str(write_end), '-screen', '0', '1280x800x24',
             '-nolisten', 'tcp', '-noreset'],
            pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        os.close(write_end)
        with os.fdopen(read_end) as f:
            number = f.readline().strip()
        if not number:
            raise SystemExit('tests/bench/ui: Xvfb did not start (see its log)')
        self.display = ':' + number
        self.pid = self.proc.pid

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


class App:
    """A program under test: looplab with the measuring hook, or gtk4-demo."""

    def __init__(self, bench, argv, name, measure=False, first_frame=None):
        self.bench = bench
        self.name = name
        env = dict(bench.env)
        if measure:
            env['LOOPLAB_MEASURE'] = '/dev/stdout'
        if first_frame is not None:
            env['LD_PRELOAD'] = bench.preload
            env['LL_BENCH_FIRST_FRAME'] = first_frame
        log = open(os.path.join(bench.logs, name + '.log'), 'a')
        self.lines = queue.Queue()
        self.spawned = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=log, text=True, bufsize=1)
        log.close()
        self.pid = self.proc.pid
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                pass  # the app's own output, not the hook's
        self.lines.put(None)

    def expect(self, event, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                record = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f'{self.name}: no {event} within {timeout} s') from None
            if record is None:
                raise RuntimeError(f'{self.name}: exited (status {self.proc.wait()}) before {event}')
            if record.get('error'):
                raise RuntimeError(f'{self.name}: {record["event"]}: {record["error"]}')
            if record.get('event') == event:
                return record

    def send(self, command, reply, timeout=10):
        self.proc.stdin.write(command + '\n')
        self.proc.stdin.flush()
        return self.expect(reply, timeout)

    def stop(self):
        try:
            if self.proc.poll() is None and self.proc.stdin:
                self.proc.stdin.write('quit\n')
                self.proc.stdin.flush()
            self.proc.wait(5)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def loop_figures(report):
    """The loop monitor's figures over one report, in ms and %."""
    duration = (report['end'] - report['start']) / 1e6
    refresh = report['refresh'] or 16667
    # The window's frames as the monitor has them (recorded by the lag
    # chart's tick, on the pages that have one); else the same lateness of
    # each animation frame, as the hook sees it on every page.
    frames = report['frames']
    source = 'monitor'
    if not frames:
        frames = report['ticks']
        source = 'ticks'
    missed = sum(max(0, (lag + refresh // 2) // refresh) for lag in frames)
    stalls = report['stalls']
    ms = lambda v: None if v is None else v / 1000.0  # noqa: E731
    return {
        'duration': duration,
        'utilization': (100.0 * sum(report['utilization']) / len(report['utilization'])
                        if report['utilization'] else None),
        'timer_p99': ms(nearest_rank(report['timer'], 99)),
        'timer_max': ms(max(report['timer'], default=None)),
        'timer_samples': len(report['timer']),
        'redraw_p99': ms(nearest_rank(report['redraw'], 99)),
        'redraw_max': ms(max(report['redraw'], default=None)),
        'fps': len(report['paints']) / duration if duration > 0 else None,
        'frame_source': source if frames else None,
        'frame_p99': ms(nearest_rank(frames, 99)),
        'frame_max': ms(max(frames, default=None)),
        'missed_per_s': missed / duration if frames and duration > 0 else None,
        'n_stalls': len(stalls),
        'stalls': [{'ms': s['duration'] / 1000.0, 'handler': s['handler']} for s in stalls],
    }


class Bench:
    def __init__(self, args):
        self.args = args
        self.out = args.out
        self.logs = os.path.join(self.out, 'ui-logs')
        os.makedirs(self.logs, exist_ok=True)
        self.looplab = os.path.abspath(os.path.join(args.build, 'ui', 'looplab'))
        self.preload = os.path.abspath(args.preload)
        self.xvfb = Xvfb(open(os.path.join(self.logs, 'Xvfb.log'), 'w'))
        cache = os.path.join(os.path.abspath(self.out), 'ui-cache')
        self.env = dict(os.environ,
                        DISPLAY=self.xvfb.display,
                        GDK_BACKEND='x11',
                        GSK_RENDERER='cairo',
                        GSETTINGS_BACKEND='memory',
                        GSETTINGS_SCHEMA_DIR=os.path.abspath(os.path.join(args.build, 'data')),
                        LOOPLAB_LOCALEDIR=os.path.abspath(os.path.join(args.build, 'po')),
                        XDG_CACHE_HOME=cache,   # the read workload's sample file
                        NO_AT_BRIDGE='0')
        self.env.pop('WAYLAND_DISPLAY', None)
        self.env.pop('LOOPLAB_MEASURE', None)
        self.records = []

    def record(self, **fields):
        self.records.append(fields)
        say(json.dumps(fields, ensure_ascii=False)[:300])

    def looplab_page(self, page):
        return App(self, [self.looplab, '--demo', page], 'looplab-' + page, measure=True)

    def cpu_pids(self, app):
        return {'app': app.pid, 'xvfb': self.xvfb.pid}

    # Each of these runs one process and records its figures.

    def idle_page(self, run, page):
        app = self.looplab_page(page)
        try:
            app.expect('first-frame', 30)
            time.sleep(self.args.warmup)
            cpu = CpuWindow(self.cpu_pids(app))
            app.send('mark', 'mark')
            time.sleep(self.args.seconds)
            report = app.send('report idle', 'report')
            shares, elapsed = cpu.stop()
        finally:
            app.stop()
        self.record(kind='idle', run=run, program='looplab', page=page, cpu=shares['app'],
                    xvfb_cpu=shares['xvfb'], wall=elapsed, **loop_figures(report))

    def gtk4_demo(self, run, demo):
        first_frame = os.path.join(self.logs, 'first-frame')
        if os.path.exists(first_frame):
            os.unlink(first_frame)
        argv = [self.args.gtk4_demo] + ([f'--run={demo}'] if demo else [])
        app = App(self, argv, 'gtk4-demo-' + (demo or 'idle'), first_frame=first_frame)
        try:
            deadline = time.monotonic() + 30
            while not os.path.exists(first_frame) and app.proc.poll() is None:
                if time.monotonic() > deadline:
                    raise RuntimeError('gtk4-demo: no first frame within 30 s')
                time.sleep(0.05)
            time.sleep(self.args.warmup)
            cpu = CpuWindow(self.cpu_pids(app))
            time.sleep(self.args.seconds)
            shares, elapsed = cpu.stop()
        finally:
            app.stop()
        self.record(kind='idle', run=run, program='gtk4-demo', page=demo or 'idle',
                    cpu=shares['app'], xvfb_cpu=shares['xvfb'], wall=elapsed)

    def frozen(self, run):
        app = self.looplab_page('frozen-vs-responsive')
        try:
            app.expect('first-frame', 30)
            time.sleep(self.args.warmup)
            for label, command in WORKLOADS:
                cpu = CpuWindow(self.cpu_pids(app))
                report = app.send(command, 'report', timeout=120)
                shares, elapsed = cpu.stop()
                self.record(kind='workload', run=run, program='looplab', page='frozen-vs-responsive',
                            workload=label, cpu=shares['app'], xvfb_cpu=shares['xvfb'], wall=elapsed,
                            **loop_figures(report))
                time.sleep(1)   # the page settles between two runs
        finally:
            app.stop()

    def page_runs(self, run, page, command, runs):
        for config, label in runs:
            app = self.looplab_page(page)
            try:
                app.expect('first-frame', 30)
                time.sleep(self.args.warmup)
                cpu = CpuWindow(self.cpu_pids(app))
                report = app.send(command + ' ' + ' '.join(map(str, config)), 'report', timeout=300)
                shares, elapsed = cpu.stop()
            finally:
                app.stop()
            extra = {k: report.get(k) for k in ('delivered', 'model_time', 'tasks', 'elapsed',
                                                'bytes', 'copy_us', 'identical', 'lines', 'printed',
                                                'events', 'matches', 'longest_block') if k in report}
            self.record(kind=page, run=run, program='looplab', page=page, workload=label,
                        cpu=shares['app'], xvfb_cpu=shares['xvfb'], wall=elapsed,
                        **extra, **loop_figures(report))

    def startup(self, run, program, record=True):
        """From spawning to the first after-paint, in ms: the start-up a user waits through."""
        first_frame = os.path.join(self.logs, 'first-frame')
        if os.path.exists(first_frame):
            os.unlink(first_frame)
        argv = [self.looplab] if program == 'looplab' else [self.args.gtk4_demo]
        app = App(self, argv, program + '-startup', first_frame=first_frame)
        try:
            deadline = time.monotonic() + 30
            while not os.path.exists(first_frame) or os.path.getsize(first_frame) == 0:
                if time.monotonic() > deadline or app.proc.poll() is not None:
                    raise RuntimeError(f'{program}: no first frame')
                time.sleep(0.01)
            with open(first_frame) as f:
                painted = int(f.read()) / 1e6
        finally:
            app.stop()
        if record:
            self.record(kind='startup', run=run, program=program,
                        first_frame_ms=(painted - app.spawned) * 1000.0)

    def prepare(self):
        """Makes the read workload's sample file once, outside any measure."""
        app = self.looplab_page('frozen-vs-responsive')
        try:
            app.expect('first-frame', 30)
            app.send('run read async', 'report', timeout=300)
        finally:
            app.stop()
        # The same sample is the copy's; one copy makes its destination's
        # folder and warms both files.
        if 'gio-chain' not in self.args.skip:
            app = self.looplab_page('gio-chain')
            try:
                app.expect('first-frame', 30)
                app.send('copy callbacks', 'report', timeout=300)
            finally:
                app.stop()

    def run(self, pages):
        skip = self.args.skip
        self.prepare()
        for run in range(1, self.args.runs + 1):
            say(f'run {run} of {self.args.runs}')
            for page in pages:
                self.idle_page(run, page)
            if 'gtk4-demo' not in skip:
                self.gtk4_demo(run, 'spinner')
                self.gtk4_demo(run, None)
            if 'frozen' not in skip:
                self.frozen(run)
            for page, command, runs, _, _ in PAGE_RUNS:
                if page not in skip:
                    self.page_runs(run, page, command, runs)
            if 'startup' not in skip:
                programs = ['looplab'] + ([] if 'gtk4-demo' in skip else ['gtk4-demo'])
                if run == 1:
                    for program in programs:  # warm: the files in the page cache
                        self.startup(run, program, record=False)
                for _ in range(self.args.startup_runs):
                    for program in programs:
                        self.startup(run, program)


def cell(stat, digits=None):
    if stat is None:
        return '—'

    def fmt(v):
        if digits is not None:
            return f'{v:.{digits}f}'
        a = abs(v)
        return f'{v:.0f}' if a >= 100 else f'{v:.1f}' if a >= 10 else f'{v:.2f}'

    if stat['min'] == stat['max']:
        return fmt(stat['median'])
    return f'{fmt(stat["median"])} [{fmt(stat["min"])}–{fmt(stat["max"])}]'


def summarize(records, keys, fields):
    """{key tuple: {field: median_spread}} over the runs."""
    groups = {}
    for r in records:
        groups.setdefault(tuple(r.get(k) for k in keys), []).append(r)
    return {key: {f: median_spread([r.get(f) for r in rs]) for f in fields} | {'_records': rs}
            for key, rs in groups.items()}


def stall_text(records):
    stalls = [s for r in records for s in r.get('stalls', [])]
    if not stalls:
        return '0'
    worst = max(stalls, key=lambda s: s['ms'])
    return f'{len(stalls)} (longest {worst["ms"]:.0f} ms, {worst["handler"] or "?"})'


def markdown(bench, pages, load_before, load_after, command):
    args = bench.args
    records = bench.records
    lines = []
    add = lines.append
    add('### The window (`tests/bench/run ui`)\n')
    add(f'Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())} with `{command}`: '
        f'{args.runs} runs, each page idle for {args.warmup:g} s then measured for {args.seconds:g} s; '
        f'Xvfb 1280x800x24, GSK_RENDERER=cairo, GDK_BACKEND=x11, the default window size. '
        f'Load average (1, 5, 15 min) before: {load_before}; after: {load_after}.\n')
    add('Median [min–max] over the runs. CPU is % of one core, utime + stime from '
        '/proc/PID/stat over the measured window; loop utilization, timer lag (a '
        'G_PRIORITY_DEFAULT probe every 10 ms), frame lateness (how long after it was '
        'due a frame started, beyond one refresh) and missed frames (whole refreshes, rounded) from the '
        'app\'s loop monitor; p99 and max over the window\'s samples. Frames per '
        'second: paints of the window. Frame lateness marked † is read by the hook '
        'from the same place for each frame (the animations\' driver, where the lag chart reads it): '
        'the page has no lag chart, so the monitor records no frames.\n')

    idle_fields = ['cpu', 'xvfb_cpu', 'utilization', 'timer_p99', 'timer_max', 'fps',
                   'frame_p99', 'frame_max', 'missed_per_s']
    idle = summarize([r for r in records if r['kind'] == 'idle'], ['program', 'page'], idle_fields)
    add('#### Idle pages\n')
    add('| program | page | app CPU % | Xvfb CPU % | loop util % | timer lag p99 (ms) | timer lag max (ms) '
        '| frames/s | frame lateness p99 (ms) | frame lateness max (ms) | missed frames/s | stalls |')
    add('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|')
    order = [('looplab', p) for p in pages] + [('gtk4-demo', 'spinner'), ('gtk4-demo', 'idle')]
    for key in order:
        if key not in idle:
            continue
        s = idle[key]
        paints = any(r.get('frame_source') == 'ticks' for r in s['_records'])
        dag = ' †' if paints else ''
        add(f'| {key[0]} | {key[1] if key[0] == "looplab" else ("Spinner (`--run=spinner`)" if key[1] == "spinner" else "idle (main window)")} '
            f'| {cell(s["cpu"])} | {cell(s["xvfb_cpu"])} | {cell(s["utilization"])} '
            f'| {cell(s["timer_p99"])} | {cell(s["timer_max"])} | {cell(s["fps"])} '
            f'| {cell(s["frame_p99"])}{dag if s["frame_p99"] else ""} | {cell(s["frame_max"])}{dag if s["frame_max"] else ""} '
            f'| {cell(s["missed_per_s"])} '
            f'| {stall_text(s["_records"]) if key[0] == "looplab" else "—"} |')
    add('')

    work = summarize([r for r in records if r['kind'] == 'workload'], ['workload'],
                     ['duration', 'cpu', 'timer_p99', 'timer_max', 'frame_p99', 'frame_max',
                      'missed_per_s', 'fps'])
    if work:
        add('#### Frozen vs responsive: the workloads that do not block\n')
        add('Each run from Run to the page no longer busy, one after another in one window.\n')
        add('| workload | duration (s) | app CPU % | timer lag p99 (ms) | timer lag max (ms) | frames/s '
            '| frame lateness p99 (ms) | frame lateness max (ms) | missed frames/s | stalls |')
        add('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|')
        for label, _ in WORKLOADS:
            s = work.get((label,))
            if s is None:
                continue
            add(f'| {label} | {cell(s["duration"])} | {cell(s["cpu"])} | {cell(s["timer_p99"])} '
                f'| {cell(s["timer_max"])} | {cell(s["fps"])} | {cell(s["frame_p99"])} | {cell(s["frame_max"])} '
                f'| {cell(s["missed_per_s"])} | {stall_text(s["_records"])} |')
        add('')

    for page, _, _, title, span in PAGE_RUNS:
        runs = summarize([r for r in records if r['kind'] == page], ['workload'],
                         ['duration', 'cpu', 'xvfb_cpu', 'utilization', 'fps', 'frame_p99', 'frame_max',
                          'missed_per_s', 'timer_p99', 'timer_max'])
        if not runs:
            continue
        add(f'#### {title}\n')
        add(f'{span}\n')
        add('| run | duration (s) | app CPU % | Xvfb CPU % | loop util % | frames/s | frame lateness p99 (ms) '
            '| frame lateness max (ms) | missed frames/s | timer lag p99 (ms) | timer lag max (ms) | stalls |')
        add('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|')
        for (label,), s in runs.items():
            paints = any(r.get('frame_source') == 'ticks' for r in s['_records'])
            dag = ' †' if paints else ''
            add(f'| {label} | {cell(s["duration"])} | {cell(s["cpu"])} | {cell(s["xvfb_cpu"])} '
                f'| {cell(s["utilization"])} | {cell(s["fps"])} | {cell(s["frame_p99"])}{dag} '
                f'| {cell(s["frame_max"])}{dag} | {cell(s["missed_per_s"])} | {cell(s["timer_p99"])} '
                f'| {cell(s["timer_max"])} | {stall_text(s["_records"])} |')
        add('')

    startup = summarize([r for r in records if r['kind'] == 'startup'], ['program'], ['first_frame_ms'])
    if startup:
        add('#### Start-up to the first frame\n')
        add('From spawning the process to the first after-paint of its frame clock (noted by '
            '`ll-bench-first-frame.so`, preloaded into both), warm: one unrecorded start of each '
            'first, then the two alternated.\n')
        add('| program | first frame (ms) | starts |')
        add('|---|---:|---:|')
        for program in ('looplab', 'gtk4-demo'):
            s = startup.get((program,))
            if s is not None:
                name = 'looplab (its last demo: the default)' if program == 'looplab' else 'gtk4-demo (main window)'
                add(f'| {name} | {cell(s["first_frame_ms"], 0)} | {s["first_frame_ms"]["runs"]} |')
        add('')
    return '\n'.join(lines) + '\n'


def main():
    parser = argparse.ArgumentParser(description='Loop Lab window benchmark')
    parser.add_argument('--build', required=True, help='the GUI build directory')
    parser.add_argument('--preload', required=True, help='ll-bench-first-frame.so')
    parser.add_argument('--out', default='.')
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--seconds', type=float, default=5.0, help='measured window of an idle page')
    parser.add_argument('--warmup', type=float, default=3.0, help='idle time before measuring')
    parser.add_argument('--startup-runs', type=int, default=5, help='starts of each program per run')
    parser.add_argument('--pages', help='comma-separated page ids (default: all of looplab --list)')
    parser.add_argument('--skip', default='', help='any of gtk4-demo,frozen,courier,hello,gio-chain,pipeline,sax-bus,counter-race,switch-cost,startup')
    parser.add_argument('--gtk4-demo', default=GTK4_DEMO)
    parser.add_argument('--command', default='tests/bench/ui.py', help='the command line to report')
    args = parser.parse_args()
    args.skip = set(filter(None, args.skip.split(',')))

    # A private session bus: the programs are unique applications, and one
    # already open on the user's bus would take our window.
    if not os.environ.get('LL_BENCH_UI_BUS'):
        os.environ['LL_BENCH_UI_BUS'] = '1'
        os.execvp('dbus-run-session', ['dbus-run-session', '--', sys.executable] + sys.argv)

    if 'gtk4-demo' not in args.skip and shutil.which(args.gtk4_demo) is None:
        say(f'{args.gtk4_demo} is missing (Debian: gtk-4-examples): not measuring it')
        args.skip.add('gtk4-demo')

    os.makedirs(args.out, exist_ok=True)
    load_before = ' '.join(open('/proc/loadavg').read().split()[:3])
    bench = Bench(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    status = 0
    pages = []
    try:
        listing = subprocess.run([bench.looplab, '--list'], env=bench.env, check=True,
                                 capture_output=True, text=True).stdout
        pages = [line.split('\t')[0] for line in listing.splitlines() if line.strip()]
        if args.pages:
            pages = [p for p in args.pages.split(',') if p]
        bench.run(pages)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        say(f'failed: {error}')
        status = 1
    finally:
        bench.xvfb.stop()
    load_after = ' '.join(open('/proc/loadavg').read().split()[:3])

    with open(os.path.join(args.out, 'ui.json'), 'w') as f:
        json.dump({'load_before': load_before, 'load_after': load_after,
                   'runs': args.runs, 'seconds': args.seconds, 'warmup': args.warmup,
                   'records': bench.records}, f, ensure_ascii=False, indent=1)
    with open(os.path.join(args.out, 'ui.md'), 'w') as f:
        f.write(markdown(bench, pages, load_before, load_after, args.command))
    return status


if __name__ == '__main__':
    sys.exit(main())
