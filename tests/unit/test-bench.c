/* test-bench.c: `looplab-cli bench` at tiny sizes, and the JSON it prints
 *
 * Runs every benchmark through the real looplab-cli (meson passes its path
 * as the first argument) with a tiny N and one run (the server: one
 * second of wrk at 10 connections, skipped without wrk), and checks the
 * records: each system of the benchmark appears with each of its units,
 * either measured (numbers, min ≤ median ≤ max) or reported missing
 * (nulls and a reason), never silently left out; and the shape of the
 * terminal and Markdown reports, line by line.  No timing is asserted:
 * how fast things are is the benchmark's business, not the test's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sys/wait.h>

#include "bench/ll-bench-json.h"

static const char *cli_path;

/* The JSON reader */

static void
test_json_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) v = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) item = NULL;
  g_autoptr(GVariant) number = NULL;
  const char *s;
  gboolean flag;
  double d;

  v = ll_bench_json_parse (" {\"a\": [1, -2.5e3, 0.25], \"s\": \"x\\\"y\\u00e9\\ud83d\\ude00\","
                           " \"t\": true, \"f\": false, \"z\": null, \"o\": {}} \n",
                           -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (v, G_VARIANT_TYPE_VARDICT));

  list = g_variant_lookup_value (v, "a", G_VARIANT_TYPE ("av"));
  g_assert_nonnull (list);
  g_assert_cmpuint (g_variant_n_children (list), ==, 3);
  item = g_variant_get_child_value (list, 1);
  number = g_variant_get_variant (item);
  g_assert_cmpfloat (g_variant_get_double (number), ==, -2500);

  g_assert_true (g_variant_lookup (v, "s", "&s", &s));
  g_assert_cmpstr (s, ==, "x\"y\xc3\xa9\xf0\x9f\x98\x80");
  g_assert_true (g_variant_lookup (v, "t", "b", &flag));
  g_assert_true (flag);
  g_assert_true (g_variant_lookup (v, "f", "b", &flag));
  g_assert_false (flag);

  {
    g_autoptr(GVariant) z = g_variant_lookup_value (v, "z", NULL);

    g_assert_nonnull (z);
    g_assert_true (ll_bench_json_is_null (z));
  }

  g_assert_false (ll_bench_json_lookup_number (v, "s", &d));
  g_assert_false (ll_bench_json_lookup_number (v, "missing", &d));
}

static void
test_json_invalid (void)
{
  static const char *bad[] = {
    "", "[1,]", "{\"a\" 1}", "{\"a\": 1,}", "01", "1.", "-", "1e", ".5",
    "\"unterminated", "\"bad \\x escape\"", "\"\\ud800\"", "tru", "nul",
    "[1] 2", "{1: 2}", "\"tab\there\"",
  };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) v = ll_bench_json_parse (bad[i], -1, &error);

      g_assert_null (v);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }

  /* Nesting without bound is refused rather than recursed into. */
  for (int i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) v = ll_bench_json_parse (deep->str, -1, &error);

    g_assert_null (v);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

static void
test_json_write (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) v = NULL;
  const char *s;
  double d;

  g_string_append (out, "{\"s\": ");
  ll_bench_json_append_string (out, "quote \" backslash \\ newline \n bell \a");
  g_string_append (out, ", \"d\": ");
  ll_bench_json_append_number (out, 1234567.25);
  g_string_append (out, ", \"nan\": ");
  ll_bench_json_append_number (out, NAN);
  g_string_append (out, "}");

  v = ll_bench_json_parse (out->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (v, "s", "&s", &s));
  g_assert_cmpstr (s, ==, "quote \" backslash \\ newline \n bell \a");
  g_assert_true (ll_bench_json_lookup_number (v, "d", &d));
  g_assert_cmpfloat (d, ==, 1234567.25);
  g_assert_false (ll_bench_json_lookup_number (v, "nan", &d));
}

/* Running looplab-cli bench */

static char *
run_bench (const char * const *args,
           int                *exit_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *peers = g_test_build_filename (G_TEST_DIST, "bench", NULL);
  g_autofree char *peers_arg = g_strdup_printf ("--peers=%s", peers);
  char *out = NULL;
  int wait_status;

  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, "bench");
  g_ptr_array_add (argv, peers_arg);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Its progress lines and any peer's complaints go to our stderr, into
   * the test log. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, NULL, &wait_status, &error);
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (wait_status));
  *exit_status = WEXITSTATUS (wait_status);

  return out;
}

typedef struct
{
  const char *bench;
  const char *unit;
  const char *only;   /* the one system that has it, or NULL for each */
  double      n;      /* its size, or 0 for the test's */
} Kind;

/* Checks that @json holds exactly one record of each of @systems for each
 * of @kinds (of its one system, if it names one), measured or missing.
 * Returns how many were missing. */
static guint
check_records (const char         *json,
               const char * const *systems,
               const Kind         *kinds,
               guint               n_kinds,
               double              n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) records = ll_bench_json_parse (json, -1, &error);
  guint n_systems = g_strv_length ((char **) systems);
  g_autofree guint *seen = g_new0 (guint, n_systems * n_kinds);
  guint n_missing = 0;

  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (records, G_VARIANT_TYPE ("av")));

  for (gsize r = 0; r < g_variant_n_children (records); r++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (records, r);
      g_autoptr(GVariant) record = g_variant_get_variant (boxed);
      const char *bench, *system, *unit;
      const char *fields[] = { "median", "min", "max" };
      double values[3];
      double record_n;
      gboolean missing = FALSE;
      int sys = -1, kind = -1;

      g_assert_true (g_variant_is_of_type (record, G_VARIANT_TYPE_VARDICT));
      g_assert_true (g_variant_lookup (record, "bench", "&s", &bench));
      g_assert_true (g_variant_lookup (record, "system", "&s", &system));
      g_assert_true (g_variant_lookup (record, "unit", "&s", &unit));
      g_assert_true (ll_bench_json_lookup_number (record, "n", &record_n));
      if (g_variant_lookup (record, "error", "&s", NULL))
        g_error ("A failed record: %s", g_variant_print (record, FALSE));

      for (guint i = 0; i < n_systems; i++)
        if (g_str_equal (systems[i], system))
          sys = (int) i;
      for (guint k = 0; k < n_kinds; k++)
        if (g_str_equal (kinds[k].bench, bench) && g_str_equal (kinds[k].unit, unit))
          kind = (int) k;
      if (sys < 0 || kind < 0)
        g_error ("Unexpected record: %s", g_variant_print (record, FALSE));
      g_assert_cmpfloat (record_n, ==, kinds[kind].n > 0 ? kinds[kind].n : n);
      seen[sys * n_kinds + kind]++;

      g_variant_lookup (record, "missing", "b", &missing);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_autoptr(GVariant) value = g_variant_lookup_value (record, fields[f], NULL);

          g_assert_nonnull (value);
          if (missing)
            g_assert_true (ll_bench_json_is_null (value));
          else
            {
              g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE));
              values[f] = g_variant_get_double (value);
              g_assert_true (isfinite (values[f]));
              g_assert_cmpfloat (values[f], >=, 0);
            }
        }

      if (missing)
        {
          const char *reason;

          g_assert_true (g_variant_lookup (record, "reason", "&s", &reason));
          g_assert_cmpstr (reason, !=, "");
          n_missing++;
          g_test_message ("%s %s: missing: %s", bench, system, reason);
        }
      else
        {
          g_assert_cmpfloat (values[1], <=, values[0]);
          g_assert_cmpfloat (values[0], <=, values[2]);
        }
    }

  for (guint i = 0; i < n_systems; i++)
    for (guint k = 0; k < n_kinds; k++)
      {
        guint expected = kinds[k].only == NULL || g_str_equal (kinds[k].only, systems[i]) ? 1 : 0;

        if (seen[i * n_kinds + k] != expected)
          g_error ("%u records of %s %s in %s for %s", seen[i * n_kinds + k],
                   kinds[k].bench, kinds[k].unit, json, systems[i]);
      }

  return n_missing;
}

static void
test_send (void)
{
  const char *args[] = { "send", "--n", "1000", "--runs", "1", "--json", NULL };
  const char *systems[] = { "looplab", "cpython", "threads", NULL };
  const Kind kinds[] = { { "send", "ns" } };
  g_autofree char *out = NULL;
  int status;

  out = run_bench (args, &status);
  g_assert_cmpint (status, ==, 0);
  check_records (out, systems, kinds, G_N_ELEMENTS (kinds), 1000);
}

static void
test_switch (void)
{
  const char *args[] = { "switch", "--n", "1000", "--runs", "1", "--json", NULL };
  const char *systems[] = { "looplab", "asyncio", NULL };
  const Kind kinds[] = { { "switch", "ns" } };
  g_autofree char *out = NULL;
  int status;

  out = run_bench (args, &status);
  g_assert_cmpint (status, ==, 0);
  check_records (out, systems, kinds, G_N_ELEMENTS (kinds), 1000);
}

static const Kind sleepers_kinds[] = {
  { "sleepers", "s" },
  { "sleepers", "KiB" },
  { "sleepers", "ms" },
  { "sleepers-probe-max", "ms" },
};

static void
test_sleepers (void)
{
  const char *args[] = { "sleepers", "--n", "500", "--max-sleep", "30", "--runs", "1", "--json", NULL };
  const char *systems[] = { "looplab", "asyncio", "node", "glib-timeouts", NULL };
  g_autofree char *out = NULL;
  int status;

  out = run_bench (args, &status);
  g_assert_cmpint (status, ==, 0);
  check_records (out, systems, sleepers_kinds, G_N_ELEMENTS (sleepers_kinds), 500);
}

/* A peer that is not on the machine is reported, not skipped. */
static void
test_missing_peers (void)
{
  const char *args[] = { "sleepers", "--n", "10", "--max-sleep", "5", "--runs", "1", "--json",
                         "--python", "/nonexistent/python3", "--node", "/nonexistent/node",
                         "--systems", "looplab,asyncio,node", NULL };
  const char *systems[] = { "looplab", "asyncio", "node", NULL };
  g_autofree char *out = NULL;
  int status;

  out = run_bench (args, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (check_records (out, systems, sleepers_kinds, G_N_ELEMENTS (sleepers_kinds), 10),
                    ==, 2 * G_N_ELEMENTS (sleepers_kinds));
}

/* The server: wrk's figures for each server, at one size, then those
 * of our server holding its idle connections, at theirs. */
static const Kind server_kinds[] = {
  { "server", "req/s" },
  { "server-p50", "ms" },
  { "server-p99", "ms" },
  { "server-max", "ms" },
  { "server", "KiB" },
  { "server-wrk-cpu", "%" },
  { "server-errors", "errors" },
  { "server-idle", "B", "looplab", 20 },
  { "server-idle-rss-before", "KiB", "looplab", 20 },
  { "server-idle", "KiB", "looplab", 20 },
  { "server-idle", "ms", "looplab", 20 },
};

/* One second of wrk at 10 connections against ours and the plain GIO
 * server, then 20 idle connections. */
static void
test_server (void)
{
  const char *args[] = { "server", "--runs", "1", "--seconds", "1", "--connections", "10",
                         "--idle", "20", "--systems", "looplab,gio-callbacks", "--json", NULL };
  const char *systems[] = { "looplab", "gio-callbacks", NULL };
  g_autofree char *wrk = g_find_program_in_path ("wrk");
  g_autofree char *taskset = g_find_program_in_path ("taskset");
  g_autofree char *out = NULL;
  int status;

  if (wrk == NULL || taskset == NULL)
    {
      g_test_skip ("the server benchmark needs wrk and taskset (apt-get install wrk)");
      return;
    }

  out = run_bench (args, &status);
  g_assert_cmpint (status, ==, 0);
  check_records (out, systems, server_kinds, G_N_ELEMENTS (server_kinds), 10);
}

/* Without wrk the servers under load are missing, and the idle
 * connections, which need no wrk, are measured all the same. */
static void
test_server_without_wrk (void)
{
  const char *args[] = { "server", "--runs", "1", "--connections", "10", "--idle", "20",
                         "--systems", "looplab,node", "--wrk", "/nonexistent/wrk", "--json", NULL };
  const char *systems[] = { "looplab", "node", NULL };
  g_autofree char *out = NULL;
  int status;

  out = run_bench (args, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (check_records (out, systems, server_kinds, G_N_ELEMENTS (server_kinds), 10),
                    ==, 2 * 7);
}

/* The reports */

/* Checks that @text has one line per pattern, each matching its pattern
 * whole.  A figure is a pattern, never a number: no timing is asserted. */
static void
check_lines (const char         *text,
             const char * const *patterns)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_lines = g_strv_length (lines);
  guint n_patterns = g_strv_length ((char **) patterns);

  /* The text ends with a newline: the last "line" is empty. */
  g_assert_cmpuint (n_lines, >, 0);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  if (n_lines - 1 != n_patterns)
    g_error ("%u lines, not %u, in:\n%s", n_lines - 1, n_patterns, text);

  for (guint i = 0; i < n_patterns; i++)
    {
      g_autofree char *anchored = g_strdup_printf ("^(?:%s)$", patterns[i]);

      if (!g_regex_match_simple (anchored, lines[i], 0, 0))
        g_error ("line %u, “%s”, does not match “%s”", i + 1, lines[i], patterns[i]);
    }
}

#define SUMMARY "\\S+ \\[\\S+–\\S+\\]"
#define VERDICT "(met|MISSED)"

/* Runs `looplab-cli bench @args --markdown FILE` and checks what it
 * prints against @human and what it writes into FILE against @markdown. */
static void
check_reports (const char * const *args,
               const char * const *human,
               const char * const *markdown)
{
  g_autofree char *dir = g_dir_make_tmp ("looplab-bench-XXXXXX", NULL);
  g_autofree char *md_path = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *md = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (dir);
  md_path = g_build_filename (dir, "report.md", NULL);
  g_strv_builder_addv (builder, (const char **) args);
  g_strv_builder_add (builder, "--markdown");
  g_strv_builder_add (builder, md_path);
  argv = g_strv_builder_end (builder);

  out = run_bench ((const char * const *) argv, &status);
  g_assert_cmpint (status, ==, 0);
  check_lines (out, human);

  g_file_get_contents (md_path, &md, NULL, &error);
  g_assert_no_error (error);
  check_lines (md, markdown);

  g_unlink (md_path);
  g_rmdir (dir);
}

/* The terminal and Markdown tables of a benchmark per operation, with the
 * verdict on each target of the table, as the README and
 * docs/benchmarks.md quote them. */
static void
test_report_send (void)
{
  const char *args[] = { "send", "--n", "1000", "--runs", "1", NULL };
  const char *human[] = {
    "B1 send/yield round trip: median \\[min–max\\] of 1 run",
    "machine: [0-9]+ CPUs \\(.*\\), .*GLib [0-9.]+.*",
    "",
    "  system                    n   ns per operation                   what",
    "  looplab +1,000   " SUMMARY " +ll_co_send\\(\\) into a generator coroutine that yields back",
    "  cpython +1,000   (" SUMMARY " +generator.send\\(\\) .*|missing: .*)",
    "  threads +1,000   " SUMMARY " +two threads handing a value back and forth through GAsyncQueues",
    "",
    "  (looplab is \\S+x faster than cpython per operation \\(target ≥ 20x\\): " VERDICT
    "|looplab against cpython: no ratio, cpython was not measured)",
    "  looplab is \\S+x faster than threads per operation \\(target ≥ 1000x\\): " VERDICT,
    "",
    NULL
  };
  const char *markdown[] = {
    "### B1 send/yield round trip",
    "",
    "Median \\[min–max\\] of 1 run\\. Machine: [0-9]+ CPUs .*\\.",
    "",
    "\\| system \\| what \\| n \\| ns per operation \\|",
    "\\|---\\|---\\|---:\\|---:\\|",
    "\\| looplab \\| ll_co_send\\(\\) .* \\| 1,000 \\| " SUMMARY " \\|",
    "\\| cpython \\| generator.send\\(\\) .* \\| 1,000 \\| (" SUMMARY "|missing: .*) \\|",
    "\\| threads \\| two threads .* \\| 1,000 \\| " SUMMARY " \\|",
    "",
    "- (looplab is \\S+x faster than cpython per operation \\(target ≥ 20x\\): " VERDICT
    "|looplab against cpython: no ratio, cpython was not measured)",
    "- looplab is \\S+x faster than threads per operation \\(target ≥ 1000x\\): " VERDICT,
    "",
    NULL
  };
  check_reports (args, human, markdown);
}

/* The sleepers' tables, a missing peer's row and the ratios against ours. */
static void
test_report_sleepers (void)
{
  const char *args[] = { "sleepers", "--n", "100", "--max-sleep", "20", "--runs", "1",
                         "--systems", "looplab,node,glib-timeouts", "--node", "/nonexistent/node",
                         NULL };
  const char *human[] = {
    "B3 sleepers: median \\[min–max\\] of 1 run",
    "machine: .*",
    "",
    "N = 100 sleepers",
    "  system         wall time \\(s\\)              peak RSS \\(MB\\)              "
    "probe p99 \\(ms\\)             probe max \\(ms\\)",
    "  looplab        (" SUMMARY " +){3}" SUMMARY,
    "  node           missing: /nonexistent/node is not an executable",
    "  glib-timeouts  (" SUMMARY " +){3}" SUMMARY,
    "",
    "  looplab against node: no ratio, node was not measured",
    "  glib-timeouts against looplab: \\S+x the wall time, \\S+x the peak RSS, \\S+x the probe p99",
    "",
    "  looplab        LlScheduler tasks doing LL_CO_SLEEP\\(\\), .*",
    "  asyncio        asyncio.gather\\(\\) of asyncio.sleep\\(\\), a call_later\\(\\) probe",
    "  node           Promise.all\\(\\) .*",
    "  glib-timeouts  one g_timeout_add\\(\\) per task, all added at once",
    "",
    NULL
  };
  const char *markdown[] = {
    "### B3 sleepers",
    "",
    "Median \\[min–max\\] of 1 run\\. Machine: .*\\.",
    "",
    "- `looplab`: .*",
    "- `asyncio`: .*",
    "- `node`: .*",
    "- `glib-timeouts`: .*",
    "",
    "N = 100 sleepers:",
    "",
    "\\| system \\| wall time \\(s\\) \\| peak RSS \\(MB\\) \\| probe p99 \\(ms\\) \\| probe max \\(ms\\) \\|",
    "\\|---\\|---:\\|---:\\|---:\\|---:\\|",
    "\\| looplab \\| (" SUMMARY " \\| ){3}" SUMMARY " \\|",
    "\\| node \\| missing: /nonexistent/node is not an executable \\| \\| \\| \\|",
    "\\| glib-timeouts \\| (" SUMMARY " \\| ){3}" SUMMARY " \\|",
    "",
    "- looplab against node: no ratio, node was not measured",
    "- glib-timeouts against looplab: \\S+x the wall time, \\S+x the peak RSS, \\S+x the probe p99",
    "",
    NULL
  };
  check_reports (args, human, markdown);
}

/* The server's tables without wrk: the servers under load missing, the
 * idle connections measured, in a part of their own. */
static void
test_report_server (void)
{
  const char *args[] = { "server", "--runs", "1", "--connections", "10", "--idle", "20",
                         "--systems", "looplab,node", "--wrk", "/nonexistent/wrk", NULL };
  const char *human[] = {
    "Server, wrk GET /hello/world with keep-alive: median \\[min–max\\] of 1 run",
    "machine: .*",
    "",
    "N = 10 connections",
    "  system             req/s +p50 \\(ms\\) +p99 \\(ms\\) +max \\(ms\\) +peak RSS \\(MB\\) +"
    "wrk CPU \\(%\\) +errors",
    "  looplab            missing: /nonexistent/wrk is not an executable",
    "  node               missing: /nonexistent/wrk is not an executable",
    "",
    "  looplab against node: no ratio, looplab was not measured",
    "",
    "  looplab            looplab-cli serve: .*",
    "  aiohttp            the notes' aiohttp web.Application, .*",
    "  node               Node.js http.createServer\\(\\) .*",
    "  libsoup            a libsoup 3 SoupServer, .*",
    "  gio-callbacks      GSocketService and read/write _async callbacks .*",
    "  looplab-workers-2  looplab-cli serve --workers 2 .*",
    "",
    "Idle keep-alive connections held by one worker",
    "",
    "N = 20 idle connections",
    "  system         RSS per connection \\(KiB\\) +RSS before \\(MB\\) +RSS held \\(MB\\) +"
    "a new client \\(ms\\)",
    "  looplab        (" SUMMARY " +){3}" SUMMARY,
    "",
    "",
    "  looplab        looplab-cli serve on core 0: .*",
    "",
    NULL
  };
  const char *markdown[] = {
    "### Server, wrk GET /hello/world with keep-alive",
    "",
    "Median \\[min–max\\] of 1 run\\. Machine: .*\\.",
    "",
    "- `looplab`: .*",
    "- `aiohttp`: .*",
    "- `node`: .*",
    "- `libsoup`: .*",
    "- `gio-callbacks`: .*",
    "- `looplab-workers-2`: .*",
    "",
    "N = 10 connections:",
    "",
    "\\| system \\| req/s \\| p50 \\(ms\\) \\| p99 \\(ms\\) \\| max \\(ms\\) \\| peak RSS \\(MB\\) \\| "
    "wrk CPU \\(%\\) \\| errors \\|",
    "\\|---\\|(---:\\|){7}",
    "\\| looplab \\| missing: /nonexistent/wrk is not an executable( \\|){7}",
    "\\| node \\| missing: /nonexistent/wrk is not an executable( \\|){7}",
    "",
    "- looplab against node: no ratio, looplab was not measured",
    "",
    "#### Idle keep-alive connections held by one worker",
    "",
    "- `looplab`: .*",
    "",
    "N = 20 idle connections:",
    "",
    "\\| system \\| RSS per connection \\(KiB\\) \\| RSS before \\(MB\\) \\| RSS held \\(MB\\) \\| "
    "a new client \\(ms\\) \\|",
    "\\|---\\|(---:\\|){4}",
    "\\| looplab \\| (" SUMMARY " \\| ){3}" SUMMARY " \\|",
    "",
    "",
    NULL
  };
  check_reports (args, human, markdown);
}

static void
test_bad_usage (void)
{
  const char *unknown[] = { "nap", NULL };
  const char *system[] = { "send", "--systems", "pypy", NULL };
  const char *size[] = { "sleepers", "--n", "0", NULL };
  const char *two[] = { "send", "--n", "10,20", NULL };
  const char *server_n[] = { "server", "--n", "10", NULL };
  const char *seconds[] = { "server", "--seconds", "0", NULL };
  const char * const *cases[] = { unknown, system, size, two, server_n, seconds };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      int status;

      out = run_bench (cases[i], &status);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
    }
}

/* Runs a test that needs looplab-cli, or skips it, visibly, without. */
static void
with_cli (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  if (cli_path == NULL)
    {
      g_test_skip ("give the path of looplab-cli as the first argument, or in LOOPLAB_CLI");
      return;
    }

  func ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc > 1)
    cli_path = argv[1];
  else
    cli_path = g_getenv ("LOOPLAB_CLI");

  g_test_add_func ("/looplab/bench/json/values", test_json_values);
  g_test_add_func ("/looplab/bench/json/invalid", test_json_invalid);
  g_test_add_func ("/looplab/bench/json/write", test_json_write);

  g_test_add_data_func ("/looplab/bench/send", (gconstpointer) test_send, with_cli);
  g_test_add_data_func ("/looplab/bench/switch", (gconstpointer) test_switch, with_cli);
  g_test_add_data_func ("/looplab/bench/sleepers", (gconstpointer) test_sleepers, with_cli);
  g_test_add_data_func ("/looplab/bench/missing-peers", (gconstpointer) test_missing_peers, with_cli);
  g_test_add_data_func ("/looplab/bench/server", (gconstpointer) test_server, with_cli);
  g_test_add_data_func ("/looplab/bench/server/without-wrk", (gconstpointer) test_server_without_wrk, with_cli);
  g_test_add_data_func ("/looplab/bench/report/send", (gconstpointer) test_report_send, with_cli);
  g_test_add_data_func ("/looplab/bench/report/sleepers", (gconstpointer) test_report_sleepers, with_cli);
  g_test_add_data_func ("/looplab/bench/report/server", (gconstpointer) test_report_server, with_cli);
  g_test_add_data_func ("/looplab/bench/bad-usage", (gconstpointer) test_bad_usage, with_cli);

  return g_test_run ();
}
