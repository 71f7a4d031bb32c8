/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse/extract.h: internal to parse/.  The extraction engine: one HTML
 * page (bytes, URL, fetch time) in, the thread and its posts out.
 *
 * Order of evidence: a matching site profile (built in, or loaded from a
 * file), then schema.org JSON-LD, then the generic detector (repeated
 * sibling records that each carry an author, a time and a text block).
 *
 * Ownership: struct page_posts owns every string and array in it and is
 * released with page_posts_release().  Profiles are owned by the list
 * they were loaded into (profile_list_release()).
 */
#ifndef NETNO_PARSE_EXTRACT_H
#define NETNO_PARSE_EXTRACT_H

#include "parse/detect.h"
#include "util/util.h"

#include <libxml/tree.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* One post.  Every string is NULL when not found, else heap-owned. */
struct post {
  char *id;         /* stable id: short hash of thread key + native id */
  char *url;        /* permalink, absolute */
  char *native_id;  /* the engine's post number, digits as shown */
  char *author;     /* display name */
  char *author_url; /* profile link, absolute */
  char *published;  /* ISO 8601 with offset, only from reliable evidence */
  char *date_text;  /* the date as displayed */
  char *text;       /* plain text, paragraphs kept, signatures dropped;
                     * quoted passages only with EXTRACT_KEEP_QUOTES */
  char *own_text;   /* with EXTRACT_OWN_TEXT: the text without quoted
                     * passages when it differs from text, else NULL */
  char *parent;     /* id of the post it answers */
  int parent_implicit; /* 1: parent is the thread's first post by default */
  char **quotes;    /* names or ids quoted */
  size_t nquotes;
  char **mentions;  /* @names */
  size_t nmentions;
  int position;     /* 1-based order in the thread (see posts_finish) */
  int rec, rec_end; /* its elements in the page (extract.c's walk order),
                     * rec_end < rec when not known */
};

/* What a page yields. */
/* What a page states of its thread's size (parse/claims.c); 0: not
 * stated. */
struct thread_claims {
  long posts; /* posts in the whole thread */
  int pages;  /* pages of the thread */
  int page;   /* this page's number, as the page states it */
};

/* Claims found in a page's visible text (collapsed white space) and in
 * its HTML (schema.org commentCount), merged into c (larger wins). */
void claims_from_text(const char *text, struct thread_claims *c);
/* The value of an element's attribute (name compared without case), or
 * NULL; points into the document. */
const char *extract_attr(xmlNode *n, const char *name);
void claims_from_html(const char *body, size_t len, struct thread_claims *c);

struct page_posts {
  char *page_url;
  char *thread_url; /* the thread's key: its URL without pagination */
  int page_number;  /* where the page sits: page N (1 for the first) */
  long page_offset; /* or item offset (phpBB start=), -1 when unknown */
  char *thread_title;
  char *lang;
  const char *kind; /* static: "forum_thread", "blog_comment", ... */
  struct post *posts;
  size_t nposts, alloc;
  struct strbuf explain; /* why the posts were found where they were */
  char *skip_note; /* not a thread but a listing of articles (why), and
                    * then no posts: NULL for a thread */
  struct thread_claims claims;
  int post_blocks; /* post-like blocks seen (detect_post_blocks()); only
                   * counted on a page without posts */
  /* For a page without posts: what the detectors make of it, from the
   * page alone (no HTTP status); kind DETECT_NONE otherwise. */
  struct detect_verdict verdict;
};

/* A profile's XPath fields, compiled once when it is loaded. */
enum {
  PX_MATCH,
  PX_POST,
  PX_AUTHOR,
  PX_AUTHOR_URL,
  PX_DATE,
  PX_TEXT,
  PX_PERMALINK,
  PX_NATIVE_ID,
  PX_QUOTE,
  PX_DROP,
  PX_COUNT
};

/* A site profile (see parse/profiles/ for the format). */
struct profile {
  char *name;
  char *source; /* file name or "built-in" */
  char *kind;   /* thread kind: forum_thread (default), blog_comment, ... */
  char *hint;   /* strings, '|' apart: a page whose HTML (as UTF-8)
                 * holds none of them is not this engine; NULL: try
                 * match on every page */
  char *match;  /* XPath: non-empty result = this engine */
  char *post;   /* XPath: the post containers */
  char *author, *author_url, *date, *date_attr, *text, *permalink,
      *native_id, *quote, *quote_author, *drop, *next_page;
  /* xmlXPathCompExpr * per PX_*, owned; NULL when the field is empty or
   * does not compile (then it is evaluated from its text) */
  void *xp[PX_COUNT];
};

struct profile_list {
  struct profile *items;
  size_t n, alloc;
};

/* Parse profile text (from file `source`) into list; -1 with a message on
 * a syntax error. */
int profile_list_add_text(struct profile_list *list, const char *text,
                          const char *source);
/* Load one profile file; -1 with a message on failure. */
int profile_list_add_file(struct profile_list *list, const char *path);
/* Add the built-in profiles (parse/profiles/, embedded at build time). */
void profile_list_add_builtin(struct profile_list *list);
/* Add the user's profiles: the *.profile files in
 * $XDG_CONFIG_HOME/netno/profiles, else ~/.config/netno/profiles; -1
 * with a message when one of them cannot be loaded (the others are
 * added). */
int profile_list_add_user(struct profile_list *list);
void profile_list_release(struct profile_list *list);
/* Register in an xmlXPathContext * the functions that compiled profile
 * expressions may call (profile.c's class tests); every context that
 * evaluates them needs them. */
void profile_xpath_register(void *xpath_context);
/* expr with its class tests in the form those functions take (caller
 * frees), or NULL when it holds none: what profiles are compiled from. */
char *profile_xpath_rewrite(const char *expr);

/* Add the profiles of engine name (what --engine names: a built-in or
 * user profile file by its name without ".profile", one profile by its
 * name, or the path of a profile file); -1 with a message naming the
 * nearest known names when there is none such. */
int engine_load(struct profile_list *list, const char *name);
/* Print every engine, one a line: its name, the profiles it holds and
 * where it comes from ("built-in" or the user's file). */
int engine_list_print(FILE *out);

/* Positions on page N of a thread that names only its page number start
 * at (N - 1) * EXTRACT_PAGE_GAP + 1 (see struct post's position). */
#define EXTRACT_PAGE_GAP 10000

/* extract_page() flags */
enum {
  /* keep the text of quote blocks in a post's text (they are still
   * recorded as quote relations); the default leaves it out */
  EXTRACT_KEEP_QUOTES = 1,
  /* the profiles are a forced engine (--engine): they are applied
   * whether their match expression holds or not (those that hold
   * first), and neither schema.org nor the generic detector is tried */
  EXTRACT_FORCE = 2,
  /* with EXTRACT_KEEP_QUOTES: also the text without the quoted passages
   * (struct post's own_text) */
  EXTRACT_OWN_TEXT = 4,
};

/*
 * Extract the posts of one page.  body need not be NUL-terminated; url is
 * the page's URL (may be NULL); fetched is its fetch time (UTC seconds, 0
 * when unknown) for relative dates; profiles may be NULL; flags are
 * EXTRACT_* bits.  On success
 * fills *out (release with page_posts_release()) and returns 0, even when
 * no post was found; -1 with a message when the page cannot be parsed.
 */
int extract_page(const char *body, size_t len, const char *url,
                 int64_t fetched, const struct profile_list *profiles,
                 unsigned flags, struct page_posts *out);
void page_posts_release(struct page_posts *pp);

/* Which profiles recognise the page (body, len as for extract_page()):
 * the names of those whose match expression holds, up to max of them
 * into names (pointers into profiles, valid while it lives); returns
 * how many matched, 0 also when the page cannot be parsed. */
size_t extract_recognise(const char *body, size_t len,
                         const struct profile_list *profiles,
                         const char **names, size_t max);

/* Stable post id: 16 hex digits of BLAKE2b over key parts (NUL-separated);
 * into buf of at least 17 bytes. */
void extract_post_id(const char *thread_key, const char *native_id,
                     const char *author, int position, const char *text,
                     char *buf, size_t size);

/* Collapse runs of white space within lines to one space, runs of blank
 * lines to one blank line, trim; in place. */
void extract_collapse_space(char *s);

#endif
