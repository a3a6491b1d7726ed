/* ll-bench-private.h: what the files of `looplab-cli bench` share
 *
 * A benchmark is data: its systems (ours first, then its peers), how each
 * is run, the figures one run yields, and the targets those figures must
 * reach.  ll-bench-table.c holds the benchmarks; the other files measure
 * them (ll-bench-measure.c, through ll-bench-peers.c and
 * ll-bench-process.c, and ll-bench-server.c for the servers wrk loads),
 * summarize the runs (ll-bench-stats.c), check the targets
 * (ll-bench-targets.c) and print the reports (ll-bench-report.c).
 * Adding a benchmark means a row in the table and, for a new kind of
 * figures, its measuring and its report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a system runs. */
typedef enum
{
  LL_BENCH_RUN_IN_PROCESS,   /* a workload function of looplab-cli itself */
  LL_BENCH_RUN_CHILD,        /* looplab-cli again, with the hidden --child */
  LL_BENCH_RUN_PYTHON,       /* a peer script under Python */
  LL_BENCH_RUN_NODE,         /* a peer script under Node.js */
  LL_BENCH_RUN_SERVE,        /* `looplab-cli serve`, the server of the notes */
  LL_BENCH_RUN_PROGRAM,      /* a peer built in C, in the build tree's tests/bench */
} LlBenchRunner;

/* What one run yields, which decides how it is measured and reported. */
typedef enum
{
  LL_BENCH_PER_OPERATION,    /* the time of one operation, in ns */
  LL_BENCH_SLEEPERS,         /* wall time, peak RSS and the probe's lateness */
  LL_BENCH_SERVER,           /* a server under wrk: req/s, latencies, peak RSS */
  LL_BENCH_SERVER_IDLE,      /* a server holding idle connections: RSS, a new client's wait */
} LlBenchKind;

/* The figures of one run, by index into LlBenchSeries.values. */
typedef enum
{
  LL_BENCH_METRIC_MAIN,        /* ns per operation, the sleepers' wall time in s, a server's
                                  req/s, or bytes of RSS per idle connection */
  LL_BENCH_METRIC_RSS,         /* KiB: the peak, or the RSS with the idle connections held */
  LL_BENCH_METRIC_P50,         /* ms */
  LL_BENCH_METRIC_P99,         /* ms */
  LL_BENCH_METRIC_MAX,         /* ms */
  LL_BENCH_METRIC_CLIENT_CPU,  /* % of one core: wrk's user and system time over its run */
  LL_BENCH_METRIC_ERRORS,      /* wrk's socket errors and answers not 2xx or 3xx */
  LL_BENCH_METRIC_RSS_BEFORE,  /* KiB: the RSS before the idle connections */
  LL_BENCH_METRIC_NEW_CLIENT,  /* ms: a new client's request, the idle connections held */
  LL_BENCH_N_METRICS
} LlBenchMetric;

typedef gboolean (*LlBenchWorkload) (guint64   n,
                                     double   *ns_per_op,
                                     GError  **error);

typedef struct
{
  const char      *name;
  LlBenchRunner    runner;
  LlBenchWorkload  workload;   /* LL_BENCH_RUN_IN_PROCESS only */
  const char      *script;     /* the peer's file in the peer directory, or for
                                  LL_BENCH_RUN_PROGRAM in the build tree's */
  guint64          default_n;  /* 0: the benchmark's sizes */
  double           speedup;    /* ours must be this many times faster; 0: no target */
  const char      *what;
  const char      *module;     /* a Python module the script imports (aiohttp), or NULL */
  const char      *package;    /* the Debian package of the module, or of the program */
  guint            workers;    /* LL_BENCH_RUN_SERVE: `serve --workers`; 0 for 1 */
  const char      *cpus;       /* a server's cores (`taskset -c`); NULL: LL_BENCH_SERVER_CORE */
} LlBenchSystem;

/* Every server runs on the first core, wrk on the second. */
#define LL_BENCH_SERVER_CORE "0"
#define LL_BENCH_CLIENT_CORE "1"

/* One figure as the reports show it: a JSON record and a table column. */
typedef struct
{
  LlBenchMetric  metric;
  const char    *record;       /* the record's "bench"; NULL: the benchmark's name */
  const char    *unit;         /* of the raw values, in the JSON records */
  const char    *heading;      /* of the table column, in the display unit */
  double         scale;        /* raw value / scale = displayed value */
  gboolean       whole;        /* a count: shown without decimals */
} LlBenchFigure;

/* "target: wall time ≤ 1.5 s: 0.812 s, met", for our system at one size. */
typedef struct
{
  LlBenchMetric  metric;
  const char    *label;
  double         at_most;      /* in the display unit */
  const char    *unit;         /* the display unit */
  double         scale;        /* raw value / scale = displayed value */
  int            digits;       /* after the decimal point */
} LlBenchLimit;

/* "req/s, looplab against node: 2.31x (target ≥ 1.5x): met", at one size:
 * ours over theirs, at least @at_least or else below @below. */
typedef struct
{
  guint64        n;
  const char    *peer;
  LlBenchMetric  metric;
  const char    *label;
  double         at_least;     /* 0: a ratio to stay below */
  double         below;
} LlBenchComparison;

typedef struct _LlBenchInfo LlBenchInfo;

struct _LlBenchInfo
{
  const char              *name;
  const char              *title;
  LlBenchKind              kind;
  const LlBenchSystem     *systems;     /* ours first */
  guint                    n_systems;
  const LlBenchFigure     *figures;
  guint                    n_figures;
  const guint64           *sizes;       /* run one after another; NULL: one --n */
  guint                    n_sizes;
  guint64                  limits_n;    /* the size the limits apply to */
  const LlBenchLimit      *limits;
  guint                    n_limits;
  const char              *counted;     /* what a size counts: "sleepers", "connections" */
  const LlBenchComparison *comparisons;
  guint                    n_comparisons;
  const LlBenchInfo       *then;        /* measured and reported next, in the same
                                           invocation (the server's idle connections) */
};

/* One system at one size, run after run. */
typedef struct
{
  const LlBenchInfo   *info;     /* the benchmark, or the part of it, it belongs to */
  const LlBenchSystem *sys;
  guint64              n;
  GArray              *values[LL_BENCH_N_METRICS];   /* of double */
  char                *missing;                      /* why, or NULL */
  char                *error;                        /* the first failure, or NULL */
  char                *program;                      /* the interpreter or executable */
  char                *script;
  char                *version;
} LlBenchSeries;

/* One invocation of `looplab-cli bench`. */
typedef struct
{
  /* Options */
  char      *n_list;
  int        runs;
  char      *systems;
  gboolean   json;
  char      *markdown;
  gint64     seed;
  int        max_ms;
  char      *peers;
  char      *python;
  char      *node;
  char      *child;
  char      *wrk;
  char      *connections;
  int        seconds;
  int        idle;

  const LlBenchInfo *info;
  GPtrArray         *series;   /* of LlBenchSeries, in the order they are reported */

  /* What loads the servers, once found (ll-bench-server.c) */
  char              *wrk_path;
  char              *wrk_version;
  char              *taskset_path;
  char              *client_missing;   /* why wrk or taskset cannot run, or NULL */
  gboolean           client_located;
} LlBench;

const LlBenchInfo *ll_bench_info_lookup (const char *name);

G_END_DECLS
