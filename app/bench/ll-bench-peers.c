/* ll-bench-peers.c: finding the peers and child processes, running one
 *
 * The peers are Debian's interpreters running the scripts of tests/bench/,
 * and for the server the C programs built beside them; our sleepers
 * re-execute looplab-cli with the hidden `--child` option, our server is
 * `looplab-cli serve`.  A peer that measures itself prints its figures,
 * measured inside and so without interpreter start-up, as one JSON line;
 * a server is measured from outside (ll-bench-server.c), and tells its
 * version when asked with `--version`.  A peer that is not on the
 * machine is not an error: its series is reported as missing, with the
 * reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <gio/gio.h>

#include "bench/ll-bench-paths.h"
#include "ll-bench-json.h"
#include "ll-bench-peers.h"
#include "ll-bench-process.h"
#include "ll-bench-server.h"

/**
 * ll_bench_find_program:
 * @given: (nullable): the path the user gave, which must be it
 * @candidates: (array zero-terminated=1): absolute paths, or names to
 *   look up in PATH, in order of preference
 * @missing: (out): why @given will not do
 *
 * Returns: (transfer full) (nullable): the program's path; %NULL with
 *   @missing unset if no candidate is on the machine
 */
char *
ll_bench_find_program (const char  *given,
                       const char **candidates,
                       char       **missing)
{
  if (given != NULL)
    {
      if (g_file_test (given, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (given, G_FILE_TEST_IS_DIR))
        return g_strdup (given);
      *missing = g_strdup_printf ("%s is not an executable", given);
      return NULL;
    }

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      char *path;

      if (g_path_is_absolute (candidates[i]))
        {
          if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
            return g_strdup (candidates[i]);
          continue;
        }

      path = g_find_program_in_path (candidates[i]);
      if (path != NULL)
        return path;
    }

  return NULL;
}

static const char *
peer_dir (LlBench *b)
{
  const char *env;

  if (b->peers != NULL)
    return b->peers;
  env = g_getenv ("LOOPLAB_BENCH_PEERS");
  if (env != NULL && *env != '\0')
    return env;
  return LL_BENCH_DEFAULT_PEER_DIR;
}

static void
locate_script (LlBench       *b,
               LlBenchSeries *series)
{
  /* Debian's interpreter, not a version manager's shim earlier in PATH:
   * the peer is what the distribution ships. */
  static const char *pythons[] = { "/usr/bin/python3", "python3", NULL };
  static const char *nodes[] = { "node", "nodejs", NULL };
  gboolean python = series->sys->runner == LL_BENCH_RUN_PYTHON;
  g_autofree char *script = NULL;

  series->program = ll_bench_find_program (python ? b->python : b->node,
                                           python ? pythons : nodes,
                                           &series->missing);
  if (series->program == NULL)
    {
      if (series->missing == NULL)
        series->missing = g_strdup_printf ("%s not found (apt-get install -y --no-install-recommends %s)",
                                           python ? "python3" : "node",
                                           python ? "python3" : "nodejs");
      return;
    }

  script = g_build_filename (peer_dir (b), series->sys->script, NULL);
  if (!g_file_test (script, G_FILE_TEST_IS_REGULAR))
    {
      series->missing = g_strdup_printf ("peer script %s not found (pass --peers DIR)", script);
      g_clear_pointer (&series->program, g_free);
      return;
    }
  series->script = g_steal_pointer (&script);
}

/* A server peer's version, which also proves that it can run: a Python
 * peer's module may be missing, a C peer may not be built. */
static void
ask_version (LlBenchSeries *series)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  double maxrss_kib;

  g_ptr_array_add (argv, series->program);
  if (series->script != NULL)
    g_ptr_array_add (argv, series->script);
  g_ptr_array_add (argv, "--version");
  g_ptr_array_add (argv, NULL);

  out = ll_bench_run_process ((char **) argv->pdata, &maxrss_kib, &error);
  if (out == NULL)
    {
      if (series->sys->module != NULL)
        series->missing = g_strdup_printf ("%s cannot import %s (apt-get install -y --no-install-recommends %s)",
                                           series->program, series->sys->module, series->sys->package);
      else
        series->missing = g_strdup_printf ("%s --version failed: %s", series->sys->name, error->message);
      return;
    }

  series->version = g_strdup (g_strstrip (out));
}

static void
locate_program (LlBenchSeries *series)
{
  g_autofree char *path = g_build_filename (LL_BENCH_PEER_PROGRAM_DIR, series->sys->script, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      series->missing = g_strdup_printf ("%s is not built (ninja -C BUILDDIR tests/bench/%s)",
                                         path, series->sys->script);
      return;
    }
  series->program = g_steal_pointer (&path);
}

/**
 * ll_bench_locate:
 * @b: the invocation
 * @series: a series not yet run
 *
 * Fills in how to run @series, or why it cannot run (its `missing`).
 */
void
ll_bench_locate (LlBench       *b,
                 LlBenchSeries *series)
{
  switch (series->sys->runner)
    {
    case LL_BENCH_RUN_IN_PROCESS:
      break;

    case LL_BENCH_RUN_CHILD:
    case LL_BENCH_RUN_SERVE:
      series->program = g_file_read_link ("/proc/self/exe", NULL);
      if (series->program == NULL)
        series->missing = g_strdup ("cannot find looplab-cli itself (no /proc/self/exe)");
      break;

    case LL_BENCH_RUN_PYTHON:
    case LL_BENCH_RUN_NODE:
      locate_script (b, series);
      break;

    case LL_BENCH_RUN_PROGRAM:
      locate_program (series);
      break;

    default:
      g_assert_not_reached ();
    }

  if (series->info->kind != LL_BENCH_SERVER && series->info->kind != LL_BENCH_SERVER_IDLE)
    return;
  if (series->missing == NULL)
    ll_bench_server_locate_client (b, series);
  if (series->missing == NULL && series->sys->runner != LL_BENCH_RUN_SERVE)
    ask_version (series);
}

static GPtrArray *
build_argv (LlBench       *b,
            LlBenchSeries *series,
            guint64        seed)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (series->program));
  if (series->sys->runner == LL_BENCH_RUN_CHILD)
    {
      g_ptr_array_add (argv, g_strdup ("bench"));
      g_ptr_array_add (argv, g_strdup (b->info->name));
      g_ptr_array_add (argv, g_strdup_printf ("--child=%s", series->sys->name));
      g_ptr_array_add (argv, g_strdup_printf ("--n=%" G_GUINT64_FORMAT, series->n));
      g_ptr_array_add (argv, g_strdup_printf ("--seed=%" G_GUINT64_FORMAT, seed));
      g_ptr_array_add (argv, g_strdup_printf ("--max-sleep=%d", b->max_ms));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup (series->script));
      g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT, series->n));
      if (b->info->kind == LL_BENCH_SLEEPERS)
        {
          g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT, seed));
          g_ptr_array_add (argv, g_strdup_printf ("%d", b->max_ms));
        }
    }
  g_ptr_array_add (argv, NULL);

  return argv;
}

/**
 * ll_bench_run_peer:
 * @b: the invocation
 * @series: a located series whose system runs in a process
 * @seed: the run's seed
 * @maxrss_kib: (out): the process's peak resident set, in KiB
 * @error: return location for a #GError
 *
 * Runs @series's program once.  The first run's "version" becomes the
 * series's, for the machine line of the report.
 *
 * Returns: (transfer full) (nullable): the JSON object it printed
 */
GVariant *
ll_bench_run_peer (LlBench        *b,
                   LlBenchSeries  *series,
                   guint64         seed,
                   double         *maxrss_kib,
                   GError        **error)
{
  g_autoptr(GPtrArray) argv = build_argv (b, series, seed);
  g_autofree char *output = NULL;
  g_autoptr(GVariant) result = NULL;

  output = ll_bench_run_process ((char **) argv->pdata, maxrss_kib, error);
  if (output == NULL)
    return NULL;

  result = ll_bench_json_parse (g_strstrip (output), -1, error);
  if (result == NULL)
    {
      g_prefix_error (error, "%s printed no JSON figures: ", series->sys->name);
      return NULL;
    }
  if (!g_variant_is_of_type (result, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s printed JSON that is not an object", series->sys->name);
      return NULL;
    }

  if (series->version == NULL)
    g_variant_lookup (result, "version", "s", &series->version);

  return g_steal_pointer (&result);
}
