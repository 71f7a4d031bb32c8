/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to crawl/: pagination traps.  The pages of one listing (one
 * thread key of url_thread_key(): a thread, a board, a blog index) that
 * say nothing new are a listing that never ends: when page N, its digits
 * left out, is the page of the listing fetched before it, the listing is
 * cut at N and its later pages are skipped with reason "trap".
 *
 * Ownership: struct pagetrap is opaque, made by pagetrap_new() and
 * released by pagetrap_free(); it keeps 24 bytes per listing.
 */
#ifndef NETNO_CRAWL_PAGETRAP_H
#define NETNO_CRAWL_PAGETRAP_H

#include <stddef.h>

struct pagetrap;

struct pagetrap *pagetrap_new(void);
void pagetrap_free(struct pagetrap *t);
/* A page stored from url: 1 when it repeats the page of its listing seen
 * before it (the listing is cut at it from now on), else 0. */
int pagetrap_add(struct pagetrap *t, const char *url, const void *body,
                 size_t len);
/* Is url a page of a listing past the page where it was cut? */
int pagetrap_cut(const struct pagetrap *t, const char *url);

#endif
