/* ll-web-log.c: seeded lines of a web server's access log
 *
 * Lines in the Common Log Format of Apache, as in the notes' access-log:
 *
 *   71.201.176.194 - - [01/Dec/2026:09:00:03 +0000] "GET /ply/ply-3.11.tar.gz HTTP/1.1" 200 97238
 *
 * The clock in the lines is the log's own, starting at a fixed date and
 * moving on a second now and then, not the machine's: a seed gives the
 * same log on any day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-web-log"

#include "config.h"

#include "ll-web-log.h"

/* What the site serves, and how often each is asked for, out of the sum
 * of the weights: about one line in four names python, one in eight ply,
 * one in ten swig, so that every filter of the demo has work. */
static const struct
{
  const char *path;
  guint       weight;
} pages[] = {
  { "/index.html", 14 },
  { "/favicon.ico", 8 },
  { "/robots.txt", 3 },
  { "/images/logo.png", 7 },
  { "/styles/site.css", 6 },
  { "/python/index.html", 6 },
  { "/python/tutorial.html", 5 },
  { "/python/coroutines.pdf", 4 },
  { "/python/generators/genfind.py", 3 },
  { "/papers/python-concurrency.pdf", 2 },
  { "/ply/index.html", 5 },
  { "/ply/ply-3.11.tar.gz", 4 },
  { "/ply/example/calc/calc.py", 2 },
  { "/swig/index.html", 4 },
  { "/swig/swig-4.1.1.tar.gz", 3 },
  { "/swig/Doc/Python.html", 2 },
  { "/cgi-bin/wiki.pl?SwigFaq", 1 },
  { "/teaching/index.html", 5 },
  { "/teaching/os/notes.html", 3 },
  { "/blog/2009/03/event-loops.html", 4 },
  { "/about.html", 3 },
};

static const char *const months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun",
  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

struct _LlWebLog
{
  GRand     *rand;
  guint      total_weight;
  GDateTime *clock;       /* the log's own clock */
  guint64    n_lines;
};

/**
 * ll_web_log_new:
 * @seed: the seed: the same seed, the same lines
 *
 * Returns: (transfer full): a log at its first line
 */
LlWebLog *
ll_web_log_new (guint32 seed)
{
  LlWebLog *self = g_new0 (LlWebLog, 1);

  self->rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    self->total_weight += pages[i].weight;
  self->clock = g_date_time_new_utc (2026, 12, 1, 9, 0, 0);

  return self;
}

void
ll_web_log_free (LlWebLog *self)
{
  if (self == NULL)
    return;

  g_rand_free (self->rand);
  g_date_time_unref (self->clock);
  g_free (self);
}

static const char *
pick_page (LlWebLog *self)
{
  guint32 n = g_rand_int_range (self->rand, 0, self->total_weight);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      if (n < pages[i].weight)
        return pages[i].path;
      n -= pages[i].weight;
    }

  g_assert_not_reached ();
}

/**
 * ll_web_log_append_line:
 * @self: a log
 * @out: where the line goes, with its newline
 *
 * Appends the next line of the log.
 */
void
ll_web_log_append_line (LlWebLog *self,
                        GString  *out)
{
  const char *path;
  guint status;
  guint32 size;

  /* A busy site: a few requests a second. */
  if (g_rand_int_range (self->rand, 0, 4) == 0)
    {
      GDateTime *later = g_date_time_add_seconds (self->clock, g_rand_int_range (self->rand, 1, 3));

      g_date_time_unref (self->clock);
      self->clock = later;
    }

  path = pick_page (self);
  switch (g_rand_int_range (self->rand, 0, 20))
    {
    case 0:
      status = 404;
      size = 209;
      break;

    case 1:
    case 2:
      status = 304;
      size = 0;
      break;

    default:
      status = 200;
      size = g_rand_int_range (self->rand, 300, 250000);
      break;
    }

  g_string_append_printf (out, "%u.%u.%u.%u - - [%02d/%s/%04d:%02d:%02d:%02d +0000] "
                          "\"GET %s HTTP/1.1\" %u ",
                          (guint) g_rand_int_range (self->rand, 24, 220),
                          (guint) g_rand_int_range (self->rand, 0, 256),
                          (guint) g_rand_int_range (self->rand, 0, 256),
                          (guint) g_rand_int_range (self->rand, 1, 255),
                          g_date_time_get_day_of_month (self->clock),
                          months[g_date_time_get_month (self->clock) - 1],
                          g_date_time_get_year (self->clock),
                          g_date_time_get_hour (self->clock),
                          g_date_time_get_minute (self->clock),
                          g_date_time_get_second (self->clock),
                          path, status);
  /* Apache writes "-" for a body of no bytes. */
  if (size == 0)
    g_string_append (out, "-\n");
  else
    g_string_append_printf (out, "%u\n", size);

  self->n_lines++;
}

/**
 * ll_web_log_get_n_lines:
 * @self: a log
 *
 * Returns: how many lines it has made
 */
guint64
ll_web_log_get_n_lines (LlWebLog *self)
{
  return self->n_lines;
}
