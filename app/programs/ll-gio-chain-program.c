/* ll-gio-chain-program.c: "The two-way message", an async file copy, headless
 *
 * Copies a file with the model of ll-copy-model.c, chunk by chunk, with
 * g_input_stream_read_async() and g_output_stream_write_async(), and
 * prints the figures: how many bytes in how many chunks, how fast, and
 * the SHA-256 of the source and of the copy, both read back from the disk
 * once the copy is complete (--no-verify leaves them out, for timing the
 * copy alone against cp).
 *
 *   looplab-cli run gio-chain [--size MIB] [--chunk KIB]
 *                             [--style callbacks|coroutine] [--trace] [--keep]
 *                             [--no-verify]
 *                             [SRC DST]
 *
 * Without SRC and DST it copies the sample file of --size MiB (made on
 * first use) to the cache folder, and deletes the copy afterwards unless
 * --keep.  `--trace` prints each message of the round trips as it
 * happens, with no timing in it, so that a transcript is the same on
 * every run:
 *
 *   request read #1 1048576
 *   complete read #1 1048576
 *   finish read #1 1048576
 *   resume #1 1048576
 *   request write #1
 *   complete write #1 1048576
 *   ...
 *
 * On the virtual clock (the tests') no time passes while the disk works,
 * so the line with the time and the speed is left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-gio-chain-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-gio-chain-program.h"
#include "ll-programs.h"
#include "ll-sample-file.h"
#include "ll-sim-program.h"

/* Plain spaces, unlike the no-break space of g_format_size(): the
 * transcripts are matched by tests and scripts. */
static char *
format_bytes (guint64 bytes)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (bytes >= LL_MIB)
    return g_strdup_printf ("%s MiB", g_ascii_formatd (buffer, sizeof buffer, "%.1f", bytes / (double) LL_MIB));
  if (bytes >= 1024)
    return g_strdup_printf ("%s KiB", g_ascii_formatd (buffer, sizeof buffer, "%.1f", bytes / 1024.0));

  return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
}

static gboolean
parse_style (const char   *text,
             LlCopyStyle  *style,
             GError      **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (LL_TYPE_COPY_STYLE);
  GEnumValue *value = g_enum_get_value_by_nick (klass, text);

  if (value == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--style takes callbacks or coroutine, not “%s”"), text);
      return FALSE;
    }

  *style = value->value;

  return TRUE;
}

typedef struct
{
  gboolean  done;
  gboolean  generated;
  GError   *error;
} Ensure;

static void
sample_ensured (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Ensure *ensure = user_data;

  ll_sample_file_ensure_finish (G_FILE (source_object), result, &ensure->generated, &ensure->error);
  ensure->done = TRUE;
}

/* The sample file of @size, made in a worker thread if it is missing,
 * and where its copy goes. */
static gboolean
prepare_sample (GOutputStream  *out,
                GMainContext   *context,
                guint64         size,
                GFile         **source,
                GFile         **destination,
                GError        **error)
{
  g_autoptr(GFile) sample = ll_sample_file_get_default (size);
  g_autofree char *size_text = format_bytes (size);
  Ensure ensure = { 0 };

  ll_sample_file_ensure_async (sample, size, G_PRIORITY_DEFAULT, NULL, NULL, NULL,
                               sample_ensured, &ensure);
  while (!ensure.done)
    g_main_context_iteration (context, TRUE);

  if (ensure.error != NULL)
    {
      g_propagate_error (error, ensure.error);
      return FALSE;
    }

  if (ensure.generated)
    ll_print (out, _("Generated the %s sample file %s.\n"), size_text, g_file_peek_path (sample));
  else
    ll_print (out, _("Using the %s sample file %s.\n"), size_text, g_file_peek_path (sample));

  *destination = ll_copy_default_destination (sample);
  *source = g_steal_pointer (&sample);

  return TRUE;
}

static void
print_intro (GOutputStream *out,
             LlCopyModel   *model,
             GFile         *source,
             GFile         *destination)
{
  g_autofree char *from = g_file_get_parse_name (source);
  g_autofree char *to = g_file_get_parse_name (destination);
  g_autofree char *chunk = format_bytes (ll_copy_model_get_chunk_size (model));
  LlCopyStyle style = ll_copy_model_get_style (model);

  if (style == LL_COPY_STYLE_CALLBACKS)
    ll_print (out, _("Copying %s to %s in chunks of %s, as a chain of callbacks (%s).\n"),
              from, to, chunk, ll_copy_style_get_source (style));
  else
    ll_print (out, _("Copying %s to %s in chunks of %s, as a coroutine (%s).\n"),
              from, to, chunk, ll_copy_style_get_source (style));
}

static void
print_figures (GOutputStream *out,
               LlCopyModel   *model,
               gboolean       timed)
{
  guint64 bytes = ll_copy_model_get_bytes_copied (model);
  guint n_chunks = ll_copy_model_get_n_chunks (model);
  gint64 duration = ll_copy_model_get_duration (model);
  g_autofree char *size = format_bytes (bytes);
  char speed[G_ASCII_DTOSTR_BUF_SIZE];

  ll_print (out, ngettext ("Copied %s (%llu bytes) in %u chunk.\n",
                           "Copied %s (%llu bytes) in %u chunks.\n", n_chunks),
            size, (unsigned long long) bytes, n_chunks);

  if (timed && duration > 0)
    {
      g_autofree char *seconds = ll_sim_format_seconds (duration);

      g_ascii_formatd (speed, sizeof speed, "%.1f",
                       bytes / (double) LL_MIB / (duration / (double) G_TIME_SPAN_SECOND));
      ll_print (out, _("In %s s: %s MiB/s.\n"), seconds, speed);
    }

  if (ll_copy_model_get_copy_checksum (model) == NULL)
    return;

  ll_print (out, _("SHA-256 of the source: %s\n"), ll_copy_model_get_source_checksum (model));
  ll_print (out, _("SHA-256 of the copy:   %s\n"), ll_copy_model_get_copy_checksum (model));
  if (ll_copy_model_get_identical (model))
    ll_print (out, "%s\n", _("The copy is identical to the source."));
  else
    ll_print (out, "%s\n", _("The copy differs from the source."));
}

gboolean
ll_gio_chain_program_run (int             argc,
                          char          **argv,
                          GOutputStream  *out,
                          GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlCopyModel) model = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autofree char *style_name = NULL;
  LlCopyStyle style = LL_COPY_STYLE_CALLBACKS;
  int size_mib = -1;   /* -1: not given */
  int chunk_kib = LL_COPY_DEFAULT_CHUNK / 1024;
  gboolean trace = FALSE;
  gboolean keep = FALSE;
  gboolean no_verify = FALSE;
  guint n_args;
  const GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_INT, &size_mib,
      N_("Size of the sample file to copy when no SRC is given, in MiB (1 to 1024; 256 by default)"), N_("MIB") },
    { "chunk", 0, 0, G_OPTION_ARG_INT, &chunk_kib,
      N_("Bytes per read, in KiB (1 to 65536; 4096 by default)"), N_("KIB") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style_name,
      N_("How the copy is written: callbacks or coroutine (callbacks by default)"), N_("STYLE") },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace,
      N_("Also print each message: request, complete, finish and resume of every read and write"), NULL },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep,
      N_("Keep the copy of the sample file in the cache folder (a copy to DST is always kept)"), NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify,
      N_("Do not read the files back for their SHA-256 sums: the copy alone, to time it"), NULL },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error))
    return FALSE;

  n_args = ll_sim_run_get_n_args (&run);
  if (n_args == 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("gio-chain copies SRC to DST, or the sample file when both are left out: “%s” needs a destination"),
                   run.args[1]);
      return FALSE;
    }
  if (n_args > 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("gio-chain takes two files at most, SRC and DST: unexpected “%s”"), run.args[3]);
      return FALSE;
    }
  if (n_args == 2 && size_mib != -1)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--size is the size of the sample file, which is not copied when SRC and DST are given"));
      return FALSE;
    }
  if (n_args == 2 && keep)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--keep keeps the copy of the sample file; a copy to DST is always kept"));
      return FALSE;
    }
  if (size_mib == -1)
    size_mib = (int) (LL_SAMPLE_FILE_DEFAULT_SIZE / LL_MIB);
  if (size_mib < 1 || (guint64) size_mib > LL_SAMPLE_FILE_MAX_SIZE / LL_MIB)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--size takes 1 to 1024 MiB, not %d"), size_mib);
      return FALSE;
    }
  if (chunk_kib < 1 || chunk_kib > LL_COPY_MAX_CHUNK / 1024)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--chunk takes 1 to %d KiB, not %d"), LL_COPY_MAX_CHUNK / 1024, chunk_kib);
      return FALSE;
    }
  if (style_name != NULL && !parse_style (style_name, &style, error))
    return FALSE;

  if (n_args == 2)
    {
      source = g_file_new_for_commandline_arg (run.args[1]);
      destination = g_file_new_for_commandline_arg (run.args[2]);
    }
  else if (!prepare_sample (out, run.context, (guint64) size_mib * LL_MIB, &source, &destination, error))
    {
      return FALSE;
    }

  model = ll_copy_model_new (run.scheduler);
  ll_copy_model_set_style (model, style);
  ll_copy_model_set_chunk_size (model, (guint) chunk_kib * 1024);
  ll_copy_model_set_keep_copy (model, n_args == 2 || keep);
  ll_copy_model_set_verify (model, !no_verify);
  if (trace)
    g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), out);

  print_intro (out, model, source, destination);

  ll_copy_model_start (model, source, destination);
  while (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    g_main_context_iteration (run.context, TRUE);

  if (ll_copy_model_get_error (model) != NULL)
    {
      g_propagate_error (error, g_error_copy (ll_copy_model_get_error (model)));
      return FALSE;
    }

  /* No time passes on the virtual clock while the disk works. */
  print_figures (out, model, ll_scheduler_get_clock (run.scheduler) != LL_CLOCK_VIRTUAL);

  if (ll_copy_model_get_copy_removed (model))
    ll_print (out, "%s\n", _("Deleted the copy again (--keep keeps it)."));

  return TRUE;
}
