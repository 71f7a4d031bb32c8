/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse/detect.h: internal to parse/.  Detectors for pages that yield no
 * posts for a reason other than having none: content loaded by
 * JavaScript, a login wall, an error page served with status 200.  Each
 * is a pure function of the page (its parsed document, bytes, URL and
 * HTTP status) and says whether it holds, with a short reason.
 *
 * Ownership: struct detect_page only borrows what it points at; a
 * verdict is a plain value (its reason is a fixed buffer).
 */
#ifndef NETNO_PARSE_DETECT_H
#define NETNO_PARSE_DETECT_H

#include <libxml/tree.h>
#include <stddef.h>

/* What a detector found; the names are those of detect_kind_name(). */
enum detect_kind {
  DETECT_NONE,       /* nothing to say */
  DETECT_JS_ONLY,    /* "js-only": the posts are loaded by script */
  DETECT_LOGIN_WALL, /* "login-wall": a login form, 401/403, a redirect */
  DETECT_SOFT_404    /* "soft-404": an error page served as a page */
};

/* A page as the detectors see it.  Any field may be NULL or 0. */
struct detect_page {
  xmlDoc *doc;      /* the parsed page (parse/extract.c) */
  const char *body; /* its bytes, not necessarily NUL-terminated */
  size_t len;
  const char *url;       /* as asked for */
  const char *final_url; /* after redirects; NULL: the same as url */
  int status;            /* HTTP status; 0 when unknown */
};

#define DETECT_REASON_SIZE 160

/* kind plus "js-only: <noscript> notice and empty post containers". */
struct detect_verdict {
  enum detect_kind kind;
  char reason[DETECT_REASON_SIZE];
};

/* Each returns 1 and fills *v when it holds, else 0 (v untouched). */
int detect_js_only(const struct detect_page *p, struct detect_verdict *v);
int detect_login_wall(const struct detect_page *p, struct detect_verdict *v);
int detect_soft_404(const struct detect_page *p, struct detect_verdict *v);

/* The first that holds of login wall, soft 404 and JavaScript-only; 0
 * with v->kind DETECT_NONE and an empty reason when none does. */
int detect_page_run(const struct detect_page *p, struct detect_verdict *v);

/* "js-only", "login-wall", "soft-404", or "" for DETECT_NONE. */
const char *detect_kind_name(enum detect_kind kind);

/* Post-like blocks on the page: the largest group of sibling elements
 * with the same tag and first class word, whose class or id names a
 * post, message, comment, reply or entry (or which are <article>s),
 * each with some text; 0 when there is no group of two or more. */
int detect_post_blocks(xmlDoc *doc);

#endif
