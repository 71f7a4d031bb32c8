/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Site profiles: the text format, loading from files, and the built-in
 * profiles compiled from parse/profiles/.
 *
 * A profile file holds "key: value" lines; '#' starts a comment line.
 * "name:" starts a profile.  Keys: kind, hint, match, post, author, author_url,
 * date, date_attr, text, permalink, native_id, quote, quote_author, drop,
 * next_page.  Values are XPath 1.0 expressions ("match" and "post" over
 * the whole page, the others relative to one post), except kind and
 * date_attr, which are plain words, and hint: strings apart by '|' of
 * which the page's HTML holds at least one whenever match holds (a
 * cheap test before the XPath).  A file may hold several profiles
 * (one engine's versions).  The built-in files are compiled in line by
 * line (parse/profiles/embed.sh) and joined again here.
 */
#include "parse/extract.h"

#include <libxml/xpath.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "profiles.inc"

static char **profile_field(struct profile *p, const char *key)
{
  static const struct {
    const char *key;
    size_t off;
  } fields[] = {
      {"kind", offsetof(struct profile, kind)},
      {"hint", offsetof(struct profile, hint)},
      {"match", offsetof(struct profile, match)},
      {"post", offsetof(struct profile, post)},
      {"author", offsetof(struct profile, author)},
      {"author_url", offsetof(struct profile, author_url)},
      {"date", offsetof(struct profile, date)},
      {"date_attr", offsetof(struct profile, date_attr)},
      {"text", offsetof(struct profile, text)},
      {"permalink", offsetof(struct profile, permalink)},
      {"native_id", offsetof(struct profile, native_id)},
      {"quote", offsetof(struct profile, quote)},
      {"quote_author", offsetof(struct profile, quote_author)},
      {"drop", offsetof(struct profile, drop)},
      {"next_page", offsetof(struct profile, next_page)},
  };
  for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
    if (!strcmp(fields[i].key, key))
      return (char **)((char *)p + fields[i].off);
  return NULL;
}

/* Compile the XPath fields of p once (see struct profile's xp). */
static void profile_compile(struct profile *p)
{
  const char *expr[PX_COUNT];

  expr[PX_MATCH] = p->match;
  expr[PX_POST] = p->post;
  expr[PX_AUTHOR] = p->author;
  expr[PX_AUTHOR_URL] = p->author_url;
  expr[PX_DATE] = p->date;
  expr[PX_TEXT] = p->text;
  expr[PX_PERMALINK] = p->permalink;
  expr[PX_NATIVE_ID] = p->native_id;
  expr[PX_QUOTE] = p->quote;
  expr[PX_DROP] = p->drop;
  for (size_t i = 0; i < PX_COUNT; i++)
    p->xp[i] = expr[i] && *expr[i]
                   ? (void *)xmlXPathCompile((const xmlChar *)expr[i])
                   : NULL;
}

static void profile_release(struct profile *p)
{
  for (size_t i = 0; i < PX_COUNT; i++)
    xmlXPathFreeCompExpr(p->xp[i]);
  static const char *keys[] = {"kind",      "hint",      "match",
                               "post",
                               "author",    "author_url", "date",
                               "date_attr", "text",      "permalink",
                               "native_id", "quote",     "quote_author",
                               "drop",      "next_page"};
  for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
    free(*profile_field(p, keys[i]));
  free(p->name);
  free(p->source);
}

/* A finished profile needs a name, a match and a post expression. */
static int profile_check(const struct profile *p, const char *source)
{
  if (!p->match || !p->post)
    return error("profile '%s' in '%s' needs 'match' and 'post'", p->name,
                 source);
  if (p->kind && strcmp(p->kind, "forum_thread") &&
      strcmp(p->kind, "blog_comment") && strcmp(p->kind, "blog_post") &&
      strcmp(p->kind, "mail_message"))
    return error("profile '%s' in '%s': unknown kind '%s'", p->name, source,
                 p->kind);
  return 0;
}

int profile_list_add_text(struct profile_list *list, const char *text,
                          const char *source)
{
  struct profile cur;
  int have = 0, lineno = 0, ret = -1;
  const char *s = text;

  memset(&cur, 0, sizeof(cur));
  while (*s) {
    size_t k = strcspn(s, "\n");
    char *line = xstrndup(s, k), *colon, *key, *val;
    char **field;

    s += k + (s[k] == '\n');
    lineno++;
    key = line + strspn(line, " \t");
    if (!*key || *key == '#') {
      free(line);
      continue;
    }
    colon = strchr(key, ':');
    if (!colon) {
      error("'%s' line %d: expected 'key: value'", source, lineno);
      free(line);
      goto out;
    }
    *colon = '\0';
    val = colon + 1 + strspn(colon + 1, " \t");
    for (size_t n = strlen(val); n && (val[n - 1] == ' ' ||
                                       val[n - 1] == '\r' ||
                                       val[n - 1] == '\t');)
      val[--n] = '\0';
    for (size_t n = strlen(key); n && key[n - 1] == ' ';)
      key[--n] = '\0';
    if (!strcmp(key, "name")) {
      if (have) {
        if (profile_check(&cur, source) < 0) {
          free(line);
          goto out;
        }
        profile_compile(&cur);
        xgrow((void **)&list->items, sizeof(*list->items), list->n + 1,
              &list->alloc);
        list->items[list->n++] = cur;
        memset(&cur, 0, sizeof(cur));
      }
      cur.name = xstrdup(val);
      cur.source = xstrdup(source);
      have = 1;
    } else if (!have) {
      error("'%s' line %d: a profile starts with 'name:'", source, lineno);
      free(line);
      goto out;
    } else if ((field = profile_field(&cur, key))) {
      free(*field);
      *field = xstrdup(val);
    } else {
      error("'%s' line %d: unknown key '%s'", source, lineno, key);
      free(line);
      goto out;
    }
    free(line);
  }
  if (!have) {
    ret = error("'%s' holds no profile", source);
    goto out;
  }
  if (profile_check(&cur, source) < 0)
    goto out;
  profile_compile(&cur);
  xgrow((void **)&list->items, sizeof(*list->items), list->n + 1,
        &list->alloc);
  list->items[list->n++] = cur;
  memset(&cur, 0, sizeof(cur));
  ret = 0;
out:
  profile_release(&cur);
  return ret;
}

int profile_list_add_file(struct profile_list *list, const char *path)
{
  struct strbuf sb = STRBUF_INIT;
  int ret;

  strbuf_init(&sb, 1024 * 1024);
  if (strbuf_read_file(&sb, path) < 0) {
    strbuf_release(&sb);
    return -1;
  }
  ret = profile_list_add_text(list, sb.buf, path);
  strbuf_release(&sb);
  return ret;
}

void profile_list_add_builtin(struct profile_list *list)
{
  for (size_t i = 0; i < ARRAY_SIZE(builtin_profiles); i++) {
    char *src = xasprintf("built-in %s", builtin_profiles[i].file);
    struct strbuf sb = STRBUF_INIT;
    for (const char *const *l = builtin_profiles[i].lines; *l; l++)
      strbuf_addstr(&sb, *l);
    if (profile_list_add_text(list, sb.buf, src) < 0)
      die("built-in profile %s is broken", builtin_profiles[i].file);
    strbuf_release(&sb);
    free(src);
  }
}

void profile_list_release(struct profile_list *list)
{
  for (size_t i = 0; i < list->n; i++)
    profile_release(&list->items[i]);
  free(list->items);
  memset(list, 0, sizeof(*list));
}
