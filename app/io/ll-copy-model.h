/* ll-copy-model.h: "The two-way message", an async file copy
 *
 * The model behind `looplab-cli run gio-chain` and the window's demo of
 * the same name.  It copies a file chunk by chunk with
 * g_input_stream_read_async() and g_output_stream_write_async(), written
 * in one of two styles: a chain of GAsyncReadyCallbacks
 * (ll-copy-callbacks.c) or a coroutine (ll-copy-coroutine.c).  Every
 * call makes the same round trip, and the model reports each leg of it
 * as an #LlCopyEvent: the request (the `_async` call returns at once),
 * the completion coming back to the loop (the ready callback runs), the
 * `_finish` call that takes the count out of the result, and the copy
 * carrying on with that count.
 *
 * On a scheduler in step mode, each ll_sim_model_step() shows one
 * message; a completion that comes back before its Step waits for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-scheduler.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

/* Chunk sizes in bytes: the smallest makes a three-chunk copy of a few
 * bytes for the tests; the default is argued in ll-copy-model.c. */
#define LL_COPY_MIN_CHUNK      1
#define LL_COPY_DEFAULT_CHUNK  (4 * 1024 * 1024)
#define LL_COPY_MAX_CHUNK      (64 * 1024 * 1024)

/**
 * LlCopyStyle:
 * @LL_COPY_STYLE_CALLBACKS: a chain of GAsyncReadyCallbacks, GIO's own
 *   style (ll-copy-callbacks.c)
 * @LL_COPY_STYLE_COROUTINE: a coroutine that awaits each call with
 *   LL_CO_AWAIT() (ll-copy-coroutine.c)
 *
 * How the copy is written.  Both make the same calls in the same order.
 */
typedef enum
{
  LL_COPY_STYLE_CALLBACKS,
  LL_COPY_STYLE_COROUTINE,
} LlCopyStyle;

/**
 * LlCopyDirection:
 * @LL_COPY_READ: a read from the source
 * @LL_COPY_WRITE: a write to the copy
 *
 * Which way a message's call moves the bytes.
 */
typedef enum
{
  LL_COPY_READ,
  LL_COPY_WRITE,
} LlCopyDirection;

/**
 * LlCopyEventKind:
 * @LL_COPY_EVENT_REQUEST: the `_async` call: the copy asks for IO and
 *   returns to the loop, which carries on
 * @LL_COPY_EVENT_COMPLETE: the completion came back to the loop, and the
 *   ready callback runs (the coroutine's queues the coroutine)
 * @LL_COPY_EVENT_FINISH: the `_finish` call takes the count, or the
 *   error, out of the result
 * @LL_COPY_EVENT_RESUME: the copy carries on with the count: the chain
 *   makes its next call, the coroutine goes on past its await
 *
 * The four legs of one call, in the order they happen.
 */
typedef enum
{
  LL_COPY_EVENT_REQUEST,
  LL_COPY_EVENT_COMPLETE,
  LL_COPY_EVENT_FINISH,
  LL_COPY_EVENT_RESUME,
} LlCopyEventKind;

/**
 * LlCopyEvent:
 * @kind: which leg of the call
 * @direction: a read or a write
 * @chunk: the chunk's number, from 1; a write has its read's number
 * @bytes: for a request, the bytes asked for; for the others, the count
 *   the call returned; -1 when it failed
 * @error: (nullable): for a failed %LL_COPY_EVENT_FINISH, why
 * @file: the source file of the style that runs, as the source tree
 *   names it ("app/io/ll-copy-callbacks.c"); a static string
 * @line: the line of the C statement in @file, from 1
 * @loop_iterations: for %LL_COPY_EVENT_COMPLETE, how many times the
 *   loop went round while the request was out: the other work it did
 *   meanwhile; 0 for the other kinds
 * @time: when it happened, on the scheduler's clock, in microseconds
 *
 * One message.  In step mode it is reported when its step comes, which
 * may be after it happened: C runs a function to its end, so the legs
 * that follow each other in one callback (a finish, a resume, the next
 * request) happen together and are shown one per step.
 */
typedef struct
{
  LlCopyEventKind  kind;
  LlCopyDirection  direction;
  guint            chunk;
  gint64           bytes;
  GError          *error;
  const char      *file;
  int              line;
  guint            loop_iterations;
  gint64           time;
} LlCopyEvent;

#define LL_TYPE_COPY_STYLE (ll_copy_style_get_type ())
#define LL_TYPE_COPY_DIRECTION (ll_copy_direction_get_type ())
#define LL_TYPE_COPY_EVENT_KIND (ll_copy_event_kind_get_type ())
#define LL_TYPE_COPY_EVENT (ll_copy_event_get_type ())

GType        ll_copy_style_get_type       (void) G_GNUC_CONST;
GType        ll_copy_direction_get_type   (void) G_GNUC_CONST;
GType        ll_copy_event_kind_get_type  (void) G_GNUC_CONST;
GType        ll_copy_event_get_type       (void) G_GNUC_CONST;

LlCopyEvent *ll_copy_event_copy           (const LlCopyEvent *event);
void         ll_copy_event_free           (LlCopyEvent       *event);
char        *ll_copy_event_to_string      (const LlCopyEvent *event);

const char  *ll_copy_style_to_string      (LlCopyStyle        style);
const char  *ll_copy_style_get_source     (LlCopyStyle        style);
GFile       *ll_copy_default_destination  (GFile             *source);

#define LL_TYPE_COPY_MODEL (ll_copy_model_get_type ())

G_DECLARE_FINAL_TYPE (LlCopyModel, ll_copy_model, LL, COPY_MODEL, LlSimModel)

LlCopyModel  *ll_copy_model_new                  (LlScheduler  *scheduler);

LlCopyStyle   ll_copy_model_get_style            (LlCopyModel  *self);
void          ll_copy_model_set_style            (LlCopyModel  *self,
                                                  LlCopyStyle   style);
guint         ll_copy_model_get_chunk_size       (LlCopyModel  *self);
void          ll_copy_model_set_chunk_size       (LlCopyModel  *self,
                                                  guint         chunk_size);
gboolean      ll_copy_model_get_keep_copy        (LlCopyModel  *self);
void          ll_copy_model_set_keep_copy        (LlCopyModel  *self,
                                                  gboolean      keep_copy);
gboolean      ll_copy_model_get_verify           (LlCopyModel  *self);
void          ll_copy_model_set_verify           (LlCopyModel  *self,
                                                  gboolean      verify);

void          ll_copy_model_start                (LlCopyModel  *self,
                                                  GFile        *source,
                                                  GFile        *destination);
void          ll_copy_model_cancel               (LlCopyModel  *self);

GFile        *ll_copy_model_get_source           (LlCopyModel  *self);
GFile        *ll_copy_model_get_destination      (LlCopyModel  *self);
guint64       ll_copy_model_get_total_size       (LlCopyModel  *self);
guint64       ll_copy_model_get_bytes_copied     (LlCopyModel  *self);
guint         ll_copy_model_get_n_chunks         (LlCopyModel  *self);
guint         ll_copy_model_get_chunks_in_flight (LlCopyModel  *self);
const char   *ll_copy_model_get_source_checksum  (LlCopyModel  *self);
const char   *ll_copy_model_get_copy_checksum    (LlCopyModel  *self);
gboolean      ll_copy_model_get_identical        (LlCopyModel  *self);
const GError *ll_copy_model_get_error            (LlCopyModel  *self);
gint64        ll_copy_model_get_duration         (LlCopyModel  *self);
gboolean      ll_copy_model_get_copy_removed     (LlCopyModel  *self);

guint         ll_copy_model_count_live_runs      (void);

G_END_DECLS
