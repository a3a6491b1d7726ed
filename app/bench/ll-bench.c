/* ll-bench.c: `looplab-cli bench`, our coroutines measured beside their peers
 *
 * Each benchmark of the table (ll-bench-table.c) runs our code and its
 * peers in the same invocation, interleaved run by run so that a slow
 * moment of the machine hits every system alike, and prints the median,
 * min and max of each figure and the ratios against the targets.  This
 * file is the command: its options, the series they select (a benchmark
 * and the part it runs next, as the server's idle connections follow
 * its load), and the hidden `--child` mode in which looplab-cli runs one
 * sleepers workload in a process of its own, so that its peak RSS is its
 * own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "ll-bench.h"
#include "ll-bench-measure.h"
#include "ll-bench-peers.h"
#include "ll-bench-private.h"
#include "ll-bench-report.h"
#include "ll-bench-stats.h"
#include "ll-bench-workloads.h"
#include "ll-programs.h"

/* Options */

/* @list, the sizes of --n or --connections, into @sizes. */
static gboolean
parse_sizes (const char  *list,
             const char  *option,
             guint64      max,
             GArray      *sizes,
             GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (list == NULL)
    return TRUE;

  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, max, &n, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s takes sizes from 1 to %" G_GUINT64_FORMAT ", separated by commas, not “%s”",
                       option, max, parts[i]);
          return FALSE;
        }
      g_array_append_val (sizes, n);
    }

  return TRUE;
}

static gboolean
system_selected (LlBench    *b,
                 const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (b->systems == NULL)
    return TRUE;

  parts = g_strsplit (b->systems, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (g_strstrip (parts[i]), name))
      return TRUE;

  return FALSE;
}

static gboolean
check_systems (LlBench *b,
               GError **error)
{
  g_auto(GStrv) parts = NULL;

  if (b->systems == NULL)
    return TRUE;

  parts = g_strsplit (b->systems, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < b->info->n_systems; j++)
        if (g_str_equal (g_strstrip (parts[i]), b->info->systems[j].name))
          known = TRUE;

      if (!known)
        {
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint j = 0; j < b->info->n_systems; j++)
            g_string_append_printf (names, "%s%s", j > 0 ? ", " : "", b->info->systems[j].name);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "“%s” is not a system of %s (%s)", parts[i], b->info->name, names->str);
          return FALSE;
        }
    }

  return TRUE;
}

/* One series per selected system of @info and size, in the order they
 * are reported; a missing peer is said once, not once per size. */
static void
add_series (LlBench           *b,
            const LlBenchInfo *info,
            GArray            *sizes)
{
  for (guint k = 0; k < MAX (sizes->len, 1); k++)
    for (guint i = 0; i < info->n_systems; i++)
      {
        const LlBenchSystem *sys = &info->systems[i];
        guint64 n = sizes->len > 0 ? g_array_index (sizes, guint64, k) : sys->default_n;
        LlBenchSeries *series;

        if (!system_selected (b, sys->name))
          continue;

        series = ll_bench_series_new (info, sys, n);
        ll_bench_locate (b, series);
        if (series->missing != NULL && k == 0)
          g_printerr ("bench: %s is missing: %s; it is reported as missing\n",
                      sys->name, series->missing);
        g_ptr_array_add (b->series, series);
      }
}

static void
bench_clear (LlBench *b)
{
  g_free (b->n_list);
  g_free (b->systems);
  g_free (b->markdown);
  g_free (b->peers);
  g_free (b->python);
  g_free (b->node);
  g_free (b->child);
  g_free (b->wrk);
  g_free (b->connections);
  g_clear_pointer (&b->series, g_ptr_array_unref);
  g_free (b->wrk_path);
  g_free (b->wrk_version);
  g_free (b->taskset_path);
  g_free (b->client_missing);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LlBench, bench_clear)

static int
run_child (LlBench *b)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  if (b->info->kind != LL_BENCH_SLEEPERS || b->n_list == NULL ||
      !g_ascii_string_to_unsigned (b->n_list, 10, 0, 100000000, &n, NULL))
    {
      g_printerr ("looplab-cli: bench --child runs one sleepers workload of one --n\n");
      return 2;
    }

  if (!ll_bench_sleepers_child (b->child, n, (guint64) b->seed, (guint) b->max_ms, json, &error))
    {
      g_printerr ("looplab-cli: %s\n", error->message);
      return error->domain == G_OPTION_ERROR ? 2 : 1;
    }

  g_print ("%s\n", json->str);

  return 0;
}

/* The options of the server benchmark, which the others ignore (as
 * they ignore --max-sleep): tests/bench/run gives its options to all. */
static gboolean
check_server_options (LlBench  *b,
                      GError  **error)
{
  gboolean server = b->info->kind == LL_BENCH_SERVER;

  if (!server)
    {
      g_clear_pointer (&b->connections, g_free);
      return TRUE;
    }
  if (b->n_list != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "bench server takes --connections, not --n");
      return FALSE;
    }
  if (b->seconds < 0)
    b->seconds = 10;
  if (b->seconds == 0 || b->seconds > 3600 || b->idle < -1 || b->idle > 1000000)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--seconds takes 1 to 3600, --idle 0 to 1000000");
      return FALSE;
    }

  return TRUE;
}

/**
 * ll_bench_main:
 * @argc: the number of arguments, `bench` first
 * @argv: (array length=argc): the arguments
 *
 * Runs `looplab-cli bench send|switch|sleepers|server [OPTIONS]`: one benchmark,
 * our system and its peers interleaved run by run, then prints a table
 * of medians with min and max and the ratios against the targets (or,
 * with `--json`, one JSON array of records).  Progress goes to standard
 * error.
 *
 * Returns: the exit status: 0, 1 if a system failed, 2 for bad usage
 */
int
ll_bench_main (int    argc,
               char **argv)
{
  g_auto(LlBench) b = { 0, };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) then_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  gboolean failed = FALSE;
  const GOptionEntry entries[] = {
    { "n", 'n', 0, G_OPTION_ARG_STRING, &b.n_list,
      N_("Operations per run for every system (default: per system), or sleepers sizes separated by commas"), "N[,N…]" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &b.runs, N_("Runs per system (1 to 1000; 5 by default)"), "RUNS" },
    { "systems", 's', 0, G_OPTION_ARG_STRING, &b.systems,
      N_("Only these systems, separated by commas"), "LIST" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &b.json, N_("Print one JSON array of records"), NULL },
    { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &b.markdown,
      N_("Also write the tables as Markdown to FILE"), "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &b.seed,
      N_("Seed of the random sleeps of the first run; run k uses SEED+k (0 or more; 1 by default)"), "SEED" },
    { "max-sleep", 0, 0, G_OPTION_ARG_INT, &b.max_ms,
      N_("Longest random sleep in ms (0 to 3600000; 1000 by default)"), "MS" },
    { "peers", 0, 0, G_OPTION_ARG_FILENAME, &b.peers,
      N_("Directory of the peer scripts (default: tests/bench of the source tree)"), "DIR" },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &b.python,
      N_("The Python interpreter (default /usr/bin/python3, else python3 in PATH)"), "PATH" },
    { "node", 0, 0, G_OPTION_ARG_FILENAME, &b.node,
      N_("The Node.js interpreter (default node or nodejs in PATH)"), "PATH" },
    { "connections", 0, 0, G_OPTION_ARG_STRING, &b.connections,
      N_("bench server: wrk's connections, one size after another (default 100,1000)"), "N[,N…]" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &b.seconds,
      N_("bench server: how long wrk loads each server per run, in seconds (1 to 3600; 10 by default)"), "S" },
    { "idle", 0, 0, G_OPTION_ARG_INT, &b.idle,
      N_("bench server: idle connections our server holds, then (0 to 1000000, 0 for none; 10000 by default)"), "N" },
    { "wrk", 0, 0, G_OPTION_ARG_FILENAME, &b.wrk,
      N_("bench server: the load generator (default wrk in PATH)"), "PATH" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &b.child, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  b.runs = 5;
  b.seed = 1;
  b.max_ms = 1000;
  b.seconds = -1;
  b.idle = -1;

  context = g_option_context_new ("send|switch|sleepers|server");
  g_option_context_set_summary (context,
    _("Runs one benchmark, our coroutines and their peers side by side:\n"
      "  send      B1 send/yield round trip: looplab, cpython, threads\n"
      "  switch    B2 scheduled switch: looplab, asyncio\n"
      "  sleepers  B3 a million sleepers: looplab, asyncio, node, glib-timeouts\n"
      "            (default sizes 10000,100000,1000000)\n"
      "  server    looplab-cli serve under wrk: looplab, aiohttp, node, libsoup,\n"
      "            gio-callbacks, looplab-workers-2 (at 100 and 1000 connections);\n"
      "            then 10000 idle connections held by looplab"));
  g_option_context_set_description (context, _("Example:\n  looplab-cli bench send --runs 3"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  /* GOption names the command after argv[0] in --help. */
  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("looplab-cli bench");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      ll_print_usage_error ("looplab-cli bench", error->message);
      return 2;
    }

  if (g_strv_length (args) != 2)
    {
      ll_print_usage_error ("looplab-cli bench", "name one benchmark: send, switch, sleepers or server");
      return 2;
    }

  b.info = ll_bench_info_lookup (args[1]);
  if (b.info == NULL)
    {
      g_autofree char *message = g_strdup_printf ("unknown benchmark “%s” (send, switch, sleepers or server)", args[1]);

      ll_print_usage_error ("looplab-cli bench", message);
      return 2;
    }

  if (b.max_ms < 0 || b.max_ms > 3600000 || b.seed < 0)
    {
      ll_print_usage_error ("looplab-cli bench", "--max-sleep takes 0 to 3600000 ms, --seed a number ≥ 0");
      return 2;
    }

  if (b.child != NULL)
    return run_child (&b);

  if (b.runs < 1 || b.runs > 1000)
    {
      ll_print_usage_error ("looplab-cli bench", "--runs takes 1 to 1000");
      return 2;
    }

  if (!check_server_options (&b, &error) ||
      !parse_sizes (b.n_list, "--n", 100000000, sizes, &error) ||
      !parse_sizes (b.connections, "--connections", 100000, sizes, &error) ||
      !check_systems (&b, &error))
    {
      ll_print_usage_error ("looplab-cli bench", error->message);
      return 2;
    }

  if (b.info->sizes != NULL && sizes->len == 0)
    g_array_append_vals (sizes, b.info->sizes, b.info->n_sizes);
  if (b.info->sizes == NULL && sizes->len > 1)
    {
      g_autofree char *message = g_strdup_printf ("%s takes one --n", b.info->name);

      ll_print_usage_error ("looplab-cli bench", message);
      return 2;
    }

  /* The part that runs next: the server's idle connections, --idle many. */
  if (b.info->then != NULL && b.idle != 0)
    {
      if (b.idle > 0)
        {
          guint64 idle = (guint64) b.idle;

          g_array_append_val (then_sizes, idle);
        }
      else
        g_array_append_vals (then_sizes, b.info->then->sizes, b.info->then->n_sizes);
    }

  b.series = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_bench_series_free);
  add_series (&b, b.info, sizes);
  if (then_sizes->len > 0)
    add_series (&b, b.info->then, then_sizes);
  failed = !ll_bench_measure_all (&b, b.info, sizes);
  if (then_sizes->len > 0)
    failed = !ll_bench_measure_all (&b, b.info->then, then_sizes) || failed;

  if (b.json)
    {
      g_autofree char *json = ll_bench_build_json (&b);

      g_print ("%s", json);
    }
  else
    {
      ll_bench_print_human (&b);
    }

  if (b.markdown != NULL)
    {
      g_autofree char *md = ll_bench_build_markdown (&b);

      if (!g_file_set_contents (b.markdown, md, -1, &error))
        {
          g_printerr ("looplab-cli bench: %s\n", error->message);
          return 1;
        }
    }

  return failed ? 1 : 0;
}
