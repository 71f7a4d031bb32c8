/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The posts-jsonl export: one JSON object per line and post, with every
 * post field and its provenance (netno version, crawl, page URL, fetch
 * time, page SHA-256).  Missing values are null; times are ISO 8601 UTC
 * with the epoch seconds beside them.
 */
#include "corpus/export.h"
#include "util/util.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of s (null for NULL), repaired when s is not UTF-8. */
static json_t *jstr(const char *s)
{
  json_t *j;
  char *clean;

  if (!s)
    return json_null();
  j = json_string(s);
  if (j)
    return j;
  clean = export_clean_text(s, 0);
  j = json_string(clean);
  free(clean);
  return j ? j : json_null();
}

static json_t *jtime(int has, int64_t t)
{
  char buf[32];
  return has ? json_string(time_format_iso(t, buf, sizeof(buf))) : json_null();
}

static json_t *jint(int has, int64_t v)
{
  return has ? json_integer((json_int_t)v) : json_null();
}

/* The object for one post, keys in a fixed order. */
static json_t *post_json(const struct export_post *p)
{
  json_t *j = json_object(), *prov = json_object();

  json_object_set_new(j, "id", jstr(p->uid));
  json_object_set_new(j, "kind", jstr(p->kind));
  json_object_set_new(j, "native_id", jstr(p->native_id));
  json_object_set_new(j, "url", jstr(p->permalink));
  json_object_set_new(j, "thread_url", jstr(p->thread_url));
  json_object_set_new(j, "thread_title", jstr(p->thread_title));
  json_object_set_new(j, "thread_kind", jstr(p->thread_kind));
  json_object_set_new(j, "board", jstr(p->board));
  json_object_set_new(j, "site", jstr(p->host));
  json_object_set_new(j, "author", jstr(p->author));
  json_object_set_new(j, "author_url", jstr(p->author_url));
  json_object_set_new(j, "published_at",
                      jtime(p->has_published, p->published_at));
  json_object_set_new(j, "unix_timestamp",
                      jint(p->has_published, p->published_at));
  json_object_set_new(j, "utc_offset_minutes",
                      jint(p->has_offset, p->utc_offset));
  json_object_set_new(j, "date_text", jstr(p->date_text));
  json_object_set_new(j, "title", jstr(p->title));
  json_object_set_new(j, "text", jstr(p->text));
  json_object_set_new(j, "lang", jstr(p->lang));
  json_object_set_new(j, "parent_id", jstr(p->parent_uid));
  json_object_set_new(j, "parent_implicit", json_boolean(p->parent_implicit));
  json_object_set_new(j, "position", jint(p->has_position, p->position));
  json_object_set_new(j, "topic", jint(p->has_topic, p->topic));
  json_object_set_new(j, "evidence", jstr(p->evidence));
  json_object_set_new(prov, "netno_version", json_string(NETNO_VERSION));
  json_object_set_new(prov, "crawl_id", jint(p->crawl_id > 0, p->crawl_id));
  json_object_set_new(prov, "page_url", jstr(p->page_url));
  json_object_set_new(prov, "fetched_at",
                      jtime(p->fetched_at > 0, p->fetched_at));
  json_object_set_new(prov, "page_sha256", jstr(p->page_sha256));
  json_object_set_new(j, "provenance", prov);
  return j;
}

int export_posts_jsonl(struct corpus *c, const struct export_opts *o, FILE *out)
{
  struct export_posts *it = export_posts_open(c, o);
  struct export_post p;
  int rc;

  if (!it)
    return -1;
  while ((rc = export_posts_next(it, &p)) > 0) {
    json_t *j = post_json(&p);
    int bad = json_dumpf(j, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (bad < 0) {
      if (ferror(out))
        rc = error("cannot write '%s': %s",
                   strcmp(o->out_path, "-") ? o->out_path : "standard output",
                   strerror(errno ? errno : EIO));
      else
        rc = error("cannot write post '%s' as JSON", p.uid);
      break;
    }
    putc('\n', out);
  }
  export_posts_free(it);
  return rc;
}
