/* test-sax-bus.c: "Event dispatching: XML streamed into coroutines" (sax-bus)
 *
 * The bus feed, the chain of coroutines it is streamed through, the
 * model that streams it (and reads it as a DOM) and the headless
 * program.  Every count and every line is checked against a scan of the
 * feed's text made here with plain string search, not with GMarkup nor
 * with the chain; the Python peer must print the same bytes.  Files
 * live in a temporary folder, the user's cache in it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ll-bus-chain.h"
#include "ll-bus-feed.h"
#include "ll-bus-scan-test-util.h"
#include "ll-file-test-util.h"
#include "ll-program-test-util.h"
#include "ll-programs.h"
#include "ll-sax-bus-model.h"
#include "ll-scheduler.h"

/* The folder of the whole test run: TMPDIR points here, so that the
 * program's temporary feeds can be looked for. */
static char *test_tmpdir;

/* Files */

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sax-bus-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static char *
write_feed (const char *dir,
            const char *name,
            guint       n_buses,
            guint32     seed)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (ll_bus_feed_write_file (file, n_buses, seed, NULL, &error));
  g_assert_no_error (error);

  return path;
}

static char *
read_text (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, length, &error));
  g_assert_no_error (error);

  return text;
}

static char *
write_text (const char *dir,
            const char *name,
            const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, length, &error));
  g_assert_no_error (error);

  return path;
}

/* The transcript the independent scan (ll-bus-scan-test-util.c) expects:
 * the feed's own digits. */
static char *
scan_transcript (GPtrArray  *buses,
                 const char *route,
                 const char *direction,
                 gboolean    with_count)
{
  GString *text = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < buses->len; i++)
    {
      LlScanBus *bus = g_ptr_array_index (buses, i);

      if (!ll_scan_bus_matches (bus, route, direction))
        continue;
      g_string_append_printf (text, "bus %s at %s,%s\n", bus->id, bus->latitude, bus->longitude);
      n++;
    }
  if (with_count)
    g_string_append_printf (text, "%u buses\n", n);

  return g_string_free (text, FALSE);
}

/* Where a parser stands after @offset bytes, as an editor counts: the
 * line from 1, the column of the next byte from 1. */
static void
scan_position (const char *text,
               gsize       offset,
               int        *line,
               int        *column)
{
  gsize line_start = 0;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n')
        {
          (*line)++;
          line_start = i + 1;
        }
    }
  *column = (int) (offset - line_start) + 1;
}

/* Running the model */

typedef struct
{
  LlScheduler   *scheduler;
  LlSaxBusModel *model;
  GString       *lines;
  guint          n_lines;
  guint          stop_at_line;   /* stop from the ::line handler at this line; 0: never */
  gboolean       stop_at_read;   /* stop when the first chunk is counted */
  GArray        *states;         /* of LlSaxBusState, as :state went */
} Run;

static void
on_line (LlSaxBusModel *model,
         const char    *line,
         Run           *run)
{
  g_string_append_printf (run->lines, "%s\n", line);
  run->n_lines++;
  if (run->n_lines == run->stop_at_line)
    ll_sim_model_stop (LL_SIM_MODEL (model));
}

static void
on_bytes_read (LlSaxBusModel *model,
               GParamSpec    *pspec,
               Run           *run)
{
  if (run->stop_at_read && ll_sax_bus_model_get_bytes_read (model) > 0)
    ll_sim_model_stop (LL_SIM_MODEL (model));
}

static void
on_state (LlSaxBusModel *model,
          GParamSpec    *pspec,
          Run           *run)
{
  LlSaxBusState state = ll_sax_bus_model_get_state (model);

  g_array_append_val (run->states, state);
}

static void
run_init (Run *run)
{
  memset (run, 0, sizeof *run);
  run->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  run->model = ll_sax_bus_model_new (run->scheduler);
  run->lines = g_string_new (NULL);
  run->states = g_array_new (FALSE, FALSE, sizeof (LlSaxBusState));
  g_signal_connect (run->model, "line", G_CALLBACK (on_line), run);
  g_signal_connect (run->model, "notify::bytes-read", G_CALLBACK (on_bytes_read), run);
  g_signal_connect (run->model, "notify::state", G_CALLBACK (on_state), run);
}

/* Until every task has let go: a read in flight comes back first. */
static void
wait_for_tasks (LlScheduler *scheduler)
{
  while (ll_scheduler_get_n_tasks (scheduler) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
run_clear (Run *run)
{
  if (run->model != NULL)
    g_assert_finalize_object (run->model);
  wait_for_tasks (run->scheduler);
  g_assert_finalize_object (run->scheduler);
  g_string_free (run->lines, TRUE);
  g_array_unref (run->states);
}

static void
run_wait (Run *run)
{
  while (ll_sim_model_get_running (LL_SIM_MODEL (run->model)))
    g_main_context_iteration (NULL, TRUE);
}

static void
run_file (Run            *run,
          const char     *path,
          LlSaxBusMethod  method,
          const char     *route,
          const char     *direction)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_string_truncate (run->lines, 0);
  run->n_lines = 0;
  ll_sax_bus_model_set_method (run->model, method);
  ll_sax_bus_model_set_route (run->model, route);
  ll_sax_bus_model_set_direction (run->model, direction);
  ll_sax_bus_model_start (run->model, file);
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (run->model)));
  run_wait (run);
}

static const LlSaxBusMethod methods[] = { LL_SAX_BUS_STREAM, LL_SAX_BUS_DOM };

/* The feed */

/* The same (n, seed), the same bytes; a seed of its own, other bytes;
 * about 220 bytes a bus, the escaped ampersand of some final stops, and
 * route 22 about once in 15 buses. */
static void
test_feed (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *a = write_feed (dir, "a.xml", 3000, 11);
  g_autofree char *b = write_feed (dir, "b.xml", 3000, 11);
  g_autofree char *c = write_feed (dir, "c.xml", 3000, 12);
  g_autofree char *empty = write_feed (dir, "empty.xml", 0, 1);
  g_autofree char *text_a = NULL, *text_b = NULL, *text_c = NULL, *text_empty = NULL;
  g_autoptr(GPtrArray) buses = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gsize len_a, len_b, len_c, len_empty;
  guint n_22 = 0;

  text_a = read_text (a, &len_a);
  text_b = read_text (b, &len_b);
  text_c = read_text (c, &len_c);
  text_empty = read_text (empty, &len_empty);

  g_assert_cmpmem (text_a, len_a, text_b, len_b);
  g_assert_false (len_a == len_c && memcmp (text_a, text_c, len_a) == 0);
  g_assert_cmpstr (text_empty, ==, "<?xml version=\"1.0\"?>\n<buses>\n</buses>\n");
  g_assert_true (g_str_has_prefix (text_a, "<?xml version=\"1.0\"?>\n<buses>\n  <bus>\n    <id>"));
  g_assert_true (g_str_has_suffix (text_a, "  </bus>\n</buses>\n"));
  g_assert_cmpuint (len_a / 3000, >=, 200);
  g_assert_cmpuint (len_a / 3000, <=, 240);
  g_assert_nonnull (strstr (text_a, " &amp; "));
  g_assert_null (strstr (text_a, " & "));

  buses = ll_scan_buses (text_a, len_a);
  g_assert_cmpuint (buses->len, ==, 3000);
  for (guint i = 0; i < buses->len; i++)
    {
      LlScanBus *bus = g_ptr_array_index (buses, i);

      n_22 += g_str_equal (bus->route, "22");
      g_assert_true (g_regex_match_simple ("^4[12]\\.[0-9]{6}$", bus->latitude, 0, 0));
      g_assert_true (g_regex_match_simple ("^-87\\.[0-9]{6}$", bus->longitude, 0, 0));
      g_assert_true (g_regex_match_simple ("^(North|South|East|West) Bound$", bus->direction, 0, 0));
    }
  /* 200 expected; a binomial's spread is about 14. */
  g_assert_cmpuint (n_22, >, 140);
  g_assert_cmpuint (n_22, <, 260);

  /* The stream writer is the file writer's. */
  g_assert_true (ll_bus_feed_write (out, 3000, 11, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                   text_a, len_a);

  ll_test_remove_tree (dir);
}

/* Records and the generic stages */

static void
test_record (void)
{
  g_autoptr(LlBusRecord) record = ll_bus_record_new ();
  g_autoptr(LlBusRecord) copy = NULL;

  g_assert_cmpuint (ll_bus_record_get_n_fields (record), ==, 0);
  g_assert_null (ll_bus_record_lookup (record, "id"));

  ll_bus_record_set (record, "id", "7574", -1);
  ll_bus_record_set (record, "route", "22xx", 2);
  ll_bus_record_set (record, "fs", "", 0);
  g_assert_cmpstr (ll_bus_record_lookup (record, "id"), ==, "7574");
  g_assert_cmpstr (ll_bus_record_lookup (record, "route"), ==, "22");
  g_assert_cmpstr (ll_bus_record_lookup (record, "fs"), ==, "");
  g_assert_null (ll_bus_record_lookup (record, "rout"));

  /* A dict: set again, the same place, the last value. */
  copy = ll_bus_record_copy (record);
  ll_bus_record_set (record, "id", "1234", -1);
  g_assert_cmpuint (ll_bus_record_get_n_fields (record), ==, 3);
  g_assert_cmpstr (ll_bus_record_get_name (record, 0), ==, "id");
  g_assert_cmpstr (ll_bus_record_get_value (record, 0), ==, "1234");
  g_assert_cmpstr (ll_bus_record_get_name (record, 2), ==, "fs");
  g_assert_cmpstr (ll_bus_record_lookup (copy, "id"), ==, "7574");

  ll_bus_record_clear (record);
  g_assert_cmpuint (ll_bus_record_get_n_fields (record), ==, 0);
  g_assert_null (ll_bus_record_lookup (record, "id"));

  {
    g_autofree char *line = ll_bus_count_to_line (12345);

    g_assert_cmpstr (line, ==, "12345 buses");
  }
}

/* A sink of the test's own: it keeps a copy of every record. */
typedef struct
{
  LlPipeStage  stage;
  GPtrArray   *records;
} CollectFrame;

static LlCoStatus
collect_run (LlCo *co)
{
  CollectFrame *f = (CollectFrame *) co;

  LL_CO_BEGIN (co);

  for (;;)
    {
      LL_CO_YIELD (co, NULL);
      g_ptr_array_add (f->records, ll_bus_record_copy (co->value));
    }

  LL_CO_END (co);
}

static void
collect_cleanup (LlCo *co)
{
  CollectFrame *f = (CollectFrame *) co;

  g_clear_pointer (&f->records, g_ptr_array_unref);
  ll_pipe_stage_close_targets (&f->stage);
}

typedef struct
{
  LlPipe *pipe;
  guint   edge;
} Feeder;

static void
feed_start (GMarkupParseContext  *context,
            const char           *name,
            const char          **attribute_names,
            const char          **attribute_values,
            gpointer              user_data,
            GError              **error)
{
  Feeder *feeder = user_data;
  LlBusEvent event = { LL_BUS_EVENT_START, name, NULL, 0 };

  ll_pipe_send (feeder->pipe, feeder->edge, &event, error);
}

static void
feed_end (GMarkupParseContext  *context,
          const char           *name,
          gpointer              user_data,
          GError              **error)
{
  Feeder *feeder = user_data;
  LlBusEvent event = { LL_BUS_EVENT_END, name, NULL, 0 };

  ll_pipe_send (feeder->pipe, feeder->edge, &event, error);
}

static void
feed_text (GMarkupParseContext  *context,
           const char           *text,
           gsize                 length,
           gpointer              user_data,
           GError              **error)
{
  Feeder *feeder = user_data;
  LlBusEvent event = { LL_BUS_EVENT_TEXT, NULL, text, length };

  ll_pipe_send (feeder->pipe, feeder->edge, &event, error);
}

static const GMarkupParser feed_callbacks = { feed_start, feed_end, feed_text, NULL, NULL };

/* buses_to_records() is generic by field name, decodes entities and
 * CDATA, starts every bus afresh, and ignores what is outside a <bus>;
 * filter_on_field() compares exactly and drops a record without the
 * field.  Fed in pieces of 3 bytes, so that texts and tags straddle
 * the parser's calls. */
static void
test_stages (void)
{
  const char *xml =
    "<?xml version=\"1.0\"?>\n<buses><note>not a bus</note>\n"
    "  <bus><id>1</id><route>22</route><fs>Paulina &amp; Howard</fs><odd>a<b>x</b>y</odd></bus>\n"
    "  <bus><id>2</id><route>22 </route><colour/><fs><![CDATA[Clark & Lake]]></fs></bus>\n"
    "  <bus><id>3</id></bus>\n"
    "</buses>\n";
  g_autoptr(LlPipe) pipe = ll_pipe_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_bus_record_free);
  g_autoptr(GPtrArray) filtered = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_bus_record_free);
  g_autoptr(LlBusParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  CollectFrame *all, *some;
  LlBusRecord *r;
  Feeder feeder;
  guint all_node, some_node, filter_node, head, records_node;
  gsize length = strlen (xml);

  all = ll_pipe_stage_new (CollectFrame, collect_run, collect_cleanup);
  all->records = g_ptr_array_ref (records);
  some = ll_pipe_stage_new (CollectFrame, collect_run, collect_cleanup);
  some->records = g_ptr_array_ref (filtered);
  all_node = ll_pipe_add (pipe, LL_PIPE_SINK, "all", &all->stage.co);
  some_node = ll_pipe_add (pipe, LL_PIPE_SINK, "some", &some->stage.co);
  filter_node = ll_pipe_add (pipe, LL_PIPE_FILTER, "route 22", ll_bus_filter_on_field_new ("route", "22"));
  ll_pipe_connect (pipe, filter_node, some_node);
  head = ll_pipe_add (pipe, LL_PIPE_BROADCAST, "broadcast", ll_pipe_broadcast_new ());
  ll_pipe_connect (pipe, head, all_node);
  ll_pipe_connect (pipe, head, filter_node);
  feeder.pipe = pipe;
  records_node = ll_pipe_add (pipe, LL_PIPE_FILTER, "buses_to_records", ll_bus_buses_to_records_new ());
  ll_pipe_connect (pipe, records_node, head);
  feeder.edge = ll_pipe_connect (pipe, ll_pipe_add (pipe, LL_PIPE_OUTSIDE, "parser", NULL), records_node);

  parser = ll_bus_parser_new ("stages.xml", &feed_callbacks, &feeder);
  for (gsize i = 0; i < length; i += 3)
    {
      g_assert_true (ll_bus_parser_feed (parser, xml + i, MIN (3, length - i), &error));
      g_assert_no_error (error);
    }
  g_assert_true (ll_bus_parser_end (parser, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ll_bus_parser_get_n_bytes (parser), ==, length);

  g_assert_cmpuint (records->len, ==, 3);
  r = g_ptr_array_index (records, 0);
  g_assert_cmpuint (ll_bus_record_get_n_fields (r), ==, 5);
  g_assert_cmpstr (ll_bus_record_lookup (r, "fs"), ==, "Paulina & Howard");
  g_assert_cmpstr (ll_bus_record_lookup (r, "b"), ==, "x");
  /* The course's rule: a field is the text since its last start tag. */
  g_assert_cmpstr (ll_bus_record_lookup (r, "odd"), ==, "xy");
  r = g_ptr_array_index (records, 1);
  g_assert_cmpstr (ll_bus_record_lookup (r, "id"), ==, "2");
  g_assert_cmpstr (ll_bus_record_lookup (r, "route"), ==, "22 ");
  g_assert_cmpstr (ll_bus_record_lookup (r, "colour"), ==, "");
  g_assert_cmpstr (ll_bus_record_lookup (r, "fs"), ==, "Clark & Lake");
  g_assert_null (ll_bus_record_lookup (r, "odd"));
  r = g_ptr_array_index (records, 2);
  g_assert_cmpuint (ll_bus_record_get_n_fields (r), ==, 1);
  g_assert_null (ll_bus_record_lookup (r, "route"));

  g_assert_cmpuint (filtered->len, ==, 1);
  g_assert_cmpstr (ll_bus_record_lookup (g_ptr_array_index (filtered, 0), "id"), ==, "1");
  g_assert_cmpuint (ll_pipe_node_get_n_received (pipe, filter_node), ==, 3);
  g_assert_cmpuint (ll_pipe_node_get_n_sent (pipe, filter_node), ==, 1);
}

/* The chain: close, throw, a bad bus */

/* The path down from @node, following each node's first target. */
static GArray *
path_from (LlPipe *pipe,
           guint   node)
{
  GArray *path = g_array_new (FALSE, FALSE, sizeof (guint));

  for (;;)
    {
      g_array_append_val (path, node);
      if (ll_pipe_node_get_n_targets (pipe, node) == 0)
        break;
      node = ll_pipe_edge_get_to (pipe, ll_pipe_node_get_target_edge (pipe, node, 0));
    }

  return path;
}

static void
on_closed (LlPipe *pipe,
           guint   node,
           GArray *closed)
{
  g_array_append_val (closed, node);
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
test_close_order (void)
{
  for (guint branches = 1; branches <= 2; branches++)
    {
      g_autoptr(LlPipe) pipe = ll_pipe_new ();
      g_autoptr(GArray) closed = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint));
      LlBusChain *chain;
      const guint *order;
      guint n_closed, head;

      chain = ll_bus_chain_new_full (pipe, LL_BUS_CHAIN_EVENTS, "22", "North Bound",
                                     branches == 2 ? "8" : NULL, branches == 2 ? "South Bound" : NULL);
      ll_bus_chain_feed_from (chain, ll_pipe_add (pipe, LL_PIPE_OUTSIDE, "parser", NULL));
      g_signal_connect (pipe, "closed", G_CALLBACK (on_closed), closed);
      head = ll_bus_chain_get_head (chain);
      g_assert_cmpuint (ll_bus_chain_get_n_branches (chain), ==, branches);
      g_assert_cmpstr (ll_pipe_node_get_label (pipe, head), ==, "buses_to_records()");

      /* head, [broadcast,] each branch's two filters and sink in turn */
      g_array_append_val (expected, head);
      if (branches == 1)
        {
          g_autoptr(GArray) path = path_from (pipe, head);

          g_array_append_vals (expected, &g_array_index (path, guint, 1), path->len - 1);
        }
      else
        {
          guint broadcast = ll_pipe_edge_get_to (pipe, ll_pipe_node_get_target_edge (pipe, head, 0));

          g_assert_cmpint (ll_pipe_node_get_kind (pipe, broadcast), ==, LL_PIPE_BROADCAST);
          g_array_append_val (expected, broadcast);
          for (guint b = 0; b < 2; b++)
            {
              g_autoptr(GArray) path =
                path_from (pipe, ll_pipe_edge_get_to (pipe, ll_pipe_node_get_target_edge (pipe, broadcast, b)));

              g_assert_cmpuint (path->len, ==, 3);
              g_assert_cmpuint (g_array_index (path, guint, 2), ==, ll_bus_chain_get_sink (chain, b));
              g_array_append_vals (expected, path->data, path->len);
            }
        }
      g_assert_cmpuint (expected->len, ==, branches == 1 ? 4 : 8);

      ll_bus_chain_close (chain);
      g_assert_true (ll_bus_chain_get_closed (chain));
      order = ll_pipe_get_close_order (pipe, &n_closed);
      g_assert_cmpmem (order, n_closed * sizeof (guint), expected->data, expected->len * sizeof (guint));
      /* ::closed once for each stage (its order is the pipe's affair). */
      g_array_sort (closed, compare_nodes);
      g_array_sort (expected, compare_nodes);
      g_assert_cmpmem (closed->data, closed->len * sizeof (guint), expected->data, expected->len * sizeof (guint));

      /* Once each: closing again, and letting go, run no cleanup again. */
      ll_bus_chain_close (chain);
      ll_pipe_close (pipe, ll_bus_chain_get_sink (chain, 0));
      ll_bus_chain_unref (chain);
      ll_pipe_get_close_order (pipe, &n_closed);
      g_assert_cmpuint (n_closed, ==, expected->len);
      g_assert_cmpuint (closed->len, ==, expected->len);
    }
}

static void
send_event (LlBusChain     *chain,
            LlBusEventKind  kind,
            const char     *text)
{
  g_autoptr(GError) error = NULL;
  LlBusEvent event = { kind, NULL, NULL, 0 };

  if (kind == LL_BUS_EVENT_TEXT)
    {
      event.text = text;
      event.length = strlen (text);
    }
  else
    {
      event.name = text;
    }
  g_assert_true (ll_bus_chain_send_event (chain, &event, &error));
  g_assert_no_error (error);
}

static void
send_bus (LlBusChain *chain,
          const char *id,
          const char *route,
          const char *direction,
          gboolean    whole)
{
  const char *fields[][2] = {
    { "id", id }, { "route", route }, { "direction", direction },
    { "latitude", "41.880000" }, { "longitude", "-87.630000" },
  };

  send_event (chain, LL_BUS_EVENT_START, "bus");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      send_event (chain, LL_BUS_EVENT_START, fields[i][0]);
      send_event (chain, LL_BUS_EVENT_TEXT, fields[i][1]);
      send_event (chain, LL_BUS_EVENT_END, fields[i][0]);
    }
  if (whole)
    send_event (chain, LL_BUS_EVENT_END, "bus");
}

typedef struct
{
  GString *lines;
  guint    n[2];
} Heard;

static void
on_chain_match (const LlBusMatch *match,
                guint             branch,
                gpointer          user_data)
{
  Heard *heard = user_data;
  g_autofree char *line = ll_bus_match_to_line (match);

  g_string_append_printf (heard->lines, "%u %s\n", branch, line);
  heard->n[branch]++;
}

/* An error thrown in at the head goes down every branch to its sink,
 * which keeps it beside its matches; a bus it cut short is dropped, and
 * the chain goes on with the next. */
static void
test_throw (void)
{
  g_autoptr(LlPipe) pipe = ll_pipe_new ();
  g_autoptr(LlBusChain) chain = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  Heard heard = { lines, { 0, 0 } };
  const LlBusMatch *matches;
  guint n;

  chain = ll_bus_chain_new_full (pipe, LL_BUS_CHAIN_EVENTS, "22", "North Bound", "22", "South Bound");
  ll_bus_chain_feed_from (chain, ll_pipe_add (pipe, LL_PIPE_OUTSIDE, "parser", NULL));
  ll_bus_chain_set_match_func (chain, on_chain_match, &heard, NULL);

  send_bus (chain, "100", "22", "North Bound", TRUE);
  send_bus (chain, "101", "22", "South Bound", TRUE);
  send_bus (chain, "102", "8", "North Bound", TRUE);
  send_bus (chain, "103", "22", "North Bound", FALSE);
  g_assert_null (ll_bus_chain_get_caught (chain, 0));

  ll_bus_chain_throw (chain, g_error_new_literal (G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, "cut short"));
  for (guint b = 0; b < 2; b++)
    g_assert_error (ll_bus_chain_get_caught (chain, b), G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
  g_assert_false (ll_bus_chain_get_closed (chain));

  /* 103 went with the throw: its end tag alone makes no bus. */
  send_event (chain, LL_BUS_EVENT_END, "bus");
  send_bus (chain, "104", "22", "North Bound", TRUE);

  g_assert_cmpstr (lines->str, ==,
                   "0 bus 100 at 41.880000,-87.630000\n"
                   "1 bus 101 at 41.880000,-87.630000\n"
                   "0 bus 104 at 41.880000,-87.630000\n");
  matches = ll_bus_chain_get_matches (chain, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (matches[0].id, ==, "100");
  g_assert_cmpstr (matches[1].id, ==, "104");
  g_assert_cmpfloat (matches[1].latitude, ==, 41.88);
  g_assert_cmpfloat (matches[1].longitude, ==, -87.63);
  g_assert_cmpuint (ll_bus_chain_get_n_matches (chain, 1), ==, 1);

  /* A closed chain refuses, and stays as it was. */
  ll_bus_chain_close (chain);
  {
    g_autoptr(GError) error = NULL;
    LlBusEvent event = { LL_BUS_EVENT_START, "bus", NULL, 0 };

    g_assert_false (ll_bus_chain_send_event (chain, &event, &error));
    g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_FINISHED);
  }
  g_assert_cmpuint (ll_bus_chain_get_n_matches (chain, 0), ==, 2);
}

/* The same matches, the same sum; another list, another sum. */
static void
test_checksum (void)
{
  LlBusMatch a[] = { { (char *) "7574", 41.88, -87.63 }, { (char *) "1", 42.0, -87.5 } };
  LlBusMatch b[] = { { (char *) "7574", 41.88, -87.63 }, { (char *) "1", 42.0, -87.500001 } };
  g_autofree char *sum_a = ll_bus_matches_checksum (a, 2);
  g_autofree char *sum_b = ll_bus_matches_checksum (b, 2);
  g_autofree char *sum_empty = ll_bus_matches_checksum (NULL, 0);
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                             "7574 41.880000 -87.630000\n"
                                                             "1 42.000000 -87.500000\n", -1);

  g_assert_cmpstr (sum_a, ==, expected);
  g_assert_cmpstr (sum_a, !=, sum_b);
  g_assert_cmpstr (sum_empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* Counts and transcripts against the scan */

typedef struct
{
  const char *route;
  const char *direction;
} Query;

static const Query queries[] = {
  { "22", "North Bound" },
  { "22", "South Bound" },
  { "22", "East Bound" },   /* Clark Street runs north and south: none */
  { "9", "South Bound" },
  { "55", "East Bound" },
  { "J14", "North Bound" },
};

/* Several seeds and sizes, several routes and directions, through the
 * program as a user runs it. */
static void
test_counts (void)
{
  g_autofree char *dir = make_temp_dir ();
  const guint sizes[] = { 0, 1, 700, 4000 };
  const guint32 seeds[] = { 1, 7, 424242 };
  guint total = 0;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (seeds); k++)
      {
        g_autofree char *name = g_strdup_printf ("feed-%u-%u.xml", sizes[s], seeds[k]);
        g_autofree char *path = write_feed (dir, name, sizes[s], seeds[k]);
        gsize length;
        g_autofree char *text = read_text (path, &length);
        g_autoptr(GPtrArray) buses = ll_scan_buses (text, length);

        g_assert_cmpuint (buses->len, ==, sizes[s]);
        for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
          {
            g_autofree char *line = g_strdup_printf ("sax-bus --file %s --route %s --direction '%s' --count-only",
                                                     path, queries[q].route, queries[q].direction);
            g_autofree char *output = ll_test_run_program_ok (line);
            guint n = ll_scan_count (buses, queries[q].route, queries[q].direction);
            g_autofree char *expected = g_strdup_printf ("%u buses\n", n);

            g_assert_cmpstr (output, ==, expected);
            total += n;
          }
      }

  /* The test saw matches, not only zeros. */
  g_assert_cmpuint (total, >, 500);
  ll_test_remove_tree (dir);
}

/* Every line, streamed and as a DOM, is the scan's; both ways give the
 * same matches, the same events, the same sum. */
static void
test_transcript (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = write_feed (dir, "feed.xml", 2500, 3);
  gsize length;
  g_autofree char *text = read_text (path, &length);
  g_autoptr(GPtrArray) buses = ll_scan_buses (text, length);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *expected = scan_transcript (buses, queries[q].route, queries[q].direction, TRUE);
      char *sums[2] = { NULL, NULL };
      guint64 events[2];
      Run run;

      run_init (&run);
      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          LlSaxBusModel *model = run.model;

          run_file (&run, path, methods[m], queries[q].route, queries[q].direction);
          g_assert_no_error (ll_sax_bus_model_get_error (model));
          g_assert_cmpint (ll_sax_bus_model_get_state (model), ==, LL_SAX_BUS_STATE_FINISHED);
          g_assert_cmpstr (run.lines->str, ==, expected);
          g_assert_cmpuint (ll_sax_bus_model_get_n_matches (model), ==,
                            ll_scan_count (buses, queries[q].route, queries[q].direction));
          g_assert_cmpuint (ll_sax_bus_model_get_bytes_read (model), ==, length);
          g_assert_cmpuint (ll_sax_bus_model_get_file_size (model), ==, length);
          g_assert_true (ll_bus_chain_get_closed (ll_sax_bus_model_get_chain (model)));
          sums[m] = ll_bus_chain_get_checksum (ll_sax_bus_model_get_chain (model), 0);
          events[m] = ll_sax_bus_model_get_n_events (model);

          /* What each way holds: a chunk; the file and a tree. */
          if (methods[m] == LL_SAX_BUS_STREAM)
            g_assert_cmpuint (ll_sax_bus_model_get_held_bytes (model), ==, LL_SAX_BUS_CHUNK);
          else
            g_assert_cmpuint (ll_sax_bus_model_get_held_bytes (model), >, 2 * length);
          g_assert_cmpuint (ll_sax_bus_model_get_rss_before (model), >, 0);
          g_assert_cmpuint (ll_sax_bus_model_get_rss_peak (model), >=, ll_sax_bus_model_get_rss_before (model));
        }
      g_assert_cmpstr (sums[0], ==, sums[1]);
      g_free (sums[0]);
      g_free (sums[1]);
      g_assert_cmpuint (events[0], ==, events[1]);
      /* Per bus: 9 elements, a start, a text and an end each, and the
       * white space between them. */
      g_assert_cmpuint (events[0], >, 2500 * 27);
      run_clear (&run);
    }

  ll_test_remove_tree (dir);
}

/* The model's graph: the file, the parser, the chain, with the bytes
 * and events counted on their edges. */
static void
test_graph (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = write_feed (dir, "feed.xml", 900, 5);
  gsize length;
  g_autofree char *text = read_text (path, &length);
  Run run;

  run_init (&run);
  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      LlPipe *pipe;
      LlBusChain *chain;
      guint edge, parser, file_edge;

      ll_sax_bus_model_set_second_branch (run.model, "8", "South Bound");
      run_file (&run, path, methods[m], "22", "North Bound");
      pipe = ll_sax_bus_model_get_pipe (run.model);
      chain = ll_sax_bus_model_get_chain (run.model);
      g_assert_true (ll_bus_chain_get_pipe (chain) == pipe);
      g_assert_cmpuint (ll_bus_chain_get_n_branches (chain), ==, 2);
      g_assert_cmpstr (ll_bus_chain_get_route (chain, 1), ==, "8");

      edge = ll_bus_chain_get_input_edge (chain);
      parser = ll_pipe_edge_get_from (pipe, edge);
      g_assert_cmpint (ll_pipe_node_get_kind (pipe, parser), ==, LL_PIPE_OUTSIDE);
      g_assert_nonnull (strstr (ll_pipe_node_get_label (pipe, parser), "GMarkupParseContext"));
      file_edge = G_MAXUINT;
      for (guint e = 0; e < ll_pipe_get_n_edges (pipe); e++)
        if (ll_pipe_edge_get_to (pipe, e) == parser)
          file_edge = e;
      g_assert_cmpuint (file_edge, !=, G_MAXUINT);
      g_assert_cmpuint (ll_pipe_edge_get_n_sent (pipe, file_edge), ==, length);
      if (methods[m] == LL_SAX_BUS_STREAM)
        g_assert_cmpuint (ll_pipe_edge_get_n_sent (pipe, edge), ==, ll_sax_bus_model_get_n_events (run.model));
      else
        g_assert_cmpuint (ll_pipe_edge_get_n_sent (pipe, edge), ==, 900);
      for (guint b = 0; b < 2; b++)
        g_assert_cmpuint (ll_pipe_node_get_n_received (pipe, ll_bus_chain_get_sink (chain, b)), ==,
                          ll_bus_chain_get_n_matches (chain, b));
      g_assert_cmpuint (ll_bus_chain_get_n_matches (chain, 1), >, 0);
    }
  run_clear (&run);
  ll_test_remove_tree (dir);
}

/* Bad input */

/* A feed cut short: where it ends, and the matches before the cut; the
 * DOM has none, having built no tree.  One cut comes after a chunk that
 * ends just before a newline, which GMarkup alone would miscount. */
static void
test_truncated (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = write_feed (dir, "feed.xml", 1500, 9);
  gsize length, cut_points[5];
  g_autofree char *text = read_text (path, &length);
  g_autoptr(GString) shifted = g_string_new_len (text, length);
  g_autoptr(GPtrArray) all = ll_scan_buses (text, length);
  LlScanBus *bus_100 = g_ptr_array_index (all, 100);
  const char *in_latitude = strstr (text + bus_100->end, "<latitude>") + strlen ("<latitude>") + 3;
  gsize newline_before = LL_SAX_BUS_CHUNK;

  /* Spaces at the end of a line, so that a newline is the first byte of
   * the second chunk. */
  while (shifted->str[newline_before] != '\n')
    newline_before--;
  g_string_insert_len (shifted, newline_before, "                                                  "
                       "                                                                          "
                       "                                                                          ",
                       LL_SAX_BUS_CHUNK - newline_before);
  g_assert_cmpint (shifted->str[LL_SAX_BUS_CHUNK], ==, '\n');

  cut_points[0] = in_latitude - text;                       /* inside a text */
  cut_points[1] = bus_100->end - 2;                         /* inside </bus> */
  cut_points[2] = bus_100->end;                             /* right after it */
  cut_points[3] = bus_100->end + 1;                         /* after its newline */
  cut_points[4] = LL_SAX_BUS_CHUNK + 40000;                 /* in the shifted feed */

  for (guint c = 0; c < G_N_ELEMENTS (cut_points); c++)
    {
      const char *source = c == 4 ? shifted->str : text;
      g_autofree char *cut = write_text (dir, "cut.xml", source, cut_points[c]);
      g_autoptr(GPtrArray) before = ll_scan_buses (source, cut_points[c]);
      g_autofree char *expected = scan_transcript (before, "22", "North Bound", FALSE);
      int line, column;
      Run run;

      scan_position (source, cut_points[c], &line, &column);
      run_init (&run);
      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          const GError *error;

          run_file (&run, cut, methods[m], "22", "North Bound");
          error = ll_sax_bus_model_get_error (run.model);
          g_assert_error (error, LL_BUS_ERROR, LL_BUS_ERROR_TRUNCATED);
          g_test_message ("%s", error->message);
          g_assert_nonnull (strstr (error->message, cut));
          g_assert_cmpint (ll_sax_bus_model_get_state (run.model), ==, LL_SAX_BUS_STATE_FAILED);
          g_assert_cmpint (ll_sax_bus_model_get_error_line (run.model), ==, line);
          g_assert_cmpint (ll_sax_bus_model_get_error_column (run.model), ==, column);
          {
            g_autofree char *where = g_strdup_printf ("line %d, column %d", line, column);

            g_assert_nonnull (strstr (error->message, where));
            g_assert_null (strstr (error->message, "Error on line"));
          }

          /* The chain heard why, and kept what it had. */
          g_assert_error (ll_bus_chain_get_caught (ll_sax_bus_model_get_chain (run.model), 0),
                          LL_BUS_ERROR, LL_BUS_ERROR_TRUNCATED);
          g_assert_true (ll_bus_chain_get_closed (ll_sax_bus_model_get_chain (run.model)));
          if (methods[m] == LL_SAX_BUS_STREAM)
            {
              g_assert_cmpstr (run.lines->str, ==, expected);
              g_assert_cmpuint (ll_sax_bus_model_get_n_matches (run.model), ==,
                                ll_scan_count (before, "22", "North Bound"));
            }
          else
            {
              g_assert_cmpstr (run.lines->str, ==, "");
            }
        }
      g_assert_cmpuint (ll_scan_count (before, "22", "North Bound"), >, 0);
      run_clear (&run);
    }

  ll_test_remove_tree (dir);
}

/* A wrong end tag: where it is, and the matches before it. */
static void
test_malformed (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = write_feed (dir, "feed.xml", 2000, 13);
  gsize length;
  g_autofree char *text = read_text (path, &length);
  g_autoptr(GPtrArray) all = ll_scan_buses (text, length);
  const guint bad_buses[] = { 0, 5, 1700 };   /* the last, beyond several chunks */

  for (guint k = 0; k < G_N_ELEMENTS (bad_buses); k++)
    {
      guint bad = bad_buses[k];
      gsize bus_start = bad == 0 ? 0 : ((LlScanBus *) g_ptr_array_index (all, bad - 1))->end;
      char *tag = strstr (text + bus_start, "</route>");
      g_autoptr(GString) broken = g_string_new_len (text, length);
      g_autoptr(GPtrArray) before = NULL;
      g_autofree char *broken_path = NULL;
      g_autofree char *expected = NULL;
      gsize at = tag - text;
      int line, column;
      Run run;

      /* </route> becomes </rout>: the parser stops at its '>'. */
      g_string_erase (broken, at + strlen ("</rout"), 1);
      broken_path = write_text (dir, "broken.xml", broken->str, broken->len);
      scan_position (broken->str, at + strlen ("</rout"), &line, &column);
      before = ll_scan_buses (text, bus_start);
      expected = scan_transcript (before, "22", "North Bound", FALSE);

      run_init (&run);
      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          const GError *error;

          run_file (&run, broken_path, methods[m], "22", "North Bound");
          error = ll_sax_bus_model_get_error (run.model);
          g_assert_error (error, LL_BUS_ERROR, LL_BUS_ERROR_MALFORMED);
          g_test_message ("%s", error->message);
          g_assert_nonnull (strstr (error->message, "“rout”"));
          g_assert_cmpint (ll_sax_bus_model_get_error_line (run.model), ==, line);
          g_assert_cmpint (ll_sax_bus_model_get_error_column (run.model), ==, column);
          g_assert_cmpstr (run.lines->str, ==, methods[m] == LL_SAX_BUS_STREAM ? expected : "");
        }
      run_clear (&run);
      if (bad == 1700)
        g_assert_cmpuint (ll_scan_count (before, "22", "North Bound"), >, 10);
    }

  ll_test_remove_tree (dir);
}

static void
assert_fails (const char *path,
              GQuark      domain,
              int         code,
              const char *words)
{
  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      const GError *error;
      Run run;

      run_init (&run);
      run_file (&run, path, methods[m], "22", "North Bound");
      error = ll_sax_bus_model_get_error (run.model);
      g_assert_error (error, domain, code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, words));
      g_assert_cmpint (ll_sax_bus_model_get_state (run.model), ==, LL_SAX_BUS_STATE_FAILED);
      g_assert_cmpuint (ll_sax_bus_model_get_n_matches (run.model), ==, 0);
      g_assert_cmpstr (run.lines->str, ==, "");
      run_clear (&run);
    }
}

/* Not a feed at all: each says so in a user's words. */
static void
test_not_a_feed (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);
  g_autofree char *empty = write_text (dir, "empty.xml", "", 0);
  g_autofree char *blank = write_text (dir, "blank.xml", "  \n\n \n", -1);
  g_autofree char *nul = write_text (dir, "nul.xml", "<buses>\0<bus>", 13);
  g_autofree char *gzip = write_text (dir, "feed.xml.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  g_autofree char *latin1 = write_text (dir, "latin1.xml", "<buses><bus><fs>Caf\xe9</fs></bus></buses>", -1);
  g_autofree char *bad_bus = write_text (dir, "bad-bus.xml",
                                         "<buses>\n  <bus><id>1</id><route>22</route><direction>North Bound</direction>"
                                         "<latitude>north</latitude><longitude>-87.6</longitude></bus>\n</buses>\n", -1);

  assert_fails (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no such file");
  assert_fails (dir, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "folder");
  assert_fails (empty, LL_BUS_ERROR, LL_BUS_ERROR_EMPTY, "is empty");
  assert_fails (blank, LL_BUS_ERROR, LL_BUS_ERROR_EMPTY, "only white space");
  assert_fails (nul, LL_BUS_ERROR, LL_BUS_ERROR_BINARY, "NUL byte at offset 7");
  assert_fails (gzip, LL_BUS_ERROR, LL_BUS_ERROR_BINARY, "at offset 1");
  assert_fails (latin1, LL_BUS_ERROR, LL_BUS_ERROR_BINARY, "UTF-8");
  assert_fails (bad_bus, LL_BUS_ERROR, LL_BUS_ERROR_BAD_RECORD, "Bus 1 has a <latitude> that is not a number: “north”");

  ll_test_remove_tree (dir);
}

/* Stopping */

/* Whether the scheduler's one task is awaiting GIO (or a thread). */
static gboolean
task_awaits (LlScheduler *scheduler)
{
  g_autoptr(GPtrArray) tasks = ll_scheduler_list_tasks (scheduler);

  return tasks->len == 1 && ll_co_get_wait (g_ptr_array_index (tasks, 0)) == LL_CO_WAIT_ASYNC;
}

/* How many files in @path begin with a dot: temporary ones. */
static guint
count_hidden (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += name[0] == '.';

  return n;
}

/* From inside a match's ::line handler, from the loop between two
 * reads, by letting go of the model: nothing more is printed, the task
 * unwinds, every frame is freed (the ASan build checks), and the model
 * can run again. */
static void
test_stop (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = write_feed (dir, "feed.xml", 6000, 21);
  gsize length;
  g_autofree char *text = read_text (path, &length);
  g_autoptr(GPtrArray) buses = ll_scan_buses (text, length);
  g_autofree char *expected = scan_transcript (buses, "22", "North Bound", TRUE);

  g_assert_cmpuint (length, >, 4 * LL_SAX_BUS_CHUNK);

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      Run run;

      /* In the ::line handler, in the middle of a parse */
      run_init (&run);
      run.stop_at_line = 2;
      run_file (&run, path, methods[m], "22", "North Bound");
      g_assert_cmpuint (run.n_lines, ==, 2);
      g_assert_cmpint (ll_sax_bus_model_get_state (run.model), ==, LL_SAX_BUS_STATE_STOPPED);
      g_assert_no_error (ll_sax_bus_model_get_error (run.model));
      g_assert_true (ll_bus_chain_get_stopped (ll_sax_bus_model_get_chain (run.model)));
      wait_for_tasks (run.scheduler);
      g_assert_true (ll_bus_chain_get_closed (ll_sax_bus_model_get_chain (run.model)));
      g_assert_cmpuint (run.n_lines, ==, 2);

      /* Again, to the end */
      run.stop_at_line = 0;
      run_file (&run, path, methods[m], "22", "North Bound");
      g_assert_cmpstr (run.lines->str, ==, expected);
      g_assert_cmpint (ll_sax_bus_model_get_state (run.model), ==, LL_SAX_BUS_STATE_FINISHED);
      run_clear (&run);
    }

  /* Between two reads: the first chunk counted, the next read in flight */
  {
    Run run;

    run_init (&run);
    run.stop_at_read = TRUE;
    run_file (&run, path, LL_SAX_BUS_STREAM, "22", "North Bound");
    g_assert_cmpint (ll_sax_bus_model_get_state (run.model), ==, LL_SAX_BUS_STATE_STOPPED);
    g_assert_cmpuint (ll_sax_bus_model_get_bytes_read (run.model), <, length);
    g_assert_cmpuint (ll_sax_bus_model_get_bytes_read (run.model), >, 0);
    wait_for_tasks (run.scheduler);
    /* The first chunk's buses, and no count line. */
    g_assert_cmpuint (run.n_lines, ==, ll_sax_bus_model_get_n_matches (run.model));
    g_assert_cmpuint (run.n_lines, >, 0);
    g_assert_true (g_str_has_prefix (expected, run.lines->str));
    g_assert_null (strstr (run.lines->str, " buses\n"));
    run_clear (&run);
  }

  /* The model let go of in the middle */
  {
    Run run;
    g_autoptr(GFile) file = g_file_new_for_path (path);

    run_init (&run);
    ll_sax_bus_model_start (run.model, file);
    while (ll_sax_bus_model_get_bytes_read (run.model) == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (run.model)));
    g_assert_finalize_object (g_steal_pointer (&run.model));
    wait_for_tasks (run.scheduler);
    run_clear (&run);
  }

  /* While the feed is being written, in its thread: the thread stops at
   * its next block and leaves no temporary file behind. */
  {
    g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "looplab", NULL);
    Run run;

    run_init (&run);
    ll_sax_bus_model_start_generated (run.model, 40000, 77);
    g_assert_cmpint (ll_sax_bus_model_get_state (run.model), ==, LL_SAX_BUS_STATE_GENERATING);
    while (!task_awaits (run.scheduler))
      g_main_context_iteration (NULL, TRUE);
    ll_sim_model_stop (LL_SIM_MODEL (run.model));
    g_assert_cmpint (ll_sax_bus_model_get_state (run.model), ==, LL_SAX_BUS_STATE_STOPPED);
    wait_for_tasks (run.scheduler);
    g_assert_cmpstr (run.lines->str, ==, "");
    g_assert_cmpuint (count_hidden (cache), ==, 0);
    run_clear (&run);
  }

  ll_test_remove_tree (dir);
}

/* The window's way: the cached feed, written in a worker thread the
 * first time, taken as it is the next. */
static void
test_generated (void)
{
  g_autoptr(GFile) cached = ll_bus_feed_get_default (1800, 4);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GPtrArray) buses = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "looplab", NULL);
  g_autofree char *cached_dir = g_path_get_dirname (g_file_peek_path (cached));
  Run run;

  g_assert_cmpstr (cached_dir, ==, cache_dir);
  g_assert_false (g_file_query_exists (cached, NULL));

  g_assert_true (ll_bus_feed_write (out, 1800, 4, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  buses = ll_scan_buses (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  expected = scan_transcript (buses, "22", "North Bound", TRUE);

  run_init (&run);
  ll_sax_bus_model_start_generated (run.model, 1800, 4);
  run_wait (&run);
  g_assert_no_error (ll_sax_bus_model_get_error (run.model));
  g_assert_true (ll_sax_bus_model_get_generated (run.model));
  g_assert_true (g_file_query_exists (cached, NULL));
  g_assert_true (g_file_equal (ll_sax_bus_model_get_file (run.model), cached));
  g_assert_cmpstr (run.lines->str, ==, expected);
  {
    LlSaxBusState went[] = { LL_SAX_BUS_STATE_GENERATING, LL_SAX_BUS_STATE_READING, LL_SAX_BUS_STATE_FINISHED };

    g_assert_cmpmem (run.states->data, run.states->len * sizeof (LlSaxBusState), went, sizeof went);
  }

  g_array_set_size (run.states, 0);
  g_string_truncate (run.lines, 0);
  ll_sax_bus_model_start_generated (run.model, 1800, 4);
  run_wait (&run);
  g_assert_false (ll_sax_bus_model_get_generated (run.model));
  g_assert_cmpstr (run.lines->str, ==, expected);
  run_clear (&run);
}

/* The program */

static guint
count_leftover_feeds (void)
{
  g_autoptr(GDir) dir = g_dir_open (test_tmpdir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (name, "looplab-buses-");

  return n;
}

static void
test_program (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *saved = g_build_filename (dir, "saved.xml", NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GPtrArray) buses = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  gsize length;

  /* The generated feed, counted; its temporary file gone after. */
  g_assert_true (ll_bus_feed_write (out, 35000, 2, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  buses = ll_scan_buses (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  output = ll_test_run_program_ok ("sax-bus --buses 35000 --seed 2 --count-only");
  expected = g_strdup_printf ("%u buses\n", ll_scan_count (buses, "22", "North Bound"));
  g_assert_cmpstr (output, ==, expected);
  /* Four digits, no separator. */
  g_assert_true (g_regex_match_simple ("^[0-9]{4} buses\n$", output, 0, 0));
  g_assert_cmpuint (count_leftover_feeds (), ==, 0);
  g_clear_pointer (&output, g_free);

  /* --save-feed keeps it, and what it keeps is what was counted. */
  line = g_strdup_printf ("sax-bus --buses 1200 --seed 9 --save-feed %s --route 9 --direction 'South Bound'", saved);
  output = ll_test_run_program_ok (line);
  text = read_text (saved, &length);
  g_clear_pointer (&buses, g_ptr_array_unref);
  buses = ll_scan_buses (text, length);
  g_assert_cmpuint (buses->len, ==, 1200);
  g_clear_pointer (&expected, g_free);
  expected = scan_transcript (buses, "9", "South Bound", TRUE);
  g_assert_cmpstr (output, ==, expected);
  g_assert_cmpuint (count_leftover_feeds (), ==, 0);
  g_clear_pointer (&output, g_free);

  /* The defaults: 200 000 buses of seed 1 is the feed without options;
   * here the same route and direction, on the saved file, --dom too. */
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("sax-bus --file %s --dom", saved);
  output = ll_test_run_program_ok (line);
  g_clear_pointer (&expected, g_free);
  expected = scan_transcript (buses, "22", "North Bound", TRUE);
  g_assert_cmpstr (output, ==, expected);
  g_clear_pointer (&output, g_free);

  /* Options that do not go together */
  {
    const char *bad[] = {
      "sax-bus --file x.xml --buses 5",
      "sax-bus --file x.xml --save-feed y.xml",
      "sax-bus --buses -3",
      "sax-bus --buses 10000001",
      "sax-bus --seed 4294967296",
      "sax-bus stray",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) bad_error = NULL;

        g_assert_null (ll_test_run_program (bad[i], &bad_error));
        g_assert_error (bad_error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      }
  }

  ll_test_remove_tree (dir);
}

/* A feed that breaks half way: the program fails with the parser's
 * words, after printing every bus before the fault. */
static void
test_program_error (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = write_feed (dir, "feed.xml", 1000, 6);
  gsize length;
  g_autofree char *text = read_text (path, &length);
  g_autoptr(GPtrArray) buses = ll_scan_buses (text, length);
  LlScanBus *bus = g_ptr_array_index (buses, 700);
  g_autofree char *cut = write_text (dir, "cut.xml", text, bus->end - 20);
  g_autoptr(GPtrArray) before = ll_scan_buses (text, bus->end - 20);
  g_autofree char *expected = scan_transcript (before, "22", "North Bound", FALSE);

  for (guint count_only = 0; count_only <= 1; count_only++)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;
      char *argv[] = { (char *) "sax-bus", (char *) "--file", cut,
                       count_only ? (char *) "--count-only" : NULL, NULL };

      g_assert_false (ll_programs_run ("sax-bus", count_only ? 4 : 3, argv, out, &error));
      g_assert_error (error, LL_BUS_ERROR, LL_BUS_ERROR_TRUNCATED);
      g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
      g_assert_true (g_output_stream_close (out, NULL, NULL));
      g_assert_cmpstr (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), ==,
                       count_only ? "" : expected);
    }
  g_assert_cmpuint (ll_scan_count (before, "22", "North Bound"), >, 5);

  ll_test_remove_tree (dir);
}

/* The Python peer prints the same bytes on the same feed. */
static void
test_python (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "resources", "python", "sax_bus.py", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/python3");
      return;
    }

  dir = make_temp_dir ();
  path = write_feed (dir, "feed.xml", 3000, 8);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      const char *argv[] = { "/usr/bin/python3", script, path, queries[q].route, queries[q].direction, NULL };
      g_autofree char *line = g_strdup_printf ("sax-bus --file %s --route %s --direction '%s'",
                                               path, queries[q].route, queries[q].direction);
      g_autofree char *ours = ll_test_run_program_ok (line);
      g_autofree char *theirs = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &theirs, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (err, ==, "");
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (theirs, ==, ours);
    }

  ll_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *tmp = g_getenv ("TMPDIR");
  g_autofree char *template = g_build_filename (tmp != NULL && *tmp != '\0' ? tmp : "/tmp",
                                                "looplab-test-sax-bus-XXXXXX", NULL);
  g_autofree char *cache_dir = NULL;
  int status;

  setlocale (LC_ALL, "");

  /* Before GLib reads TMPDIR and XDG_CACHE_HOME, which it does once:
   * the program's temporary feeds land where test_program() can look,
   * and the model's cached feeds in a cache of the test's own. */
  test_tmpdir = g_mkdtemp (template) != NULL ? g_strdup (template) : NULL;
  g_assert_nonnull (test_tmpdir);
  cache_dir = g_build_filename (test_tmpdir, "cache", NULL);
  g_setenv ("TMPDIR", test_tmpdir, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/sax-bus/feed", test_feed);
  g_test_add_func ("/looplab/sax-bus/record", test_record);
  g_test_add_func ("/looplab/sax-bus/stages", test_stages);
  g_test_add_func ("/looplab/sax-bus/close-order", test_close_order);
  g_test_add_func ("/looplab/sax-bus/throw", test_throw);
  g_test_add_func ("/looplab/sax-bus/checksum", test_checksum);
  g_test_add_func ("/looplab/sax-bus/counts", test_counts);
  g_test_add_func ("/looplab/sax-bus/transcript", test_transcript);
  g_test_add_func ("/looplab/sax-bus/graph", test_graph);
  g_test_add_func ("/looplab/sax-bus/truncated", test_truncated);
  g_test_add_func ("/looplab/sax-bus/malformed", test_malformed);
  g_test_add_func ("/looplab/sax-bus/not-a-feed", test_not_a_feed);
  g_test_add_func ("/looplab/sax-bus/stop", test_stop);
  g_test_add_func ("/looplab/sax-bus/generated", test_generated);
  g_test_add_func ("/looplab/sax-bus/program", test_program);
  g_test_add_func ("/looplab/sax-bus/program-error", test_program_error);
  g_test_add_func ("/looplab/sax-bus/python", test_python);

  status = g_test_run ();
  ll_test_remove_tree (test_tmpdir);
  g_free (test_tmpdir);

  return status;
}
