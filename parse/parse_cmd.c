/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `netno parse`: extract threads, posts, authors and relations from the
 * pages of the corpus that are not parsed yet (or from all of them).
 *
 * Each page is handled on its own and stored in one transaction, so a
 * parse that is killed halfway resumes with the next page, and a page
 * that cannot be parsed is recorded as failed without stopping the rest.
 * Relations whose targets sit on other pages are resolved at the end.
 */
#include "corpus/corpus.h"
#include "parse/extract.h"
#include "parse/parse.h"
#include "util/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cmd_usage usage = {
    "parse",
    "parse [--all] [--profile FILE]...",
    "Extract threads, posts, authors and relations from the corpus pages\n"
    "not parsed yet.  Safe to run again: it does only what is new.\n"
    "\n"
    "Options:\n"
    "  --all           parse every page again, replacing earlier results\n"
    "                  (after a better profile, or a newer netno)\n"
    "  --profile FILE  a site profile to try before the built-in ones (may\n"
    "                  be repeated)\n"
    "  -h, --help      show this help\n",
};

struct parse_counts {
  uint64_t pages, posts, empty, failed, listings;
};

/* Does an ISO 8601 text carry a UTC offset ("Z", "+02:00")? */
static int iso_has_offset(const char *s)
{
  const char *t = strchr(s, 'T');

  if (!t)
    t = strchr(s, ' ');
  if (!t)
    return 0;
  return strchr(t, 'Z') || strchr(t, '+') || strchr(t + 1, '-');
}

/* The thread kind for the kind of the page's posts. */
static const char *thread_kind(const char *post_kind)
{
  if (post_kind && (!strcmp(post_kind, "blog_post") ||
                    !strcmp(post_kind, "blog_comment")))
    return "blog_post";
  if (post_kind && !strcmp(post_kind, "mail_message"))
    return "mail_thread";
  return "forum_thread";
}

/* Turn what the extractor found into rows, and store them. */
static int store_page(struct corpus *c, const struct corpus_page_data *page,
                      const struct page_posts *pp)
{
  struct corpus_thread t = {0};
  struct corpus_post *posts = xcalloc(pp->nposts ? pp->nposts : 1,
                                      sizeof(*posts));
  char **uids = xcalloc(pp->nposts ? pp->nposts : 1, sizeof(*uids));
  int ret;

  t.url = pp->thread_url ? pp->thread_url : page->url;
  t.title = pp->thread_title;
  t.kind = thread_kind(pp->kind);
  t.claimed_posts = pp->claims.posts;
  t.claimed_pages = pp->claims.pages;
  for (size_t i = 0; i < pp->nposts; i++) {
    const struct post *s = &pp->posts[i];
    struct corpus_post *p = &posts[i];
    int64_t when;
    int offset;

    p->uid = s->id;
    /* Two posts of one page must never share an id: the second would
     * overwrite the first. */
    for (size_t j = 0; j < i && p->uid; j++) {
      if (posts[j].uid && !strcmp(posts[j].uid, p->uid)) {
        uids[i] = xasprintf("%s-%d", s->id, s->position);
        p->uid = uids[i];
        break;
      }
    }
    p->kind = pp->kind ? pp->kind : "forum_thread";
    p->native_id = s->native_id;
    p->permalink = s->url;
    p->author = s->author;
    p->author_url = s->author_url;
    if (s->published && time_parse_iso(s->published, &when, &offset) == 0) {
      p->has_published = 1;
      p->has_offset = iso_has_offset(s->published);
      p->published_at = when;
      p->utc_offset = offset;
    }
    p->date_text = s->date_text;
    p->text = s->text ? s->text : "";
    p->lang = pp->lang;
    p->evidence = "extract";
    p->position = s->position;
    p->parent_uid = s->parent;
    p->parent_implicit = s->parent_implicit;
    p->quote_names = (const char *const *)s->quotes;
    p->nquote_names = s->nquotes;
    p->mentions = (const char *const *)s->mentions;
    p->nmentions = s->nmentions;
  }
  ret = corpus_store_posts(c, page->id, &t, posts, pp->nposts, "extract",
                           (int)pp->nposts);
  for (size_t i = 0; i < pp->nposts; i++)
    free(uids[i]);
  free(uids);
  free(posts);
  return ret;
}

/* Pages per transaction. */
#define PARSE_BATCH 256

static int parse_one(struct corpus *c, int64_t id,
                     const struct profile_list *profiles,
                     struct parse_counts *n)
{
  struct corpus_page_data page;
  struct page_posts pp;
  int ret = 0;

  if (corpus_load_page(c, id, &page) < 0) {
    n->failed++;
    return corpus_mark_page_failed(c, id, "cannot read the stored page");
  }
  memset(&pp, 0, sizeof(pp));
  if (page.source && !strcmp(page.source, "mbox")) {
    ret = corpus_store_mail_page(c, &page);
    n->posts++;
    n->pages++;
    corpus_page_data_release(&page);
    return ret;
  }
  if (extract_page(page.body, page.body_len, page.url, page.fetched_at,
                   profiles, 0, &pp) < 0) {
    n->failed++;
    ret = corpus_mark_page_failed(c, id, "cannot parse the page");
  } else if (pp.skip_note) {
    ret = corpus_mark_page_listing(c, id, pp.skip_note);
    n->listings++;
  } else {
    ret = store_page(c, &page, &pp);
    n->posts += pp.nposts;
    if (!pp.nposts)
      n->empty++;
  }
  n->pages++;
  page_posts_release(&pp);
  corpus_page_data_release(&page);
  return ret;
}

int cmd_parse(int argc, char **argv)
{
  static const struct option options[] = {
      {"all", no_argument, NULL, 'a'},
      {"profile", required_argument, NULL, 'p'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  struct profile_list profiles = {0};
  struct parse_counts n = {0};
  struct progress *progress = NULL;
  struct corpus *c = NULL;
  int64_t *ids = NULL, unresolved = 0;
  size_t nids = 0;
  int all = 0, opt, ret = 1;

  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
    switch (opt) {
    case 'a':
      all = 1;
      break;
    case 'p':
      if (profile_list_add_file(&profiles, optarg) < 0) {
        profile_list_release(&profiles);
        return 1;
      }
      break;
    case 'h':
      profile_list_release(&profiles);
      return cmd_print_help(&usage);
    default:
      profile_list_release(&profiles);
      return cmd_bad_option(&usage, argv);
    }
  }
  if (optind < argc) {
    profile_list_release(&profiles);
    return cmd_usage_error(&usage, "unexpected argument '%s'", argv[optind]);
  }
  profile_list_add_builtin(&profiles);

  c = corpus_open(NULL, CORPUS_WRITE);
  if (!c || corpus_pages_to_parse(c, all, &ids, &nids) < 0)
    goto out;
  progress = progress_new("parse", nids);
  for (size_t i = 0; i < nids; i++) {
    /* pages in batches of one transaction each: a commit per page
     * costs more than extracting a mail message */
    if (i % PARSE_BATCH == 0 && corpus_begin(c) < 0)
      goto out;
    if (parse_one(c, ids[i], &profiles, &n) < 0) {
      corpus_commit(c); /* keep the pages before it */
      goto out;         /* the corpus itself failed: stop */
    }
    if ((i + 1) % PARSE_BATCH == 0 || i + 1 == nids)
      if (corpus_commit(c) < 0)
        goto out;
    progress_update(progress, i + 1);
  }
  progress_free(progress);
  progress = NULL;
  if (corpus_resolve_relations(c, &unresolved) < 0)
    goto out;
  info("parsed %llu pages: %llu posts; %llu pages without posts, %llu "
       "failed",
       (unsigned long long)n.pages, (unsigned long long)n.posts,
       (unsigned long long)n.empty, (unsigned long long)n.failed);
  if (n.listings)
    info("%llu of them list articles rather than hold a thread: skipped "
         "(see their parse_note)",
         (unsigned long long)n.listings);
  if (unresolved)
    verbose("%lld relations point at posts or authors not in the corpus",
            (long long)unresolved);
  ret = 0;
out:
  progress_free(progress);
  free(ids);
  profile_list_release(&profiles);
  if (corpus_close(c) < 0)
    ret = 1;
  return ret;
}
