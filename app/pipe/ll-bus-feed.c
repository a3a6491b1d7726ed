/* ll-bus-feed.c: a seeded bus-position feed, in the shape of Chicago's
 *
 * Each bus is a handful of draws from one GRand seeded with the caller's
 * seed (GRand is a Mersenne Twister: the same draws on every platform),
 * formatted with g_ascii_formatd() so that no locale puts a comma in a
 * latitude.  The text goes out in blocks of a megabyte: a write per bus
 * would be 200 000 system calls for the default feed.
 *
 * A file is written under a temporary name beside its target and
 * renamed once complete, so that a feed that exists is a whole one: the
 * model reuses a cached feed without checking its end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bus-feed"

#include "config.h"

#include <errno.h>
#include <fcntl.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

#include "ll-bus-feed.h"

#define WRITE_BLOCK (1024 * 1024)

/* The version of the text below: part of a cached feed's name, so that
 * a feed written by an older generator is never taken for this one's. */
#define FEED_VERSION 1

/* The route the course filters on, "22" (Clark Street), comes up about
 * once in 15 buses; the others share the rest evenly. */
#define ROUTE_22_ONE_IN 15

/* Where Chicago's buses run: from Howard Street to 130th, from the lake
 * to O'Hare. */
#define LATITUDE_MIN    41.650000
#define LATITUDE_MAX    42.020000
#define LONGITUDE_MIN  -87.940000
#define LONGITUDE_MAX  -87.525000

/* A route, the axis it runs on, and its final stop each way (the first
 * for North or East Bound, the second for South or West Bound). */
typedef struct
{
  const char *name;
  gboolean    north_south;
  const char *final_stop[2];
} Route;

static const Route route_22 = { "22", TRUE, { "Howard", "Harrison & Clark" } };

static const Route other_routes[] = {
  { "1",   TRUE,  { "Union Station", "Indiana & 35th" } },
  { "2",   TRUE,  { "Union Station", "60th & Stony Island" } },
  { "3",   TRUE,  { "Illinois Center", "95th/Dan Ryan" } },
  { "4",   TRUE,  { "Illinois Center", "115th & Cottage Grove" } },
  { "6",   TRUE,  { "Wacker & Columbus", "79th & South Shore" } },
  { "8",   TRUE,  { "Waveland & Broadway", "79th & Halsted" } },
  { "9",   TRUE,  { "Irving Park & Ashland", "95th & Ashland" } },
  { "12",  FALSE, { "Museum Campus", "Roosevelt & Central" } },
  { "20",  FALSE, { "Michigan & Madison", "Austin" } },
  { "29",  TRUE,  { "Navy Pier", "95th/Dan Ryan" } },
  { "36",  TRUE,  { "Devon & Clark", "Harrison & Clark" } },
  { "49",  TRUE,  { "Berwyn", "79th & Western" } },
  { "50",  TRUE,  { "Damen Brown Line", "35th & Archer" } },
  { "52",  TRUE,  { "Kedzie & Lawrence", "31st" } },
  { "53",  TRUE,  { "Peterson", "Archer & Pulaski" } },
  { "55",  FALSE, { "Museum of Science & Industry", "Midway Orange Line" } },
  { "60",  FALSE, { "Harrison & Canal", "Harlem & 26th" } },
  { "62",  FALSE, { "State & Lake", "Archer & Harlem" } },
  { "63",  FALSE, { "Stony Island", "Midway Airport" } },
  { "66",  FALSE, { "Navy Pier", "Chicago & Austin" } },
  { "72",  FALSE, { "Clark & North", "Harlem" } },
  { "77",  FALSE, { "Belmont Red Line", "Cumberland" } },
  { "79",  FALSE, { "Lake Shore", "Ford City" } },
  { "80",  FALSE, { "Irving Park & Broadway", "Cumberland" } },
  { "81",  FALSE, { "Broadway", "Jefferson Park" } },
  { "82",  TRUE,  { "Devon & Kimball", "Kostner & 31st" } },
  { "87",  FALSE, { "South Chicago & 87th", "Ford City" } },
  { "151", TRUE,  { "Devon & Sheridan", "Union Station" } },
  { "J14", TRUE,  { "Washington & Michigan", "103rd & Stony Island" } },
};

/* Indexed by [north_south][towards_north_or_east]. */
static const char *const directions[2][2] = {
  { "West Bound", "East Bound" },
  { "South Bound", "North Bound" },
};

/* The letters CTA runs begin with, one per garage. */
static const char run_letters[] = "CFKNPX";

static void
append_escaped (GString    *text,
                const char *s)
{
  for (; *s != '\0'; s++)
    {
      if (*s == '&')
        g_string_append (text, "&amp;");
      else if (*s == '<')
        g_string_append (text, "&lt;");
      else if (*s == '>')
        g_string_append (text, "&gt;");
      else
        g_string_append_c (text, *s);
    }
}

static void
append_bus (GString *text,
            GRand   *rand)
{
  char latitude[G_ASCII_DTOSTR_BUF_SIZE];
  char longitude[G_ASCII_DTOSTR_BUF_SIZE];
  const Route *route;
  gboolean towards_north_or_east;
  guint id;
  char run_letter;
  int run_number;

  /* The draws, in a fixed order, each in a statement of its own (the
   * order in which a call's arguments are evaluated is the compiler's
   * choice): this order is the feed. */
  if (g_rand_int_range (rand, 0, ROUTE_22_ONE_IN) == 0)
    route = &route_22;
  else
    route = &other_routes[g_rand_int_range (rand, 0, G_N_ELEMENTS (other_routes))];
  towards_north_or_east = g_rand_boolean (rand);
  g_ascii_formatd (latitude, sizeof latitude, "%.6f",
                   g_rand_double_range (rand, LATITUDE_MIN, LATITUDE_MAX));
  g_ascii_formatd (longitude, sizeof longitude, "%.6f",
                   g_rand_double_range (rand, LONGITUDE_MIN, LONGITUDE_MAX));
  id = (guint) g_rand_int_range (rand, 1000, 9000);
  run_letter = run_letters[g_rand_int_range (rand, 0, sizeof run_letters - 1)];
  run_number = g_rand_int_range (rand, 100, 1000);

  g_string_append_printf (text,
                          "  <bus>\n"
                          "    <id>%u</id>\n"
                          "    <route>%s</route>\n"
                          "    <direction>%s</direction>\n"
                          "    <latitude>%s</latitude>\n"
                          "    <longitude>%s</longitude>\n"
                          "    <run>%c%03d</run>\n"
                          "    <fs>",
                          id, route->name,
                          directions[route->north_south][towards_north_or_east],
                          latitude, longitude,
                          run_letter, run_number);
  append_escaped (text, route->final_stop[towards_north_or_east ? 0 : 1]);
  g_string_append (text,
                   "</fs>\n"
                   "  </bus>\n");
}

/**
 * ll_bus_feed_write:
 * @out: where the feed goes
 * @n_buses: how many buses
 * @seed: the seed of the draws
 * @cancellable: (nullable): a #GCancellable, checked at every block
 * @error: return location for a #GError
 *
 * Writes the whole feed of @n_buses to @out, synchronously, in blocks of
 * a megabyte.  For the CLI, the tests and a worker thread.
 *
 * Returns: %TRUE if all of it was written
 */
gboolean
ll_bus_feed_write (GOutputStream  *out,
                   guint           n_buses,
                   guint32         seed,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (n_buses <= LL_BUS_FEED_MAX_BUSES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rand = g_rand_new_with_seed (seed);
  text = g_string_sized_new (WRITE_BLOCK + 1024);
  g_string_append (text, "<?xml version=\"1.0\"?>\n<buses>\n");

  for (guint i = 0; i < n_buses; i++)
    {
      append_bus (text, rand);
      if (text->len >= WRITE_BLOCK)
        {
          if (!g_output_stream_write_all (out, text->str, text->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (text, 0);
        }
    }

  g_string_append (text, "</buses>\n");

  return g_output_stream_write_all (out, text->str, text->len, NULL, cancellable, error);
}

/**
 * ll_bus_feed_write_file:
 * @file: a local file
 * @n_buses: how many buses
 * @seed: the seed of the draws
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the feed to @file, replacing what is there, synchronously: a
 * temporary file beside it (its folder created if needed) is renamed
 * over it once complete, so that a failure or a cancellation leaves
 * @file as it was.  Blocks for about half a second for 200 000 buses:
 * the window uses ll_bus_feed_ensure_file_async().
 *
 * Returns: %TRUE if @file holds the whole feed
 */
gboolean
ll_bus_feed_write_file (GFile         *file,
                        guint          n_buses,
                        guint32        seed,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_path = NULL;
  GError *local_error = NULL;
  const char *path;
  gboolean ok;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (n_buses <= LL_BUS_FEED_MAX_BUSES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_peek_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot write the bus feed “%s”: only local files are supported"), uri);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s” for the bus feed: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  temp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot write the bus feed “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  out = g_unix_output_stream_new (fd, TRUE);
  ok = ll_bus_feed_write (out, n_buses, seed, cancellable, &local_error);
  /* Closing reports what the disk deferred; a failed write has its error. */
  if (ok)
    ok = g_output_stream_close (out, cancellable, &local_error);
  else
    g_output_stream_close (out, NULL, NULL);

  if (ok && g_rename (temp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot move the bus feed into place as “%s”: %s"),
                   path, g_strerror (saved_errno));
      g_unlink (temp_path);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (!ok)
    {
      g_unlink (temp_path);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("Cannot write the bus feed “%s”: "), path);
      g_propagate_error (error, local_error);
    }

  return ok;
}

/**
 * ll_bus_feed_get_default:
 * @n_buses: how many buses
 * @seed: the seed
 *
 * The cached feed of (@n_buses, @seed):
 * `$XDG_CACHE_HOME/looplab/buses-v1-200000-seed1.xml` for the default.
 * It may not exist yet: ll_bus_feed_ensure_file_async() makes it.
 *
 * Returns: (transfer full): the file
 */
GFile *
ll_bus_feed_get_default (guint   n_buses,
                         guint32 seed)
{
  g_autofree char *name = g_strdup_printf ("buses-v%d-%u-seed%" G_GUINT32_FORMAT ".xml",
                                           FEED_VERSION, n_buses, seed);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "looplab", name, NULL);

  return g_file_new_for_path (path);
}

/* The worker thread's inputs, copied in. */
typedef struct
{
  GFile   *file;
  guint    n_buses;
  guint32  seed;
} Ensure;

static void
ensure_free (Ensure *ensure)
{
  g_object_unref (ensure->file);
  g_free (ensure);
}

static void
ensure_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Ensure *ensure = task_data;
  GError *error = NULL;

  /* A feed that exists is whole (it was renamed into place complete). */
  if (g_file_query_exists (ensure->file, cancellable))
    {
      g_task_return_int (task, FALSE);
      return;
    }

  if (ll_bus_feed_write_file (ensure->file, ensure->n_buses, ensure->seed, cancellable, &error))
    g_task_return_int (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ll_bus_feed_ensure_file_async:
 * @file: a local file, such as ll_bus_feed_get_default()
 * @n_buses: how many buses
 * @seed: the seed
 * @io_priority: the I/O priority
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default context when done
 * @user_data: for @callback
 *
 * Makes sure @file holds the feed of (@n_buses, @seed): if it does not
 * exist, writes it as ll_bus_feed_write_file() does, in a worker thread,
 * so that the loop goes on meanwhile.  A file that exists is taken as it
 * is: give each (@n_buses, @seed) a file of its own.
 */
void
ll_bus_feed_ensure_file_async (GFile               *file,
                               guint                n_buses,
                               guint32              seed,
                               int                  io_priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Ensure *ensure;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (n_buses <= LL_BUS_FEED_MAX_BUSES);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_bus_feed_ensure_file_async);
  g_task_set_name (task, "[looplab] ll_bus_feed_ensure_file_async");
  g_task_set_priority (task, io_priority);

  ensure = g_new0 (Ensure, 1);
  ensure->file = g_file_dup (file);
  ensure->n_buses = n_buses;
  ensure->seed = seed;
  g_task_set_task_data (task, ensure, (GDestroyNotify) ensure_free);
  g_task_run_in_thread (task, ensure_thread);
}

/**
 * ll_bus_feed_ensure_file_finish:
 * @file: the file given to ll_bus_feed_ensure_file_async()
 * @result: the #GAsyncResult
 * @generated: (out) (optional): whether it had to be written
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @file holds the feed
 */
gboolean
ll_bus_feed_ensure_file_finish (GFile         *file,
                                GAsyncResult  *result,
                                gboolean      *generated,
                                GError       **error)
{
  gssize written;

  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_bus_feed_ensure_file_async, FALSE);

  written = g_task_propagate_int (G_TASK (result), error);
  if (written < 0)
    return FALSE;

  if (generated != NULL)
    *generated = written > 0;

  return TRUE;
}
