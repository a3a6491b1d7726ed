/* ll-sax-bus-private.h: what the two ways of reading share with the model
 *
 * LlSaxBusModel spans two files.  ll-sax-bus-model.c holds the model,
 * the run's task and the streamed way; ll-sax-bus-dom.c holds the other
 * way, the whole file first and a tree built from it.  The run's task
 * hands the DOM way its #LlSaxBusRunFrame, and the DOM way writes its
 * figures into the model with the helpers below, as the stream does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-sax-bus-model.h"

G_BEGIN_DECLS

struct _LlSaxBusModel
{
  LlSimModel      parent_instance;

  /* What the next run is */
  char           *route;
  char           *direction;
  char           *route2;          /* NULL: one branch */
  char           *direction2;
  LlSaxBusMethod  method;

  /* The run: owned references */
  LlCo           *task;            /* the run's task, until the next start */
  GFile          *file;
  LlPipe         *pipe;
  LlBusChain     *chain;
  GError         *error;

  /* The run: what it says */
  LlSaxBusState   state;
  gboolean        generated;
  int             error_line;
  int             error_column;
  guint64         bytes_read;
  guint64         file_size;
  guint64         n_events;
  double          events_per_second;
  guint           n_matches;
  gint64          elapsed;
  gint64          longest_block;
  guint64         rss_before;
  guint64         rss_peak;
  guint64         held_bytes;
};

enum {
  PROP_0,
  PROP_ROUTE,
  PROP_DIRECTION,
  PROP_METHOD,
  PROP_STATE,
  PROP_FILE,
  PROP_PIPE,
  PROP_ERROR,
  PROP_BYTES_READ,
  PROP_FILE_SIZE,
  PROP_N_EVENTS,
  PROP_EVENTS_PER_SECOND,
  PROP_N_MATCHES,
  PROP_ELAPSED,
  PROP_LONGEST_BLOCK,
  PROP_RSS_BEFORE,
  PROP_RSS_PEAK,
  PROP_HELD_BYTES,
  N_PROPS
};

/* The run */

typedef struct
{
  LlCo              co;
  LlSaxBusModel    *self;          /* borrowed: cleared when the model lets go */
  GFile            *file;
  char             *display_name;
  LlSaxBusMethod    method;
  gboolean          generate;
  guint             n_buses;
  guint32           seed;

  LlBusChain       *chain;
  LlBusParser      *parser;
  guint             file_edge;     /* the file's bytes, into the parser */
  GFileInputStream *in;
  char             *buffer;
  gssize            n;
  gint64            start;         /* wall clock, as reading begins */
} LlSaxBusRunFrame;

void            ll_sax_bus_set_uint64          (LlSaxBusModel     *self,
                                                guint64           *field,
                                                guint64            value,
                                                guint              prop);
void            ll_sax_bus_sample_rss          (LlSaxBusModel     *self);
GError         *ll_sax_bus_open_error          (LlSaxBusRunFrame  *f,
                                                GError            *error);
LlSaxBusModel  *ll_sax_bus_publish_begin       (LlSaxBusRunFrame  *f);
void            ll_sax_bus_publish_end         (LlSaxBusModel     *self);

/* The DOM way, in ll-sax-bus-dom.c */
gboolean        ll_sax_bus_dom_read_and_walk   (LlSaxBusRunFrame  *f,
                                                GError           **error);

G_END_DECLS
