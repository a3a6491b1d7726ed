/* ll-demo-registry.c: the catalogue of demos the window offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-demo-registry"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-demo-registry.h"
#include "ll-message-loop-page.h"

#define SOURCES LL_DEMO_SOURCES_PREFIX

static const LlDemo demos[] = {
  {
    "message-loop",
    N_("Message loop"),
    N_("The message loop, live"),
    N_("Heartbeat, loop lag, utilization, and what one slow handler does"),
    N_("<b>A GUI is a loop.</b> Its main thread does one thing, over and over: "
       "wait for the next event (a key, a click, a timer, a finished read), run the "
       "handler for it, and go back for the next. GTK’s main loop is that message loop, "
       "and this window is running on it right now.\n\n"
       "<b>What you see.</b> The heart beats on the frame clock: each beat is a frame the "
       "loop found time to draw. The lag chart shows how late a timer that should fire "
       "every 10 ms really fires: that delay is time the loop was busy elsewhere. "
       "Utilization is the share of each second spent running handlers rather than "
       "waiting. The timeline lists the handlers the loop ran, and the input log shows "
       "how long each key press and click waited in the queue.\n\n"
       "<b>Why one slow handler freezes everything.</b> There is only one loop. While a "
       "handler runs, no other event is read: no redraw, no click, no key. "
       "<b>Freeze the loop</b> runs a handler that blocks on purpose.\n\n"
       "<b>Try this.</b> Press <b>Freeze the loop</b>, then press <b>Click me</b> and "
       "type a few keys while the heart has stopped. When the loop comes back, the page "
       "names the handler that blocked it and for how long, the lag chart shows the "
       "spike, and the input log shows your clicks and keys with the time they waited."),
    SOURCES "ui/ll-message-loop-page.c",
    ll_message_loop_page_get_type,
  },
};

const LlDemo *
ll_demo_registry_get (guint *n_demos)
{
  if (n_demos != NULL)
    *n_demos = G_N_ELEMENTS (demos);
  return demos;
}

const LlDemo *
ll_demo_registry_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    {
      if (g_str_equal (demos[i].id, id))
        return &demos[i];
    }

  return NULL;
}
