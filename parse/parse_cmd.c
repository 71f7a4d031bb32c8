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
    "parse [--all] [--profile FILE]... [--engine NAME [--site HOST]] "
    "[--list-engines] [--strict]",
    "Extract threads, posts, authors and relations from the corpus pages\n"
    "not parsed yet.  Safe to run again: it does only what is new.\n"
    "\n"
    "Options:\n"
    "  --all           parse every page again, replacing earlier results\n"
    "                  (after a better profile, or a newer netno)\n"
    "  --profile FILE  a site profile to try before the built-in ones (may\n"
    "                  be repeated)\n"
    "  --engine NAME   use this engine's profiles and no detection: a\n"
    "                  built-in or user profile name, or a profile file\n"
    "  --site HOST     with --engine: keep the engine for this site's pages\n"
    "                  in the corpus (and parse them again); --engine auto\n"
    "                  --site HOST goes back to detection\n"
    "  --list-engines  list the built-in and user engines and exit\n"
    "  --strict        exit with status 1 when coverage warnings are shown\n"
    "  -h, --help      show this help\n",
};

struct parse_counts {
  uint64_t pages, posts, empty, failed, listings;
};

/* An engine forced for a site in the corpus, loaded once. */
struct site_engine {
  char *name;
  int ok; /* loaded; 0: it could not be (reported once) */
  struct profile_list profiles;
};

/* The profiles to use: those tried in order (--profile, built-in), an
 * engine forced for every page (--engine), and the engines forced per
 * site in the corpus. */
struct parse_profiles {
  struct profile_list detect;
  struct profile_list forced;
  int have_forced;
  struct site_engine *sites;
  size_t nsites, alloc;
};

static void parse_profiles_release(struct parse_profiles *pf)
{
  profile_list_release(&pf->detect);
  profile_list_release(&pf->forced);
  for (size_t i = 0; i < pf->nsites; i++) {
    free(pf->sites[i].name);
    profile_list_release(&pf->sites[i].profiles);
  }
  free(pf->sites);
  memset(pf, 0, sizeof(*pf));
}

/* The profiles for the site engine name, loaded on first use; NULL when
 * it cannot be loaded. */
static const struct profile_list *site_engine_get(struct parse_profiles *pf,
                                                  const char *name)
{
  struct site_engine *se;

  for (size_t i = 0; i < pf->nsites; i++)
    if (!strcmp(pf->sites[i].name, name))
      return pf->sites[i].ok ? &pf->sites[i].profiles : NULL;
  xgrow((void **)&pf->sites, sizeof(*pf->sites), pf->nsites + 1,
        &pf->alloc);
  se = &pf->sites[pf->nsites++];
  memset(se, 0, sizeof(*se));
  se->name = xstrdup(name);
  se->ok = engine_load(&se->profiles, name) == 0;
  return se->ok ? &se->profiles : NULL;
}

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
                      const struct page_posts *pp, int post_blocks)
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
                           post_blocks);
  for (size_t i = 0; i < pp->nposts; i++)
    free(uids[i]);
  free(uids);
  free(posts);
  return ret;
}

/* Why a page gave no posts, into buf: a detector's verdict (the HTTP
 * status and redirect first, then what the page itself shows), else the
 * post-like blocks seen; "" when there is nothing to say. */
static void empty_page_note(const struct corpus_page_data *page,
                            const struct page_posts *pp, char *buf, size_t size)
{
  struct detect_page dp = {
      .url = page->url, .final_url = page->final_url, .status = page->status};
  struct detect_verdict v = {0};

  buf[0] = '\0';
  if (detect_login_wall(&dp, &v))
    snprintf(buf, size, "%s", v.reason);
  else if (pp->verdict.kind != DETECT_NONE)
    snprintf(buf, size, "%s", pp->verdict.reason);
  else if (pp->post_blocks > 0)
    snprintf(buf, size, "%d post-like blocks, 0 posts", pp->post_blocks);
}

static int parse_one(struct corpus *c, int64_t id, struct parse_profiles *pf,
                     struct parse_counts *n)
{
  const struct profile_list *profiles = &pf->detect;
  struct corpus_page_data page;
  struct page_posts pp;
  unsigned flags = 0;
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
  if (pf->have_forced) {
    profiles = &pf->forced;
    flags |= EXTRACT_FORCE;
  } else if (page.site_engine) {
    profiles = site_engine_get(pf, page.site_engine);
    flags |= EXTRACT_FORCE;
    if (!profiles) {
      char *why = xasprintf("the site's engine '%s' cannot be loaded",
                            page.site_engine);
      n->failed++;
      n->pages++;
      ret = corpus_mark_page_failed(c, id, why);
      free(why);
      corpus_page_data_release(&page);
      return ret;
    }
  }
  if (extract_page(page.body, page.body_len, page.url, page.fetched_at,
                   profiles, flags, &pp) < 0) {
    n->failed++;
    ret = corpus_mark_page_failed(c, id, "cannot parse the page");
  } else if (pp.skip_note) {
    ret = corpus_mark_page_listing(c, id, pp.skip_note);
    n->listings++;
  } else {
    char note[DETECT_REASON_SIZE];
    int blocks =
        pp.post_blocks > (int)pp.nposts ? pp.post_blocks : (int)pp.nposts;
    ret = store_page(c, &page, &pp, blocks);
    n->posts += pp.nposts;
    if (!pp.nposts) {
      n->empty++;
      empty_page_note(&page, &pp, note, sizeof(note));
      if (!ret && note[0])
        ret = corpus_set_parse_note(c, id, note);
    }
  }
  n->pages++;
  page_posts_release(&pp);
  corpus_page_data_release(&page);
  return ret;
}

int parse_engine_check(const char *name)
{
  struct profile_list list = {0};
  int rc = engine_load(&list, name);

  profile_list_release(&list);
  return rc;
}

/* --engine NAME --site HOST: keep the engine for the site.  A file is
 * kept by its full path, so that later parses find it from anywhere. */
static int site_engine_store(struct corpus *c, const char *host,
                             const char *engine)
{
  char *keep = NULL;
  int64_t nsites = 0;
  int ret = -1;

  if (strcmp(engine, "auto") &&
      (strchr(engine, '/') || ends_with(engine, ".profile"))) {
    keep = realpath(engine, NULL);
    if (!keep)
      return error("cannot find profile file '%s'", engine);
  } else if (strcmp(engine, "auto")) {
    keep = xstrdup(engine);
  }
  if (corpus_set_site_engine(c, host, keep, &nsites) < 0)
    goto out;
  if (!nsites) {
    error("no site '%s' in the corpus (crawl or import its pages first; "
          "'netno status' counts the sites)",
          host);
    goto out;
  }
  if (keep)
    info("site %s: engine %s from now on; its pages are parsed again", host,
         keep);
  else
    info("site %s: the engine is detected again; its pages are parsed "
         "again",
         host);
  ret = 0;
out:
  free(keep);
  return ret;
}

int cmd_parse(int argc, char **argv)
{
  static const struct option options[] = {
      {"all", no_argument, NULL, 'a'},
      {"profile", required_argument, NULL, 'p'},
      {"engine", required_argument, NULL, 'e'},
      {"site", required_argument, NULL, 's'},
      {"list-engines", no_argument, NULL, 'l'},
      {"strict", no_argument, NULL, 'S'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  struct parse_profiles pf = {0};
  struct parse_counts n = {0};
  struct progress *progress = NULL;
  struct corpus *c = NULL;
  int64_t *ids = NULL, unresolved = 0;
  const char *engine = NULL, *site = NULL;
  size_t nids = 0;
  int all = 0, list = 0, strict = 0, warned, opt, ret = 1;

  optind = 0;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
    switch (opt) {
    case 'a':
      all = 1;
      break;
    case 'S':
      strict = 1;
      break;
    case 'p':
      if (profile_list_add_file(&pf.detect, optarg) < 0) {
        parse_profiles_release(&pf);
        return 1;
      }
      break;
    case 'e':
      engine = optarg;
      break;
    case 's':
      site = optarg;
      break;
    case 'l':
      list = 1;
      break;
    case 'h':
      parse_profiles_release(&pf);
      return cmd_print_help(&usage);
    default:
      parse_profiles_release(&pf);
      return cmd_bad_option(&usage, argv);
    }
  }
  if (optind < argc) {
    parse_profiles_release(&pf);
    return cmd_usage_error(&usage, "unexpected argument '%s'", argv[optind]);
  }
  if (list) {
    parse_profiles_release(&pf);
    return engine_list_print(stdout) < 0;
  }
  if (site && !engine) {
    parse_profiles_release(&pf);
    return cmd_usage_error(&usage, "--site goes with --engine NAME");
  }
  if (engine && pf.detect.n) {
    parse_profiles_release(&pf);
    return cmd_usage_error(&usage, "--engine and --profile do not go "
                                   "together (give the profile file as "
                                   "--engine FILE)");
  }
  if (engine && !(site && !strcmp(engine, "auto"))) {
    /* known before the corpus is touched */
    if (engine_load(&pf.forced, engine) < 0)
      goto out;
    pf.have_forced = !site;
  }
  profile_list_add_builtin(&pf.detect);

  c = corpus_open(NULL, CORPUS_WRITE);
  if (!c)
    goto out;
  if (site && site_engine_store(c, site, engine) < 0)
    goto out;
  if (corpus_pages_to_parse(c, all, &ids, &nids) < 0)
    goto out;
  progress = progress_new("parse", nids);
  for (size_t i = 0; i < nids; i++) {
    if (parse_one(c, ids[i], &pf, &n) < 0)
      goto out; /* the corpus itself failed: stop */
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
  if ((warned = corpus_coverage_check(c, CORPUS_COVERAGE_PARSE)) < 0)
    goto out;
  ret = strict && warned ? 1 : 0;
out:
  progress_free(progress);
  free(ids);
  parse_profiles_release(&pf);
  if (corpus_close(c) < 0)
    ret = 1;
  return ret;
}
