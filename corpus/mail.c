/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Mail and news messages imported from mbox files, turned into posts.
 *
 * Each message is a page of its own (stored raw by `netno import`); here
 * it becomes one post of kind mail_message in the thread of its root
 * message, with its parent from In-Reply-To / References (or the
 * "In article <id>" line of Usenet replies) and the quoted author as a
 * quote relation.  Threads are keyed "mid:ROOT-ID" (RFC 2392).
 */
#include "corpus/internal.h"
#include "corpus/mbox.h"
#include "util/util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* netno's post uid for a message id: 16 hex digits of BLAKE2b. */
static void mail_uid(const char *message_id, char out[17])
{
  unsigned char hash[8];
  char *key = xasprintf("mid:%s", message_id);

  crypto_generichash(hash, sizeof(hash), (const unsigned char *)key,
                     strlen(key), NULL, 0);
  sodium_bin2hex(out, 17, hash, sizeof(hash));
  free(key);
}

int corpus_store_mail_page(struct corpus *c,
                           const struct corpus_page_data *page)
{
  struct mbox_message m;
  struct corpus_thread t = {0};
  struct corpus_post p = {0};
  const char *root, *parent, *quote_name;
  char uid[17], parent_uid[17];
  char *thread_url;
  int ret;

  if (mbox_parse_message(page->body, page->body_len, &m) < 0)
    return corpus_mark_page_failed(c, page->id, "not a mail message");
  root = m.nreferences ? m.references[0]
         : m.in_reply_to ? m.in_reply_to
                         : m.message_id;
  parent = m.in_reply_to ? m.in_reply_to : m.quote_message_id;
  thread_url = xasprintf("mid:%s", root);
  t.url = thread_url;
  t.title = m.thread_subject;
  t.kind = "mail_thread";

  mail_uid(m.message_id, uid);
  p.uid = uid;
  p.kind = "mail_message";
  p.native_id = m.message_id;
  p.permalink = page->url;
  p.author = m.from_name ? m.from_name : m.from_addr;
  p.has_published = m.has_date;
  p.has_offset = m.has_date;
  p.published_at = m.date;
  p.utc_offset = m.offset_min;
  p.date_text = m.date_text;
  p.title = m.subject;
  p.text = m.text;
  p.evidence = "mbox";
  if (parent && strcmp(parent, m.message_id)) {
    mail_uid(parent, parent_uid);
    p.parent_uid = parent_uid;
  }
  quote_name = m.quote_attribution;
  if (quote_name) {
    p.quote_names = &quote_name;
    p.nquote_names = 1;
  }
  ret = corpus_store_posts(c, page->id, &t, &p, 1, "mbox", 1);
  free(thread_url);
  mbox_message_release(&m);
  return ret;
}
