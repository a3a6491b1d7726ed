/* ll-sax-bus-dom.c: "Event dispatching: XML streamed into coroutines"
 *
 * The DOM way of LlSaxBusModel, against the stream of
 * ll-sax-bus-model.c: g_file_load_contents(), a tree built with
 * GMarkup, then a walk of the tree sending each <bus> as a record into
 * the same filters.  The run's task (ll-sax-bus-model.c) calls
 * ll_sax_bus_dom_read_and_walk() in place of its chunked reads, and
 * times the call as one stretch the loop was held.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sax-bus-model"

#include "config.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gi18n-lib.h>

#include "ll-sax-bus-private.h"

/* The DOM: a tree of elements, each with the text directly inside it */

typedef struct _DomNode DomNode;

struct _DomNode
{
  char    *name;
  char    *text;          /* its text pieces, joined; NULL for none */
  gsize    text_len;
  DomNode *parent;
  DomNode *first_child;
  DomNode *last_child;
  DomNode *next;
};

typedef struct
{
  DomNode *root;
  DomNode *current;      /* the element open now */
  guint64  held;         /* the bytes of the nodes and strings, as allocated */
} DomTree;

static void
dom_start_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   const char          **attribute_names,
                   const char          **attribute_values,
                   gpointer              user_data,
                   GError              **error)
{
  DomTree *tree = user_data;
  DomNode *node = g_new0 (DomNode, 1);
  gsize name_size = strlen (element_name) + 1;

  node->name = g_memdup2 (element_name, name_size);
  tree->held += sizeof (DomNode) + name_size;

  node->parent = tree->current;
  if (tree->current == NULL)
    tree->root = node;
  else if (tree->current->last_child == NULL)
    tree->current->first_child = tree->current->last_child = node;
  else
    tree->current->last_child = tree->current->last_child->next = node;
  tree->current = node;
}

static void
dom_end_element (GMarkupParseContext  *context,
                 const char           *element_name,
                 gpointer              user_data,
                 GError              **error)
{
  DomTree *tree = user_data;

  tree->current = tree->current->parent;
}

static void
dom_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 text_len,
          gpointer              user_data,
          GError              **error)
{
  DomTree *tree = user_data;
  DomNode *node = tree->current;

  /* White space around the root element belongs to no element. */
  if (node == NULL || text_len == 0)
    return;

  node->text = g_realloc (node->text, node->text_len + text_len + 1);
  memcpy (node->text + node->text_len, text, text_len);
  node->text_len += text_len;
  node->text[node->text_len] = '\0';
  tree->held += text_len + (node->text_len == text_len ? 1 : 0);
}

static const GMarkupParser dom_callbacks = {
  dom_start_element,
  dom_end_element,
  dom_text,
  NULL,
  NULL,
};

/* Depth first, with a stack of our own rather than the C stack: a
 * feed's nesting is the feed's to choose. */
static void
dom_tree_clear (DomTree *tree)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  if (tree->root != NULL)
    g_ptr_array_add (stack, tree->root);
  while (stack->len > 0)
    {
      DomNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      for (DomNode *child = node->first_child; child != NULL; child = child->next)
        g_ptr_array_add (stack, child);
      g_free (node->name);
      g_free (node->text);
      g_free (node);
    }

  tree->root = tree->current = NULL;
  tree->held = 0;
}

/* Sends each <bus> of the tree, in document order, as a record of its
 * children's texts: what buses_to_records() makes of the same events. */
static gboolean
dom_tree_walk (DomTree     *tree,
               LlBusChain  *chain,
               GError     **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(LlBusRecord) record = ll_bus_record_new ();

  if (tree->root != NULL)
    g_ptr_array_add (stack, tree->root);
  while (stack->len > 0)
    {
      DomNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      guint mark = stack->len;

      if (strcmp (node->name, "bus") == 0)
        {
          ll_bus_record_clear (record);
          for (DomNode *child = node->first_child; child != NULL; child = child->next)
            ll_bus_record_set (record, child->name, child->text != NULL ? child->text : "",
                               child->text_len);
          if (!ll_bus_chain_send_record (chain, record, error))
            return FALSE;
          continue;
        }

      /* Children pushed in reverse, so that the first comes off first. */
      for (DomNode *child = node->first_child; child != NULL; child = child->next)
        g_ptr_array_add (stack, child);
      for (guint i = mark, j = stack->len - 1; i < j; i++, j--)
        {
          gpointer swap = stack->pdata[i];

          stack->pdata[i] = stack->pdata[j];
          stack->pdata[j] = swap;
        }
    }

  return TRUE;
}

/* The DOM way: one stretch, on the loop's thread, from the first byte
 * read to the last record sent. */
gboolean
ll_sax_bus_dom_read_and_walk (LlSaxBusRunFrame  *f,
                              GError           **error)
{
  g_autofree char *contents = NULL;
  DomTree tree = { 0 };
  GError *local_error = NULL;
  LlSaxBusModel *self;
  gsize length = 0;
  gboolean ok;

  /* Blocks the loop on purpose: the whole file, then the whole tree,
   * before the first record, is what a DOM costs and what the page shows
   * (its heartbeat stops until this returns). */
  if (!g_file_load_contents (f->file, NULL, &contents, &length, NULL, &local_error))
    {
      g_propagate_error (error, ll_sax_bus_open_error (f, local_error));
      return FALSE;
    }
  ll_pipe_count (ll_bus_chain_get_pipe (f->chain), f->file_edge, length);

  self = ll_sax_bus_publish_begin (f);
  if (self != NULL)
    {
      ll_sax_bus_set_uint64 (self, &self->file_size, length, PROP_FILE_SIZE);
      ll_sax_bus_set_uint64 (self, &self->bytes_read, length, PROP_BYTES_READ);
      ll_sax_bus_set_uint64 (self, &self->held_bytes, length, PROP_HELD_BYTES);
      ll_sax_bus_sample_rss (self);
    }
  ll_sax_bus_publish_end (self);

  f->parser = ll_bus_parser_new (f->display_name, &dom_callbacks, &tree);
  ok = ll_bus_parser_feed (f->parser, contents, length, error) &&
       ll_bus_parser_end (f->parser, error);

  /* The peak: the file's bytes and the whole tree, both in memory. */
  self = ll_sax_bus_publish_begin (f);
  if (self != NULL)
    {
      ll_sax_bus_sample_rss (self);
      ll_sax_bus_set_uint64 (self, &self->held_bytes, length + tree.held, PROP_HELD_BYTES);
    }
  ll_sax_bus_publish_end (self);
  g_clear_pointer (&contents, g_free);

  /* A DOM of a broken file is no DOM: nothing goes down the chain. */
  if (ok)
    {
      ok = dom_tree_walk (&tree, f->chain, &local_error);
      if (!ok && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("The feed “%s”: "), f->display_name);
      if (!ok)
        g_propagate_error (error, local_error);
    }

  self = ll_sax_bus_publish_begin (f);
  if (self != NULL)
    ll_sax_bus_sample_rss (self);
  ll_sax_bus_publish_end (self);

  dom_tree_clear (&tree);
#ifdef __GLIBC__
  /* glibc keeps the tree's freed blocks in its heap; given back, the
   * next run's VmRSS starts from where this one started. */
  malloc_trim (0);
#endif

  return ok;
}
