/* ll-frozen-compare.c: "Compare side by side", one side's settings
 *
 * The first window starts a second Loop Lab process with the settings of
 * one side on its command line; the second reads them back.  Both halves
 * of that encoding are here, beside each other, so that they cannot
 * drift apart: ll_frozen_compare_spawn() writes the options that
 * ll_frozen_compare_add_options() declares and ll_frozen_compare_parse()
 * reads.  The page (ll-frozen-page.c) runs a side; the application only
 * hands the options over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-frozen-compare"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-frozen-compare.h"
#include "ll-frozen-page.h"

/* The second instance gets these: a process of its own, not a window of
 * the first.  All but --compare-mode are for the first instance to
 * write, hence hidden. */
static const GOptionEntry option_entries[] = {
  { "compare-mode", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Run one side of “Compare side by side” in a new instance: blocking, async, chunked or thread"), N_("MODE") },
  { "workload", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL, NULL, NULL },
  { "seconds", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, NULL, NULL, NULL },
  { "requests", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, NULL, NULL, NULL },
  { "delay", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, NULL, NULL, NULL },
  { "numbers", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, NULL, NULL, NULL },
  { "file", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL, NULL, NULL },
  { "start-at", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, NULL, NULL, NULL },
  { NULL }
};

/**
 * ll_frozen_compare_copy:
 * @compare: one side's settings
 *
 * Returns: (transfer full): a copy, its file name its own
 */
LlFrozenCompare *
ll_frozen_compare_copy (const LlFrozenCompare *compare)
{
  LlFrozenCompare *copy;

  g_return_val_if_fail (compare != NULL, NULL);

  copy = g_memdup2 (compare, sizeof *compare);
  copy->file = g_strdup (compare->file);

  return copy;
}

void
ll_frozen_compare_free (LlFrozenCompare *compare)
{
  if (compare == NULL)
    return;

  g_free (compare->file);
  g_free (compare);
}

/* Reading the options */

/**
 * ll_frozen_compare_add_options:
 * @application: the #GApplication
 *
 * Adds `--compare-mode` and the hidden options of one side to the
 * application's command line.
 */
void
ll_frozen_compare_add_options (GApplication *application)
{
  g_return_if_fail (G_IS_APPLICATION (application));

  g_application_add_main_option_entries (application, option_entries);
}

/**
 * ll_frozen_compare_requested:
 * @options: the application's parsed options
 *
 * Returns: whether this instance runs one side of a comparison
 */
gboolean
ll_frozen_compare_requested (GVariantDict *options)
{
  return g_variant_dict_contains (options, "compare-mode");
}

/* Reads an enum value by its nick ("blocking"), or returns FALSE. */
static gboolean
parse_nick (GType       type,
            const char *nick,
            int        *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (found == NULL)
    return FALSE;

  *value = found->value;
  return TRUE;
}

/**
 * ll_frozen_compare_parse:
 * @options: the application's parsed options
 *
 * Reads the settings of one side.
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL with a
 *   message printed if they make no sense
 */
LlFrozenCompare *
ll_frozen_compare_parse (GVariantDict *options)
{
  g_autoptr(LlFrozenCompare) compare = g_new0 (LlFrozenCompare, 1);
  const char *mode = NULL;
  const char *workload = "sleep";
  const char *file = NULL;
  double delay = LL_WORKLOAD_DEFAULT_DELAY / (double) G_TIME_SPAN_SECOND;
  int requests = LL_WORKLOAD_DEFAULT_REQUESTS;
  int kind_value = 0, mode_value = 0;

  g_variant_dict_lookup (options, "compare-mode", "&s", &mode);
  g_variant_dict_lookup (options, "workload", "&s", &workload);

  if (!parse_nick (LL_TYPE_WORKLOAD_MODE, mode, &mode_value))
    {
      g_printerr (_("looplab: --compare-mode takes blocking, async, chunked or thread, not “%s”\n"), mode);
      return NULL;
    }
  if (!parse_nick (LL_TYPE_WORKLOAD_KIND, workload, &kind_value))
    {
      g_printerr (_("looplab: --workload takes sleep, read, fetch or compute, not “%s”\n"), workload);
      return NULL;
    }
  if (!ll_workload_mode_is_supported (kind_value, mode_value))
    {
      g_printerr (_("looplab: the %s workload does not run in the %s mode\n"), workload, mode);
      return NULL;
    }

  compare->kind = kind_value;
  compare->mode = mode_value;
  compare->seconds = LL_WORKLOAD_DEFAULT_SECONDS;
  compare->start_at = g_get_real_time ();
  g_variant_dict_lookup (options, "seconds", "d", &compare->seconds);
  g_variant_dict_lookup (options, "requests", "i", &requests);
  g_variant_dict_lookup (options, "delay", "d", &delay);
  g_variant_dict_lookup (options, "numbers", "x", &compare->numbers);
  g_variant_dict_lookup (options, "file", "^&ay", &file);
  g_variant_dict_lookup (options, "start-at", "x", &compare->start_at);
  compare->file = g_strdup (file);
  compare->requests = (guint) MAX (requests, 1);
  compare->delay = (gint64) (MAX (delay, 0.0) * G_TIME_SPAN_SECOND);

  return g_steal_pointer (&compare);
}

/* Writing them */

static void
add_option (GPtrArray  *argv,
            const char *name,
            char       *value)
{
  g_ptr_array_add (argv, g_strdup (name));
  g_ptr_array_add (argv, value);
}

/**
 * ll_frozen_compare_spawn:
 * @compare: the settings of the second instance's side
 * @command: (nullable) (array zero-terminated=1): the command that
 *   starts `looplab`, to which the options are appended; %NULL for this
 *   process's own binary
 * @error: return location for a #GError
 *
 * Starts a second Loop Lab process that runs @compare's side of the
 * comparison.
 *
 * Returns: (transfer full) (nullable): the process
 */
GSubprocess *
ll_frozen_compare_spawn (const LlFrozenCompare  *compare,
                         const char * const     *command,
                         GError                **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (compare != NULL, NULL);

  if (command != NULL)
    for (guint i = 0; command[i] != NULL; i++)
      g_ptr_array_add (argv, g_strdup (command[i]));
  else
    {
      /* This very binary: the same app, another process. */
      char *program = g_file_read_link ("/proc/self/exe", NULL);

      if (program == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("Cannot find the Loop Lab program to start a second window"));
          return NULL;
        }
      g_ptr_array_add (argv, program);
    }

  add_option (argv, "--demo", g_strdup (LL_FROZEN_PAGE_DEMO_ID));
  add_option (argv, "--compare-mode", g_strdup (ll_workload_mode_to_string (compare->mode)));
  add_option (argv, "--workload", g_strdup (ll_workload_kind_to_string (compare->kind)));
  add_option (argv, "--seconds", g_strdup (g_ascii_dtostr (number, sizeof number, compare->seconds)));
  add_option (argv, "--requests", g_strdup_printf ("%u", compare->requests));
  add_option (argv, "--delay",
              g_strdup (g_ascii_dtostr (number, sizeof number, compare->delay / (double) G_TIME_SPAN_SECOND)));
  if (compare->numbers > 0)
    add_option (argv, "--numbers", g_strdup_printf ("%" G_GUINT64_FORMAT, compare->numbers));
  if (compare->file != NULL)
    add_option (argv, "--file", g_strdup (compare->file));
  add_option (argv, "--start-at", g_strdup_printf ("%" G_GINT64_FORMAT, compare->start_at));
  g_ptr_array_add (argv, NULL);

  return g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, error);
}

/* Words */

const char *
ll_frozen_compare_kind_name (LlWorkloadKind kind)
{
  switch (kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      return _("Sleep");
    case LL_WORKLOAD_KIND_READ:
      return _("Read file");
    case LL_WORKLOAD_KIND_FETCH:
      return _("Fetch");
    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      return _("Compute");
    }
}

/**
 * ll_frozen_compare_format_start:
 * @compare: one side's settings
 *
 * Returns: (transfer full): the common start on the wall clock,
 *   "14:03:05.250"
 */
char *
ll_frozen_compare_format_start (const LlFrozenCompare *compare)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (compare->start_at / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  if (time == NULL)
    return g_strdup ("?");

  seconds = g_date_time_format (time, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", seconds, (int) (compare->start_at % G_USEC_PER_SEC / 1000));
}

/**
 * ll_frozen_compare_describe:
 * @compare: one side's settings
 *
 * Returns: (transfer full): the banner of the window that runs it
 */
char *
ll_frozen_compare_describe (const LlFrozenCompare *compare)
{
  g_autofree char *when = ll_frozen_compare_format_start (compare);

  if (compare->mode == LL_WORKLOAD_MODE_BLOCKING)
    return g_strdup_printf (_("Compare side by side: this window runs %s blocking, from %s. The other window runs the same work without blocking, from the same moment."),
                            ll_frozen_compare_kind_name (compare->kind), when);

  return g_strdup_printf (_("Compare side by side: this window runs %s (%s), from %s. The other window runs the same work blocking, from the same moment."),
                          ll_frozen_compare_kind_name (compare->kind),
                          ll_workload_mode_to_string (compare->mode), when);
}
