/* ll-serve.c: `looplab-cli serve`, the single-threaded server on a process's loop
 *
 * One worker: the server runs on this process's main loop, every
 * connection a coroutine on it.  Several (`--workers N`): this process
 * only supervises.  It starts N copies of itself (`serve --worker`),
 * each one process with one loop, all listening on the same port with
 * SO_REUSEPORT so that the kernel hands each new connection to one of
 * them: the notes' "several processes, each with its own loop, to use
 * several cores".  A worker that dies is started again; Ctrl+C or
 * SIGTERM stops them all.  Each worker is told by the kernel to stop if
 * the supervisor dies (PR_SET_PDEATHSIG), so none is left behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "looplab-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "ll-http-server.h"
#include "ll-programs.h"
#include "ll-serve.h"

#define DEFAULT_PORT 8080
/* A worker that keeps dying is restarted at most this often. */
#define RESTART_PAUSE_MS 200

typedef struct
{
  GMainLoop    *loop;
  char        **worker_argv;
  GPtrArray    *workers;   /* GSubprocess, or NULL in a slot being restarted */
  gboolean      stopping;
  guint         n_restarts;
  int           status;
} Supervisor;

static gboolean
on_stop_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);

  return G_SOURCE_CONTINUE;
}

/* A worker: the server on this process's main loop until a signal. */
static int
serve_here (LlHttpServer *server,
            gboolean      quiet)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint sigint, sigterm;

  if (!ll_http_server_start (server, &error))
    {
      g_printerr ("looplab-cli: %s\n", error->message);
      return 1;
    }

  url = ll_http_server_get_url (server);
  if (!quiet)
    g_print (_("Serving on %s (one thread, one coroutine per connection). Press Ctrl+C to stop.\n"), url);

  sigint = g_unix_signal_add (SIGINT, on_stop_signal, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_stop_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  ll_http_server_stop (server);
  /* Let every connection's coroutine see its close and end. */
  while (ll_http_server_get_n_connections (server) > 0)
    g_main_context_iteration (NULL, TRUE);

  /* %llu, not G_GUINT64_FORMAT: xgettext cannot read a macro in a message. */
  g_printerr (_("Process %d: %llu requests on %llu connections.\n"),
              (int) getpid (), (unsigned long long) ll_http_server_get_n_requests (server),
              (unsigned long long) ll_http_server_get_n_accepted (server));

  return 0;
}

/* Supervising */

static void     start_worker         (Supervisor *sv,
                                      guint       slot);
static gboolean on_supervisor_signal (gpointer    user_data);

static void
child_setup (gpointer user_data)
{
  /* After fork, before exec: the worker stops when its supervisor does. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

typedef struct
{
  Supervisor *sv;
  guint       slot;
  char       *pid;    /* the process's, kept: GSubprocess forgets it at its exit */
} Slot;

static void
slot_free (Slot *slot)
{
  g_free (slot->pid);
  g_free (slot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Slot, slot_free)

static gboolean
restart_worker (gpointer user_data)
{
  Slot *slot = user_data;

  if (!slot->sv->stopping)
    start_worker (slot->sv, slot->slot);

  return G_SOURCE_REMOVE;
}

static void
on_worker_exited (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Slot) slot = user_data;
  Supervisor *sv = slot->sv;
  GSubprocess *process = G_SUBPROCESS (source_object);
  Slot *again;

  g_subprocess_wait_finish (process, result, NULL);
  g_ptr_array_index (sv->workers, slot->slot) = NULL;

  if (sv->stopping)
    {
      g_object_unref (process);
      for (guint i = 0; i < sv->workers->len; i++)
        if (g_ptr_array_index (sv->workers, i) != NULL)
          return;
      g_main_loop_quit (sv->loop);
      return;
    }

  /* Status 1 is a worker that could not listen: starting it again would
   * not help, and its message says why. */
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 1)
    {
      g_object_unref (process);
      sv->status = 1;
      on_supervisor_signal (sv);
      return;
    }

  if (g_subprocess_get_if_signaled (process))
    g_printerr (_("Worker %u (process %s) was killed by signal %d; starting it again.\n"),
                slot->slot + 1, slot->pid, g_subprocess_get_term_sig (process));
  else
    g_printerr (_("Worker %u (process %s) exited with status %d; starting it again.\n"),
                slot->slot + 1, slot->pid, g_subprocess_get_exit_status (process));
  g_object_unref (process);

  sv->n_restarts++;
  again = g_new0 (Slot, 1);
  again->sv = sv;
  again->slot = slot->slot;
  g_timeout_add_full (G_PRIORITY_DEFAULT, RESTART_PAUSE_MS, restart_worker, again,
                      (GDestroyNotify) slot_free);
}

static void
start_worker (Supervisor *sv,
              guint       slot)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  Slot *watch;

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) sv->worker_argv, &error);
  if (process == NULL)
    {
      g_printerr (_("looplab-cli: cannot start worker %u: %s\n"), slot + 1, error->message);
      sv->status = 1;
      sv->stopping = TRUE;
      g_main_loop_quit (sv->loop);
      return;
    }

  g_ptr_array_index (sv->workers, slot) = process;
  watch = g_new0 (Slot, 1);
  watch->sv = sv;
  watch->slot = slot;
  watch->pid = g_strdup (g_subprocess_get_identifier (process));
  g_subprocess_wait_async (process, NULL, on_worker_exited, watch);
}

static gboolean
on_supervisor_signal (gpointer user_data)
{
  Supervisor *sv = user_data;
  gboolean any = FALSE;

  if (sv->stopping)
    return G_SOURCE_CONTINUE;

  sv->stopping = TRUE;
  for (guint i = 0; i < sv->workers->len; i++)
    {
      GSubprocess *process = g_ptr_array_index (sv->workers, i);

      if (process != NULL)
        {
          g_subprocess_send_signal (process, SIGTERM);
          any = TRUE;
        }
    }
  if (!any)
    g_main_loop_quit (sv->loop);

  return G_SOURCE_CONTINUE;
}

/* Holds the port the workers will share while the supervisor runs: a
 * socket bound to it with SO_REUSEPORT, which never listens, so it
 * takes no connection.  Binding it first tells a port in use by another
 * server before any worker starts, and finds a free port for `--port 0`. */
static GSocket *
reserve_port (const char  *address,
              guint       *port,
              GError     **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (inet, (guint16) *port);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  if (!ll_http_socket_bind (socket, any_port, TRUE, error))
    return NULL;

  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return NULL;
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&socket);
}

static int
supervise (guint        n_workers,
           const char  *address,
           guint        port,
           guint        block_ms,
           guint        max_connections)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GSocket) reservation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  Supervisor sv = { 0 };
  guint sigint, sigterm;

  reservation = reserve_port (address != NULL ? address : "127.0.0.1", &port, &error);
  if (reservation == NULL)
    {
      g_printerr ("looplab-cli: %s\n", error->message);
      return 1;
    }

  g_ptr_array_add (argv, g_strdup (self_path != NULL ? self_path : "looplab-cli"));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--worker"));
  g_ptr_array_add (argv, g_strdup_printf ("--port=%u", port));
  g_ptr_array_add (argv, g_strdup_printf ("--block-ms=%u", block_ms));
  g_ptr_array_add (argv, g_strdup_printf ("--max-connections=%u", max_connections));
  if (address != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--bind=%s", address));
  g_ptr_array_add (argv, NULL);

  sv.loop = loop;
  sv.worker_argv = (char **) argv->pdata;
  sv.workers = g_ptr_array_new ();
  g_ptr_array_set_size (sv.workers, n_workers);

  sigint = g_unix_signal_add (SIGINT, on_supervisor_signal, &sv);
  sigterm = g_unix_signal_add (SIGTERM, on_supervisor_signal, &sv);
  for (guint i = 0; i < n_workers && !sv.stopping; i++)
    start_worker (&sv, i);

  if (!sv.stopping)
    g_print (_("Serving on http://%s:%u/ with %u worker processes, each one thread with one coroutine per connection. Press Ctrl+C to stop.\n"),
             address != NULL ? address : "127.0.0.1", port, n_workers);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  /* Waited for by their exit watches, each of which holds its process. */
  g_ptr_array_unref (sv.workers);

  return sv.status;
}

static gboolean
parse_uint (const char *text,
            guint       min,
            guint       max,
            const char *option,
            guint      *value,
            GError    **error)
{
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &parsed, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s takes a whole number from %u to %u, not “%s”"), option, min, max, text);
      return FALSE;
    }
  *value = (guint) parsed;

  return TRUE;
}

/**
 * ll_serve_main:
 * @argc: the arguments after `looplab-cli`, `serve` first
 * @argv: them
 *
 * Returns: the exit status: 0, 1 if the server could not start (the
 *   port in use), 2 for a bad option
 */
int
ll_serve_main (int    argc,
               char **argv)
{
  g_autofree char *port_text = NULL;
  g_autofree char *workers_text = NULL;
  g_autofree char *block_text = NULL;
  g_autofree char *max_text = NULL;
  g_autofree char *address = NULL;
  gboolean worker = FALSE;
  guint port = DEFAULT_PORT;
  guint n_workers = 1;
  guint block_ms = 0;
  guint max_connections = LL_HTTP_MAX_CONNECTIONS;
  guint n_cores = (guint) MAX (1, g_get_num_processors ());
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(LlScheduler) scheduler = NULL;
  g_autoptr(LlHttpServer) server = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_STRING, &port_text, N_("The port (0 to 65535, 0 for a free one; 8080 by default)"), "N" },
    { "workers", 'w', 0, G_OPTION_ARG_STRING, &workers_text, N_("Worker processes (1 to the number of cores; 1 by default)"), "N" },
    { "block-ms", 0, 0, G_OPTION_ARG_STRING, &block_text, N_("Make /hello block its thread this long, in milliseconds: the lesson of one blocking call (0 to 60000; 0 by default)"), "MS" },
    { "max-connections", 0, 0, G_OPTION_ARG_STRING, &max_text, N_("Connections served at once; beyond, 503 (1 to 1000000; 10000 by default)"), "N" },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &address, N_("127.0.0.1, ::1 or localhost (localhost, both, by default)"), "ADDRESS" },
    { "worker", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &worker, NULL, NULL },
    { NULL },
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serve the notes’ web application: GET / and GET /hello/{name}, on this machine only."));
  g_option_context_set_description (context, _("Example:\n  looplab-cli serve --port 8080 --workers 2"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  /* GOption names the command after argv[0] in --help. */
  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("looplab-cli serve");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &args, &error) ||
      (port_text != NULL && !parse_uint (port_text, 0, G_MAXUINT16, "--port", &port, &error)) ||
      (workers_text != NULL && !parse_uint (workers_text, 1, n_cores, "--workers", &n_workers, &error)) ||
      (block_text != NULL && !parse_uint (block_text, 0, 60000, "--block-ms", &block_ms, &error)) ||
      (max_text != NULL && !parse_uint (max_text, 1, 1000000, "--max-connections", &max_connections, &error)) ||
      (address != NULL && !ll_http_check_address (address, &error)))
    {
      ll_print_usage_error ("looplab-cli serve", error->message);
      return 2;
    }
  if (args[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s takes no arguments, only options: unexpected “%s”"),
                                                  "serve", args[1]);

      ll_print_usage_error ("looplab-cli serve", message);
      return 2;
    }

  if (n_workers > 1)
    return supervise (n_workers, address, port, block_ms, max_connections);

  scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  server = ll_http_server_new (scheduler);
  ll_http_server_set_address (server, address);
  ll_http_server_set_port (server, port);
  ll_http_server_set_reuse_port (server, worker);
  ll_http_server_set_block_ms (server, block_ms);
  ll_http_server_set_max_connections (server, max_connections);

  return serve_here (server, worker);
}
