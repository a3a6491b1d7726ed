/* ll-producer-consumer-page.h: "Producer and consumer", a step debugger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-demo-page.h"
#include "ll-producer-consumer-model.h"

G_BEGIN_DECLS

#define LL_TYPE_PRODUCER_CONSUMER_PAGE (ll_producer_consumer_page_get_type ())

G_DECLARE_FINAL_TYPE (LlProducerConsumerPage, ll_producer_consumer_page, LL, PRODUCER_CONSUMER_PAGE, LlDemoPage)

GtkWidget               *ll_producer_consumer_page_new        (LlLoopMonitor          *monitor);
LlProducerConsumerModel *ll_producer_consumer_page_get_model  (LlProducerConsumerPage *self);
GtkWidget               *ll_producer_consumer_page_get_view   (LlProducerConsumerPage *self);

G_END_DECLS
