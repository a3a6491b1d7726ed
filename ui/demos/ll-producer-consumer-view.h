/* ll-producer-consumer-view.h: control passing between producer and consumer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-producer-consumer-model.h"
#include "ll-sim-view.h"

G_BEGIN_DECLS

#define LL_TYPE_PRODUCER_CONSUMER_VIEW (ll_producer_consumer_view_get_type ())

G_DECLARE_FINAL_TYPE (LlProducerConsumerView, ll_producer_consumer_view, LL, PRODUCER_CONSUMER_VIEW, LlSimView)

GtkWidget *ll_producer_consumer_view_new            (LlProducerConsumerModel *model);
guint      ll_producer_consumer_view_get_n_arrows   (LlProducerConsumerView  *self);
guint      ll_producer_consumer_view_get_drawn_step (LlProducerConsumerView  *self);

G_END_DECLS
