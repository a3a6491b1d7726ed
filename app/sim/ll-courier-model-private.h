/* ll-courier-model-private.h: the courier model's instance, for its files
 *
 * ll-courier-model.c is the model's story (the coroutines, start and
 * stop), the one the Source tab shows; ll-courier-model-counters.c
 * answers what the run has counted so far.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-courier-agenda.h"
#include "ll-courier-model.h"

G_BEGIN_DECLS

typedef struct
{
  LlCourierActor  actor;
  GRand          *rand;
} Centre;

typedef struct
{
  LlCourierActor  actor;
  GRand          *rand;
  guint           trip[LL_COURIER_MODEL_MAX_CAPACITY];  /* the parcels of this trip */
  guint           trip_len;
  guint           load;                                 /* those not delivered yet */
  guint           n_delivered;
  guint           busy;                                 /* units spent delivering */
} Courier;

struct _LlCourierModel
{
  LlSimModel       parent_instance;

  /* Owned references */
  GArray          *events;
  char            *names[LL_COURIER_MODEL_MAX_COURIERS];

  /* The configuration, and the run's copy of it, made at start */
  LlCourierConfig  config;
  LlCourierConfig  run;

  /* The run */
  LlCourierAgenda  agenda;
  Centre           centre;
  Courier         *couriers;
  guint            n_couriers;     /* of the run, 0 before the first */
  GQueue           queue;          /* parcel numbers, as GUINT_TO_POINTER */
  guint            n_produced;
  guint            n_waiting;
  guint            n_in_transit;
  guint            n_delivered;
  gboolean         stopped;        /* by a stop: silent from now on */
};

G_END_DECLS
