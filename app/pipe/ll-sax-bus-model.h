/* ll-sax-bus-model.h: "Event dispatching: XML streamed into coroutines"
 *
 * The model behind `looplab-cli run sax-bus` and the window's demo of
 * the same name.  A task reads a bus feed (ll-bus-feed.h) in chunks with
 * GIO's async reads and hands each chunk to a GMarkupParseContext, whose
 * callbacks send every start tag, text and end tag into the course's
 * chain of coroutines (ll-bus-chain.h); the buses of one route going one
 * way come out at the end, one ::line each.  The loop is held only while
 * one chunk's events go down the chain.
 *
 * The other way, %LL_SAX_BUS_DOM, reads the whole file into memory and
 * builds a tree first, on the loop's thread, as a DOM parser does, and
 * then walks the tree through the same filters: the same buses, after
 * the loop was blocked for the whole file and with the whole tree in
 * memory.  The model measures both: the longest stretch the loop was
 * held, and memory (see ll_sax_bus_model_get_rss_peak() and
 * ll_sax_bus_model_get_held_bytes()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-bus-chain.h"
#include "ll-pipe.h"
#include "ll-scheduler.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

/* One read: 256 KiB, about 1 200 buses, a few milliseconds of events:
 * four times fewer round trips to GIO's worker thread than 64 KiB (the
 * run took 0.57 s instead of 0.75 on the default feed), and well inside
 * a frame. */
#define LL_SAX_BUS_CHUNK (256 * 1024)

/**
 * LlSaxBusMethod:
 * @LL_SAX_BUS_STREAM: chunks into GMarkup, events into the chain as they
 *   come (the course's SAX way)
 * @LL_SAX_BUS_DOM: the whole file into memory, a tree built, then walked
 *
 * How the feed is read.
 */
typedef enum
{
  LL_SAX_BUS_STREAM,
  LL_SAX_BUS_DOM,
} LlSaxBusMethod;

/**
 * LlSaxBusState:
 * @LL_SAX_BUS_STATE_IDLE: never started
 * @LL_SAX_BUS_STATE_GENERATING: writing the feed, in a worker thread
 * @LL_SAX_BUS_STATE_READING: reading and parsing
 * @LL_SAX_BUS_STATE_FINISHED: the whole feed went through
 * @LL_SAX_BUS_STATE_FAILED: the feed could not be read or parsed; see
 *   ll_sax_bus_model_get_error()
 * @LL_SAX_BUS_STATE_STOPPED: stopped before the end
 *
 * Where a run stands.
 */
typedef enum
{
  LL_SAX_BUS_STATE_IDLE,
  LL_SAX_BUS_STATE_GENERATING,
  LL_SAX_BUS_STATE_READING,
  LL_SAX_BUS_STATE_FINISHED,
  LL_SAX_BUS_STATE_FAILED,
  LL_SAX_BUS_STATE_STOPPED,
} LlSaxBusState;

#define LL_TYPE_SAX_BUS_METHOD (ll_sax_bus_method_get_type ())
#define LL_TYPE_SAX_BUS_STATE (ll_sax_bus_state_get_type ())
#define LL_TYPE_SAX_BUS_MODEL (ll_sax_bus_model_get_type ())

GType ll_sax_bus_method_get_type (void) G_GNUC_CONST;
GType ll_sax_bus_state_get_type  (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (LlSaxBusModel, ll_sax_bus_model, LL, SAX_BUS_MODEL, LlSimModel)

LlSaxBusModel  *ll_sax_bus_model_new                   (LlScheduler    *scheduler);

/* What the next run looks for, and how */
const char     *ll_sax_bus_model_get_route             (LlSaxBusModel  *self);
void            ll_sax_bus_model_set_route             (LlSaxBusModel  *self,
                                                        const char     *route);
const char     *ll_sax_bus_model_get_direction         (LlSaxBusModel  *self);
void            ll_sax_bus_model_set_direction         (LlSaxBusModel  *self,
                                                        const char     *direction);
void            ll_sax_bus_model_set_second_branch     (LlSaxBusModel  *self,
                                                        const char     *route,
                                                        const char     *direction);
LlSaxBusMethod  ll_sax_bus_model_get_method            (LlSaxBusModel  *self);
void            ll_sax_bus_model_set_method            (LlSaxBusModel  *self,
                                                        LlSaxBusMethod  method);

void            ll_sax_bus_model_start                 (LlSaxBusModel  *self,
                                                        GFile          *file);
void            ll_sax_bus_model_start_generated       (LlSaxBusModel  *self,
                                                        guint           n_buses,
                                                        guint32         seed);

/* The run */
LlSaxBusState   ll_sax_bus_model_get_state             (LlSaxBusModel  *self);
GFile          *ll_sax_bus_model_get_file              (LlSaxBusModel  *self);
gboolean        ll_sax_bus_model_get_generated         (LlSaxBusModel  *self);
LlPipe         *ll_sax_bus_model_get_pipe              (LlSaxBusModel  *self);
LlBusChain     *ll_sax_bus_model_get_chain             (LlSaxBusModel  *self);
const GError   *ll_sax_bus_model_get_error             (LlSaxBusModel  *self);
int             ll_sax_bus_model_get_error_line        (LlSaxBusModel  *self);
int             ll_sax_bus_model_get_error_column      (LlSaxBusModel  *self);

/* Its figures */
guint64         ll_sax_bus_model_get_bytes_read        (LlSaxBusModel  *self);
guint64         ll_sax_bus_model_get_file_size         (LlSaxBusModel  *self);
guint64         ll_sax_bus_model_get_n_events          (LlSaxBusModel  *self);
double          ll_sax_bus_model_get_events_per_second (LlSaxBusModel  *self);
guint           ll_sax_bus_model_get_n_matches         (LlSaxBusModel  *self);
gint64          ll_sax_bus_model_get_elapsed           (LlSaxBusModel  *self);
gint64          ll_sax_bus_model_get_longest_block     (LlSaxBusModel  *self);
guint64         ll_sax_bus_model_get_rss_before        (LlSaxBusModel  *self);
guint64         ll_sax_bus_model_get_rss_peak          (LlSaxBusModel  *self);
guint64         ll_sax_bus_model_get_held_bytes        (LlSaxBusModel  *self);

G_END_DECLS
