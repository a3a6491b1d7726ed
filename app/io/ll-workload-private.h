/* ll-workload-private.h: what the files of LlWorkload share
 *
 * LlWorkload spans one file per kind of work (ll-workload-sleep.c,
 * -read.c, -fetch.c, -compute.c), so that the Source tab of the page can
 * show each workload's code on its own; ll-workload.c holds the object,
 * the run's bookkeeping and the result.
 *
 * A run: ll_workload_run_async() checks the settings, then calls the
 * kind's start function.  A blocking start does the work before it
 * returns; a non-blocking one spawns a root coroutine (or a thread).
 * Either way, the end of the work calls _ll_workload_work_done(), which
 * queues the completion in an idle: the result is assembled (with the
 * monitor's figures) once the loop has caught up.
 *
 * Coroutine runs spawn their tasks with _ll_workload_spawn(); each
 * task's cleanup calls _ll_workload_task_finished(), and the work is
 * done when the last one has finished, never before: nothing of a run
 * is still using the workload when its result is delivered.  The first
 * task that fails cancels the others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-workload.h"

G_BEGIN_DECLS

struct _LlWorkload
{
  GObject         parent_instance;

  /* construct-only */
  LlWorkloadKind  kind;
  LlWorkloadMode  mode;

  /* owned references */
  LlLoopMonitor  *monitor;          /* nullable */
  LlScheduler    *scheduler;        /* created on first use if unset */
  GFile          *file;

  /* settings */
  double          seconds;
  guint           chunk_size;
  guint           readers;
  guint           port;
  guint           n_requests;
  gint64          delay;
  guint64         numbers;
  char           *handler_name;

  /* progress */
  guint64         done;
  guint64         total;
  double          progress;

  /* the current run: its task, its own cancellable, pending sources */
  GTask          *task;
  GMainContext   *context;
  GCancellable   *cancellable;
  GCancellable   *caller_cancellable;
  gulong          caller_cancelled_id;
  GSource        *cancel_source;
  GSource        *tick_source;
  GSource        *complete_source;
  GPtrArray      *tasks;            /* LlCo, the run's coroutines */
  guint           n_active;         /* of them, not finished */

  /* what the run found */
  GError         *error;
  gint64          real_start;       /* monotonic µs */
  gint64          real_end;
  gint64          cpu_start;        /* the calling thread's CPU time, µs */
  gint64          cpu_end;
  gint64          clock_start;      /* the run's clock */
  gint64          clock_end;
  gint64          requested;
  guint64         bytes;
  guint64         primes;
  guint64         numbers_done;
  GArray         *requests;         /* LlFetchRequest */
};

/* ll-workload.c */
LlScheduler  *_ll_workload_ensure_scheduler   (LlWorkload     *self);
gint64        _ll_workload_now                (LlWorkload     *self);
gint64        _ll_workload_thread_cpu_time    (void);
void          _ll_workload_set_total          (LlWorkload     *self,
                                               guint64         total);
void          _ll_workload_set_done           (LlWorkload     *self,
                                               guint64         done);
void          _ll_workload_start_ticker       (LlWorkload     *self,
                                               GSourceFunc     func,
                                               gpointer        data,
                                               GDestroyNotify  destroy);
void          _ll_workload_spawn              (LlWorkload     *self,
                                               LlCo           *co);
void          _ll_workload_task_finished      (LlWorkload     *self,
                                               LlCo           *co);
void          _ll_workload_emit_request_changed (LlWorkload   *self,
                                               guint           index);
void          _ll_workload_work_done          (LlWorkload     *self,
                                               GError         *error);
void          _ll_workload_yield_async        (GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
gboolean      _ll_workload_yield_finish       (GAsyncResult   *result,
                                               GError        **error);

/* One start function per kind: blocking ones do the work before they
 * return; the others start it. */
void          _ll_workload_sleep_start        (LlWorkload     *self);
void          _ll_workload_read_start         (LlWorkload     *self);
void          _ll_workload_fetch_start        (LlWorkload     *self);
void          _ll_workload_compute_start      (LlWorkload     *self);

/* ll-workload-read.c */
gboolean      _ll_workload_check_file_info    (GFile          *file,
                                               GFileInfo      *info,
                                               GError        **error);

/* ll-workload-fetch.c */
void          _ll_fetch_request_clear         (LlFetchRequest *request);
void          _ll_fetch_request_copy          (const LlFetchRequest *from,
                                               LlFetchRequest *to);
char         *_ll_workload_describe_failures  (GArray         *requests);

G_END_DECLS
