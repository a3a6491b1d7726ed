/* ll-task-table.c: a scheduler's table of live tasks
 *
 * The table owns a reference to every task that has been spawned and has
 * not finished, and lists them oldest first for debuggers
 * (ll_scheduler_list_tasks()) and for the scheduler's dispose.  It is an
 * array of segments indexed by spawn serial: adding and removing touch one
 * entry each, and segments that empty out are freed as the serials move
 * on, so a million short tasks leave no trail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-scheduler"

#include "config.h"

#include <string.h>

#include "ll-scheduler-private.h"

/* Frees the segments that hold no task and will get none, and drops the
 * leading ones from the table. */
static void
table_trim (LlTaskTable *table)
{
  guint filled = table->next_serial - table->base;
  guint n = 0;
  guint i;

  for (i = 0; i < table->len; i++)
    {
      LlTaskTableSegment *seg = &table->segments[i];
      gboolean full = (i + 1) * LL_TASK_TABLE_SEGMENT <= filled;

      if (seg->tasks != NULL && seg->n_live == 0 && full)
        g_clear_pointer (&seg->tasks, g_free);
    }

  while (n < table->len && table->segments[n].tasks == NULL &&
         (n + 1) * LL_TASK_TABLE_SEGMENT <= filled)
    n++;
  if (n == 0)
    return;

  memmove (table->segments, table->segments + n,
           (table->len - n) * sizeof (LlTaskTableSegment));
  table->len -= n;
  table->base += n * LL_TASK_TABLE_SEGMENT;
}

/* Gives @co the next serial and its entry. */
void
ll_task_table_add (LlTaskTable *table,
                   LlCo        *co)
{
  guint pos;
  guint s;

  if (table->len == 0)
    table->base = table->next_serial;

  co->serial = table->next_serial++;
  pos = co->serial - table->base;
  s = pos / LL_TASK_TABLE_SEGMENT;

  if (s == table->len)
    {
      if (table->len == table->alloc)
        {
          table->alloc = MAX (8, table->alloc * 2);
          table->segments = g_renew (LlTaskTableSegment, table->segments, table->alloc);
        }
      table->segments[s].tasks = g_new0 (LlCo *, LL_TASK_TABLE_SEGMENT);
      table->segments[s].n_live = 0;
      table->len++;

      /* The segment before is full now: free it if it is empty. */
      if (s > 0 && table->segments[s - 1].n_live == 0)
        table_trim (table);
      s = (co->serial - table->base) / LL_TASK_TABLE_SEGMENT;
    }

  g_assert (s < table->len && table->segments[s].tasks != NULL);

  table->segments[s].tasks[pos % LL_TASK_TABLE_SEGMENT] = co;
  table->segments[s].n_live++;
  table->n_tasks++;
}

void
ll_task_table_remove (LlTaskTable *table,
                      LlCo        *co)
{
  guint pos = co->serial - table->base;
  LlTaskTableSegment *seg = &table->segments[pos / LL_TASK_TABLE_SEGMENT];

  /* Not reading the entry back: it is a cache miss, the store is not. */
  g_assert (pos / LL_TASK_TABLE_SEGMENT < table->len);

  seg->tasks[pos % LL_TASK_TABLE_SEGMENT] = NULL;
  table->n_tasks--;
  if (--seg->n_live == 0)
    table_trim (table);
}

/* Adds every live task to @tasks, oldest first (no reference taken). */
void
ll_task_table_collect (LlTaskTable *table,
                       GPtrArray   *tasks)
{
  guint i, j;

  for (i = 0; i < table->len; i++)
    {
      LlTaskTableSegment *seg = &table->segments[i];

      if (seg->tasks == NULL || seg->n_live == 0)
        continue;
      for (j = 0; j < LL_TASK_TABLE_SEGMENT; j++)
        if (seg->tasks[j] != NULL)
          g_ptr_array_add (tasks, seg->tasks[j]);
    }
}

/* Forgets every entry (the references go with the caller). */
void
ll_task_table_clear (LlTaskTable *table)
{
  guint i;

  for (i = 0; i < table->len; i++)
    g_free (table->segments[i].tasks);
  g_clear_pointer (&table->segments, g_free);
  table->len = table->alloc = 0;
  table->n_tasks = 0;
}
