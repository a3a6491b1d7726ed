/* ll-programs.c: the table of headless programs
 *
 * Adding a program is one function in its own file plus one line here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-programs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-programs.h"
#include "ll-message-loop-program.h"
#include "ll-countdown-program.h"
#include "ll-courier-program.h"
#include "ll-hello-program.h"
#include "ll-interleave-program.h"
#include "ll-producer-consumer-program.h"
#include "ll-frozen-vs-responsive-program.h"
#include "ll-gio-chain-program.h"
#include "ll-server-program.h"
#include "ll-sax-bus-program.h"
#include "ll-pipeline-program.h"
#include "ll-environments-program.h"
#include "ll-counter-race-program.h"
#include "ll-switch-cost-program.h"

static const LlProgram programs[] = {
  { "message-loop",
    N_("An idle loop, then a handler that blocks it: lag figures and the stall the watchdog saw"),
    "--block 0.3",
    ll_message_loop_program_run },
  /* Coroutine programs (issue 3) go below this line. */
  { "producer-consumer",
    N_("A generator consumer and a producer hand control back and forth with send() and yield"),
    "",
    ll_producer_consumer_program_run },
  { "interleave",
    N_("Two coroutines on one thread, interleaved by a schedule such as AABBAB: 1 2 x y 3 z"),
    "--schedule ABABAB",
    ll_interleave_program_run },
  { "countdown",
    N_("Countdown N to 1, one line a second, sleeping without blocking the loop"),
    "3",
    ll_countdown_program_run },
  { "hello",
    N_("Hello world!, a non-blocking sleep, Awake again!: gathered tasks finish together on one thread"),
    "--tasks 2",
    ll_hello_program_run },
  { "courier",
    N_("Couriers deliver parcels from a package centre; --blocking sleeps the notes' way and stalls the thread"),
    "--parcels 15 --couriers 2 --capacity 2 --speed 25 --seed 7",
    ll_courier_program_run },
  { "frozen-vs-responsive",
    N_("Sleep, read a file, fetch, compute: blocking the loop, then without blocking it; the monitor's lag figures and stalls"),
    "--workload fetch --requests 5 --delay 0.5",
    ll_frozen_vs_responsive_program_run },
  { "gio-chain",
    N_("The two-way message: a file copied chunk by chunk with GIO's async reads and writes, as callbacks or as a coroutine"),
    "--size 16",
    ll_gio_chain_program_run },
  { "server",
    N_("The notes' single-threaded web server under a load of keep-alive clients: requests per second and latency, a line a second; --block-ms blocks its handler"),
    "--clients 10 --duration 1",
    ll_server_program_run },
  { "sax-bus",
    N_("Event dispatching: a bus feed's XML streamed through GMarkup into coroutines that keep the buses of one route and direction; --dom builds the whole tree first"),
    "--buses 2000 --count-only",
    ll_sax_bus_program_run },
  { "pipeline",
    N_("A log followed like tail -f, sent line by line through grep() into printer(); --broadcast fans out to several greps, --fan-in follows two logs"),
    "--lines 200 --pattern ply",
    ll_pipeline_program_run },
  { "environments",
    N_("One coroutine, three environments: sax-bus's chain run on the main loop, in a thread fed through a GAsyncQueue, and in a child process fed through a pipe; the same buses each time"),
    "--buses 5000",
    ll_environments_program_run },
  { "counter-race",
    N_("Shared state: a counter incremented by threads with a plain read-modify-write (updates lost), a mutex, an atomic add, and by coroutines on one thread, which lose updates only if they yield between read and write"),
    "--workers 2 --increments 100000",
    ll_counter_race_program_run },
  { "switch-cost",
    N_("The cost of a switch: a token passed round a ring of N coroutines, threads or processes, N from 2 to a million; time, memory and context switches per handoff, and the largest N each reached"),
    "--max 100 --seconds 0.1",
    ll_switch_cost_program_run },
};

const LlProgram *
ll_programs_get (guint *n_programs)
{
  if (n_programs != NULL)
    *n_programs = G_N_ELEMENTS (programs);
  return programs;
}

const LlProgram *
ll_programs_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      if (g_str_equal (programs[i].id, id))
        return &programs[i];
    }

  return NULL;
}

gboolean
ll_programs_run (const char     *id,
                 int             argc,
                 char          **argv,
                 GOutputStream  *out,
                 GError        **error)
{
  const LlProgram *program;

  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  program = ll_programs_lookup (id);
  if (program == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No program named “%s”; `looplab-cli list` shows them all"), id);
      return FALSE;
    }

  return program->run (argc, argv, out, error);
}

/**
 * ll_print:
 * @out: a #GOutputStream
 * @format: printf-style format
 *
 * Writes one formatted piece of a transcript.  Transcripts go through a
 * stream so that tests can capture them byte for byte.
 */
void
ll_print (GOutputStream *out,
          const char    *format,
          ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}
