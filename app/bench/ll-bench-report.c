/* ll-bench-report.c: the progress lines and the three reports
 *
 * The same figures three ways: a table for the terminal, one JSON array
 * of records (`--json`, which tests/bench/run keeps and
 * tests/unit/test-bench.c checks), and Markdown (`--markdown FILE`, which
 * docs/benchmarks.md quotes).  Each shows the median, min and max of
 * every figure of the benchmark's table, then what the targets say; a
 * benchmark of several sizes (the sleepers, the server's connections)
 * has a table per size, and the part it runs next (the server's idle
 * connections) tables of its own after them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <string.h>

#include "ll-bench-format.h"
#include "ll-bench-json.h"
#include "ll-bench-report.h"
#include "ll-bench-stats.h"
#include "ll-bench-targets.h"

#define SYSTEM_WIDTH  14   /* at least */
#define SUMMARY_WIDTH 34   /* the one figure of a benchmark per operation */
#define FIGURE_WIDTH  26   /* each figure of a benchmark of sizes but the last */

static double
last_value (LlBenchSeries *series,
            LlBenchMetric  metric,
            double         scale)
{
  GArray *values = series->values[metric];

  return g_array_index (values, double, values->len - 1) / scale;
}

/**
 * ll_bench_print_progress:
 * @b: the invocation
 * @series: the series that just ran
 * @run: the run, from 0
 *
 * Prints @series's figures of @run to standard error.
 */
void
ll_bench_print_progress (LlBench       *b,
                         LlBenchSeries *series,
                         guint          run)
{
  const LlBenchInfo *info = series->info;
  const LlBenchFigure *figures = info->figures;
  g_autofree char *value = ll_bench_format_number (last_value (series, figures[0].metric, figures[0].scale));

  if (info->kind == LL_BENCH_SERVER)
    {
      g_autofree char *p50 = ll_bench_format_number (last_value (series, LL_BENCH_METRIC_P50, 1));
      g_autofree char *p99 = ll_bench_format_number (last_value (series, LL_BENCH_METRIC_P99, 1));
      g_autofree char *max = ll_bench_format_number (last_value (series, LL_BENCH_METRIC_MAX, 1));

      g_printerr ("bench: %s c=%" G_GUINT64_FORMAT " run %u/%d %s: %s req/s, p50 %s ms, p99 %s ms, "
                  "max %s ms, wrk %.0f %% of a core, %.0f errors\n",
                  info->name, series->n, run + 1, b->runs, series->sys->name, value, p50, p99, max,
                  last_value (series, LL_BENCH_METRIC_CLIENT_CPU, 1),
                  last_value (series, LL_BENCH_METRIC_ERRORS, 1));
    }
  else if (info->kind == LL_BENCH_SERVER_IDLE)
    {
      g_autofree char *before = ll_bench_format_number (last_value (series, LL_BENCH_METRIC_RSS_BEFORE, 1024));
      g_autofree char *held = ll_bench_format_number (last_value (series, LL_BENCH_METRIC_RSS, 1024));
      g_autofree char *fresh = ll_bench_format_number (last_value (series, LL_BENCH_METRIC_NEW_CLIENT, 1));

      g_printerr ("bench: %s n=%" G_GUINT64_FORMAT " run %u/%d %s: %.2f KiB per connection "
                  "(RSS %s MiB, then %s MiB), a new client answered in %s ms\n",
                  info->name, series->n, run + 1, b->runs, series->sys->name,
                  last_value (series, LL_BENCH_METRIC_MAIN, 1024), before, held, fresh);
    }
  else if (info->kind == LL_BENCH_SLEEPERS)
    {
      g_autofree char *rss = ll_bench_format_number (last_value (series, figures[1].metric, figures[1].scale));
      g_autofree char *p99 = ll_bench_format_number (last_value (series, figures[2].metric, figures[2].scale));
      g_autofree char *max = ll_bench_format_number (last_value (series, figures[3].metric, figures[3].scale));

      g_printerr ("bench: %s n=%" G_GUINT64_FORMAT " run %u/%d %s: %s s, %s MB, probe p99 %s ms, max %s ms\n",
                  info->name, series->n, run + 1, b->runs, series->sys->name,
                  value, rss, p99, max);
    }
  else
    {
      g_printerr ("bench: %s run %u/%d %s: %s %s (n=%" G_GUINT64_FORMAT ")\n",
                  info->name, run + 1, b->runs, series->sys->name, value,
                  figures[0].unit, series->n);
    }
}

/* The machine */

static char *
read_cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown CPU");

  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }

  return g_strdup ("unknown CPU");
}

/* The CPU, the system, every interpreter or peer that ran, once each,
 * and wrk if it loaded them. */
static char *
describe_machine (LlBench *b)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *cpu = read_cpu_model ();
  g_autofree char *debian = NULL;

  g_string_append_printf (s, "%u CPUs (%s)", g_get_num_processors (), cpu);
  if (g_file_get_contents ("/etc/debian_version", &debian, NULL, NULL))
    g_string_append_printf (s, ", Debian %s", g_strstrip (debian));
  g_string_append_printf (s, ", GLib %u.%u.%u",
                          glib_major_version, glib_minor_version, glib_micro_version);

  for (guint i = 0; i < b->series->len; i++)
    {
      LlBenchSeries *series = g_ptr_array_index (b->series, i);
      gboolean seen = FALSE;

      if (series->version == NULL)
        continue;
      for (guint j = 0; j < i; j++)
        {
          LlBenchSeries *other = g_ptr_array_index (b->series, j);

          if (g_strcmp0 (other->version, series->version) == 0)
            seen = TRUE;
        }
      if (!seen && series->sys->runner != LL_BENCH_RUN_CHILD)
        g_string_append_printf (s, ", %s (%s)", series->version, series->program);
    }
  if (b->wrk_version != NULL)
    g_string_append_printf (s, ", %s (%s)", b->wrk_version, b->wrk_path);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The cells of a table */

/* "missing: why" or "FAILED: how" (@failed is how the report spells it). */
static char *
format_status (LlBenchSeries *series,
               const char    *failed)
{
  return g_strdup_printf ("%s: %s", series->missing != NULL ? "missing" : failed,
                          ll_bench_series_get_status (series));
}

/* Each figure's summary, the last one unpadded. */
static char *
format_figures (LlBenchSeries *series,
                const char    *separator,
                guint          width)
{
  const LlBenchInfo *info = series->info;
  g_autoptr(GString) row = g_string_new (NULL);

  for (guint f = 0; f < info->n_figures; f++)
    {
      const LlBenchFigure *figure = &info->figures[f];
      g_autofree char *summary = ll_bench_format_summary (series->values[figure->metric],
                                                          figure->scale, figure->whole);
      g_autofree char *padded = ll_bench_pad (summary, f + 1 < info->n_figures ? width : 0);

      g_string_append_printf (row, "%s%s", f > 0 ? separator : "", padded);
    }

  return g_string_free (g_steal_pointer (&row), FALSE);
}

/* The first column's width: the longest name of @info's systems. */
static int
system_width (const LlBenchInfo *info)
{
  gsize width = SYSTEM_WIDTH;

  for (guint i = 0; i < info->n_systems; i++)
    width = MAX (width, strlen (info->systems[i].name) + 1);

  return (int) width;
}

static void
append_lines (GString    *out,
              GPtrArray  *lines,
              const char *bullet)
{
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s%s\n", bullet, (char *) g_ptr_array_index (lines, i));
}

/* The terminal */

static void
append_human_per_operation (GString *out,
                            LlBench *b)
{
  g_autoptr(GPtrArray) lines = ll_bench_get_verdicts (b, b->info, 0);

  g_string_append_printf (out, "\n  %-*s %12s   %-*s %s\n", SYSTEM_WIDTH, "system", "n",
                          SUMMARY_WIDTH, b->info->figures[0].heading, "what");
  for (guint i = 0; i < b->series->len; i++)
    {
      LlBenchSeries *series = g_ptr_array_index (b->series, i);
      g_autofree char *n = ll_bench_format_count (series->n);
      g_autofree char *cells = NULL;
      g_autofree char *padded = NULL;

      if (ll_bench_series_get_status (series) != NULL)
        {
          cells = format_status (series, "FAILED");
          g_string_append_printf (out, "  %-*s %12s   %s\n", SYSTEM_WIDTH, series->sys->name, n, cells);
          continue;
        }
      cells = format_figures (series, " ", 0);
      padded = ll_bench_pad (cells, SUMMARY_WIDTH);
      g_string_append_printf (out, "  %-*s %12s   %s %s\n", SYSTEM_WIDTH, series->sys->name,
                              n, padded, series->sys->what);
    }
  g_string_append_c (out, '\n');
  append_lines (out, lines, "  ");
  g_string_append_c (out, '\n');
}

/* A table per size of @info, each with its verdicts, then what each
 * system is. */
static void
append_human_by_size (GString           *out,
                      LlBench           *b,
                      const LlBenchInfo *info)
{
  g_autoptr(GArray) sizes = ll_bench_get_sizes (b, info);
  int width = system_width (info);

  for (guint k = 0; k < sizes->len; k++)
    {
      guint64 n = g_array_index (sizes, guint64, k);
      g_autofree char *count = ll_bench_format_count (n);
      g_autoptr(GPtrArray) lines = ll_bench_get_verdicts (b, info, n);

      g_string_append_printf (out, "\nN = %s %s\n  %-*s", count, info->counted, width, "system");
      for (guint f = 0; f < info->n_figures; f++)
        g_string_append_printf (out, " %-*s", f + 1 < info->n_figures ? FIGURE_WIDTH : 0,
                                info->figures[f].heading);
      g_string_append_c (out, '\n');

      for (guint i = 0; i < b->series->len; i++)
        {
          LlBenchSeries *series = g_ptr_array_index (b->series, i);
          g_autofree char *cells = NULL;

          if (series->info != info || series->n != n)
            continue;
          if (ll_bench_series_get_status (series) != NULL)
            cells = format_status (series, "FAILED");
          else
            cells = format_figures (series, " ", FIGURE_WIDTH);
          g_string_append_printf (out, "  %-*s %s\n", width, series->sys->name, cells);
        }
      g_string_append_c (out, '\n');
      append_lines (out, lines, "  ");
    }

  g_string_append_c (out, '\n');
  for (guint i = 0; i < info->n_systems; i++)
    g_string_append_printf (out, "  %-*s %s\n", width, info->systems[i].name,
                            info->systems[i].what);
  g_string_append_c (out, '\n');
}

/* JSON */

static void
append_record (GString             *out,
               LlBenchSeries       *series,
               const LlBenchFigure *figure)
{
  const char *status = ll_bench_series_get_status (series);

  if (out->len > 1)
    g_string_append (out, ",\n ");
  g_string_append (out, "{\"bench\": ");
  ll_bench_json_append_string (out, figure->record != NULL ? figure->record : series->info->name);
  g_string_append (out, ", \"system\": ");
  ll_bench_json_append_string (out, series->sys->name);
  g_string_append_printf (out, ", \"n\": %" G_GUINT64_FORMAT, series->n);

  if (status != NULL)
    {
      g_string_append (out, ", \"median\": null, \"min\": null, \"max\": null, \"unit\": ");
      ll_bench_json_append_string (out, figure->unit);
      g_string_append (out, series->missing != NULL ? ", \"missing\": true, \"reason\": "
                                                    : ", \"error\": ");
      ll_bench_json_append_string (out, status);
    }
  else
    {
      GArray *values = series->values[figure->metric];
      LlBenchSummary s = ll_bench_summarize (values);

      g_string_append (out, ", \"median\": ");
      ll_bench_json_append_number (out, s.median);
      g_string_append (out, ", \"min\": ");
      ll_bench_json_append_number (out, s.min);
      g_string_append (out, ", \"max\": ");
      ll_bench_json_append_number (out, s.max);
      g_string_append (out, ", \"unit\": ");
      ll_bench_json_append_string (out, figure->unit);
      g_string_append_printf (out, ", \"runs\": %u", values->len);
    }
  g_string_append_c (out, '}');
}

/**
 * ll_bench_build_json:
 * @b: the invocation, measured
 *
 * Returns: (transfer full): one JSON array with a record per series and
 *   figure, in raw units
 */
char *
ll_bench_build_json (LlBench *b)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < b->series->len; i++)
    {
      LlBenchSeries *series = g_ptr_array_index (b->series, i);

      for (guint f = 0; f < series->info->n_figures; f++)
        append_record (out, series, &series->info->figures[f]);
    }
  g_string_append (out, "]\n");

  return g_string_free (out, FALSE);
}

/* Markdown */

static void
append_markdown_per_operation (GString *md,
                               LlBench *b)
{
  g_autoptr(GPtrArray) lines = ll_bench_get_verdicts (b, b->info, 0);

  g_string_append_printf (md, "| system | what | n | %s |\n|---|---|---:|---:|\n",
                          b->info->figures[0].heading);
  for (guint i = 0; i < b->series->len; i++)
    {
      LlBenchSeries *series = g_ptr_array_index (b->series, i);
      g_autofree char *n = ll_bench_format_count (series->n);
      g_autofree char *cells = NULL;

      if (ll_bench_series_get_status (series) != NULL)
        cells = format_status (series, "failed");
      else
        cells = format_figures (series, " | ", 0);
      g_string_append_printf (md, "| %s | %s | %s | %s |\n",
                              series->sys->name, series->sys->what, n, cells);
    }
  g_string_append_c (md, '\n');
  append_lines (md, lines, "- ");
  g_string_append_c (md, '\n');
}

/* What each system of @info is, then a table per size, each with its
 * verdicts. */
static void
append_markdown_by_size (GString           *md,
                         LlBench           *b,
                         const LlBenchInfo *info)
{
  g_autoptr(GArray) sizes = ll_bench_get_sizes (b, info);

  for (guint i = 0; i < info->n_systems; i++)
    g_string_append_printf (md, "- `%s`: %s\n", info->systems[i].name, info->systems[i].what);
  g_string_append_c (md, '\n');

  for (guint k = 0; k < sizes->len; k++)
    {
      guint64 n = g_array_index (sizes, guint64, k);
      g_autofree char *count = ll_bench_format_count (n);
      g_autoptr(GPtrArray) lines = ll_bench_get_verdicts (b, info, n);

      g_string_append_printf (md, "N = %s %s:\n\n| system |", count, info->counted);
      for (guint f = 0; f < info->n_figures; f++)
        g_string_append_printf (md, " %s |", info->figures[f].heading);
      g_string_append (md, "\n|---|");
      for (guint f = 0; f < info->n_figures; f++)
        g_string_append (md, "---:|");
      g_string_append_c (md, '\n');

      for (guint i = 0; i < b->series->len; i++)
        {
          LlBenchSeries *series = g_ptr_array_index (b->series, i);

          if (series->info != info || series->n != n)
            continue;
          if (ll_bench_series_get_status (series) != NULL)
            {
              g_autofree char *status = format_status (series, "failed");

              g_string_append_printf (md, "| %s | %s |", series->sys->name, status);
              for (guint f = 1; f < info->n_figures; f++)
                g_string_append (md, " |");
              g_string_append_c (md, '\n');
            }
          else
            {
              g_autofree char *cells = format_figures (series, " | ", 0);

              g_string_append_printf (md, "| %s | %s |\n", series->sys->name, cells);
            }
        }
      g_string_append_c (md, '\n');
      append_lines (md, lines, "- ");
      g_string_append_c (md, '\n');
    }
}

/* The reports */

/* The heading, then the tables and verdicts of the benchmark's kind. */
static char *
build_report (LlBench  *b,
              gboolean  markdown)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *machine = describe_machine (b);
  const char *title = b->info->title;
  const char *plural = b->runs == 1 ? "" : "s";
  gboolean by_size = b->info->kind != LL_BENCH_PER_OPERATION;

  if (markdown)
    g_string_append_printf (out, "### %s\n\nMedian [min–max] of %d run%s. Machine: %s.\n\n",
                            title, b->runs, plural, machine);
  else
    g_string_append_printf (out, "%s: median [min–max] of %d run%s\nmachine: %s\n",
                            title, b->runs, plural, machine);

  if (by_size && markdown)
    append_markdown_by_size (out, b, b->info);
  else if (by_size)
    append_human_by_size (out, b, b->info);
  else if (markdown)
    append_markdown_per_operation (out, b);
  else
    append_human_per_operation (out, b);

  /* The part run next, if it ran: its own heading and tables. */
  if (b->info->then != NULL && ll_bench_find_series (b, b->info->then, b->info->then->systems[0].name, 0) != NULL)
    {
      if (markdown)
        {
          g_string_append_printf (out, "#### %s\n\n", b->info->then->title);
          append_markdown_by_size (out, b, b->info->then);
        }
      else
        {
          g_string_append_printf (out, "%s\n", b->info->then->title);
          append_human_by_size (out, b, b->info->then);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ll_bench_print_human:
 * @b: the invocation, measured
 *
 * Prints the tables and the verdicts for the terminal.
 */
void
ll_bench_print_human (LlBench *b)
{
  g_autofree char *report = build_report (b, FALSE);

  g_print ("%s", report);
}

/**
 * ll_bench_build_markdown:
 * @b: the invocation, measured
 *
 * Returns: (transfer full): the tables and the verdicts as Markdown
 */
char *
ll_bench_build_markdown (LlBench *b)
{
  return build_report (b, TRUE);
}
