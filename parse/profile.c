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
#include <libxml/xpathInternals.h>

#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
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

/* ---- attribute tests --------------------------------------------------
 *
 * Profiles test attributes with the XPath 1.0 idioms
 *   contains(concat(' ',normalize-space(@class),' '),' X ')   (a word)
 *   contains(@class,'X')  starts-with(@id,'X')  contains(@href,'X')
 * for which libxml2 builds a node set and up to three strings for every
 * element it tries.  They are compiled as calls of functions that read
 * the attribute in place and give the same result (attr_tests[] and
 * FN_TOKEN); any other form is compiled as written. */

#define FN_TOKEN "netno-class-token"

/* The context element's attribute name (no namespace), or NULL; *owned
 * is set when the value had to be copied (a value of several nodes). */
static const char *attr_of(xmlXPathParserContextPtr ctxt, const char *name,
                           xmlChar **owned)
{
  xmlNode *n = ctxt->context->node;

  *owned = NULL;
  if (!n || n->type != XML_ELEMENT_NODE)
    return NULL;
  for (xmlAttr *a = n->properties; a; a = a->next) {
    if (a->ns || strcmp((const char *)a->name, name))
      continue;
    if (!a->children)
      return "";
    if (a->children->type == XML_TEXT_NODE && !a->children->next)
      return a->children->content ? (const char *)a->children->content : "";
    *owned = xmlNodeGetContent((xmlNode *)a);
    return *owned ? (const char *)*owned : "";
  }
  return NULL;
}

static int xml_space(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

enum { TEST_WORD, TEST_PART, TEST_START };

/* One string argument X: is X a word of (TEST_WORD), a part of
 * (TEST_PART) or the start of (TEST_START) the attribute's value? */
static void attr_test(xmlXPathParserContextPtr ctxt, int nargs,
                      const char *name, int how)
{
  xmlChar *want, *owned;
  const char *v, *p;
  size_t k;
  int found = 0;

  if (nargs != 1) {
    xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
    return;
  }
  want = xmlXPathPopString(ctxt);
  if (!want) {
    xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
    return;
  }
  k = strlen((const char *)want);
  v = attr_of(ctxt, name, &owned);
  if (v && how == TEST_START)
    found = !strncmp(v, (const char *)want, k);
  else
    for (p = v; p && (p = strstr(p, (const char *)want)); p++)
      if (how == TEST_PART ||
          ((p == v || xml_space((unsigned char)p[-1])) &&
           (!p[k] || xml_space((unsigned char)p[k])))) {
        found = 1;
        break;
      }
  xmlFree(owned);
  xmlFree(want);
  valuePush(ctxt, xmlXPathNewBoolean(found));
}

static void class_token(xmlXPathParserContextPtr ctxt, int nargs)
{
  attr_test(ctxt, nargs, "class", TEST_WORD);
}

static void class_part(xmlXPathParserContextPtr ctxt, int nargs)
{
  attr_test(ctxt, nargs, "class", TEST_PART);
}

static void id_start(xmlXPathParserContextPtr ctxt, int nargs)
{
  attr_test(ctxt, nargs, "id", TEST_START);
}

static void href_part(xmlXPathParserContextPtr ctxt, int nargs)
{
  attr_test(ctxt, nargs, "href", TEST_PART);
}

/* The idioms with one attribute and a literal, and their functions. */
static const struct {
  const char *idiom, *fn;
  xmlXPathFunction impl;
} attr_tests[] = {
    {"contains(@class,", "netno-class-part", class_part},
    {"starts-with(@id,", "netno-id-start", id_start},
    {"contains(@href,", "netno-href-part", href_part},
};

void profile_xpath_register(void *xpath_context)
{
  xmlXPathContext *xc = xpath_context;
  if (!xc)
    return;
  xmlXPathRegisterFunc(xc, (const xmlChar *)FN_TOKEN, class_token);
  for (size_t i = 0; i < ARRAY_SIZE(attr_tests); i++)
    xmlXPathRegisterFunc(xc, (const xmlChar *)attr_tests[i].fn,
                         attr_tests[i].impl);
}

/* The length of the string literal at s ('...' or "..."), 0 if none. */
static size_t literal_len(const char *s)
{
  const char *end;
  if (*s != '\'' && *s != '"')
    return 0;
  end = strchr(s + 1, *s);
  return end ? (size_t)(end - s) + 1 : 0;
}

char *profile_xpath_rewrite(const char *expr)
{
  static const char
      word_a[] = "contains(concat(' ',normalize-space(@class),' '),",
      word_b[] = "contains(concat(\" \",normalize-space(@class),\" \"),";
  struct strbuf sb = STRBUF_INIT;
  const char *s = expr;
  int changed = 0;

  while (*s) {
    size_t pre = 0, lit;
    const char *fn = NULL;
    int word = 0;
    int name_before = s > expr && (isalnum((unsigned char)s[-1]) ||
                                   strchr("_-.:", s[-1]));
    if (name_before)
      ;
    else if (!strncmp(s, word_a, sizeof(word_a) - 1) ||
             !strncmp(s, word_b, sizeof(word_b) - 1))
      pre = sizeof(word_a) - 1, word = 1, fn = FN_TOKEN;
    else
      for (size_t i = 0; i < ARRAY_SIZE(attr_tests) && !fn; i++)
        if (!strncmp(s, attr_tests[i].idiom, strlen(attr_tests[i].idiom))) {
          pre = strlen(attr_tests[i].idiom);
          fn = attr_tests[i].fn;
        }
    lit = pre ? literal_len(s + pre) : 0;
    if (lit && s[pre + lit] == ')') {
      const char *v = s + pre + 1; /* the literal's text */
      size_t n = lit - 2, i;
      int ok = n > 0;
      if (word) {
        /* ' X ': one word between single spaces */
        ok = n > 2 && v[0] == ' ' && v[n - 1] == ' ';
        for (i = 1; ok && i + 1 < n; i++)
          if (xml_space((unsigned char)v[i]))
            ok = 0;
        v++, n -= 2;
      }
      if (ok) {
        strbuf_addf(&sb, "%s(%c%.*s%c)", fn, s[pre], (int)n, v, s[pre]);
        s += pre + lit + 1;
        changed = 1;
        continue;
      }
    }
    strbuf_addch(&sb, *s++);
  }
  if (!changed) {
    strbuf_release(&sb);
    return NULL;
  }
  return strbuf_detach(&sb, NULL);
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
  for (size_t i = 0; i < PX_COUNT; i++) {
    char *fast = expr[i] ? profile_xpath_rewrite(expr[i]) : NULL;
    p->xp[i] = NULL;
    if (fast)
      p->xp[i] = xmlXPathCompile((const xmlChar *)fast);
    if (!p->xp[i] && expr[i] && *expr[i])
      p->xp[i] = xmlXPathCompile((const xmlChar *)expr[i]);
    free(fast);
  }
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

/* The folder of the user's profiles: $XDG_CONFIG_HOME/netno/profiles,
 * else ~/.config/netno/profiles; NULL when neither is set.  Caller
 * frees. */
static char *user_profile_dir(void)
{
  const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

  if (xdg && *xdg)
    return xasprintf("%s/netno/profiles", xdg);
  if (home && *home)
    return xasprintf("%s/.config/netno/profiles", home);
  return NULL;
}

static int name_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.profile files of the user's folder, sorted; caller frees each
 * and the array. */
static char **user_profile_files(size_t *n)
{
  char *dir = user_profile_dir(), **v = NULL;
  size_t alloc = 0;
  struct dirent *e;
  DIR *d;

  *n = 0;
  if (!dir)
    return NULL;
  d = opendir(dir);
  while (d && (e = readdir(d))) {
    if (!ends_with(e->d_name, ".profile") || e->d_name[0] == '.')
      continue;
    xgrow((void **)&v, sizeof(*v), *n + 1, &alloc);
    v[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
  }
  if (d)
    closedir(d);
  free(dir);
  if (*n)
    qsort(v, *n, sizeof(*v), name_cmp);
  return v;
}

static void files_free(char **v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

int profile_list_add_user(struct profile_list *list)
{
  size_t n;
  char **files = user_profile_files(&n);
  int ret = 0;

  for (size_t i = 0; i < n; i++)
    if (profile_list_add_file(list, files[i]) < 0)
      ret = -1;
  files_free(files, n);
  return ret;
}

/* ---- engines ------------------------------------------------------------ */

/*
 * An engine, as --engine names it, is a profile file (built in or the
 * user's), by its name without ".profile", which covers every profile in
 * it ("vbulletin": vbulletin3, vbulletin4, vbulletin5), or one profile by
 * its own name ("vbulletin4"), or the path of a profile file.  The user's
 * files come first, so that one of them can stand in for a built-in one.
 */

/* The built-in file i as one text. */
static char *builtin_text(size_t i)
{
  struct strbuf sb = STRBUF_INIT;

  for (const char *const *l = builtin_profiles[i].lines; *l; l++)
    strbuf_addstr(&sb, *l);
  return strbuf_detach(&sb, NULL);
}

/* A file's engine name: its base name without ".profile". */
static char *engine_name_of(const char *path)
{
  const char *base = strrchr(path, '/');
  size_t n;

  base = base ? base + 1 : path;
  n = strlen(base);
  if (ends_with(base, ".profile"))
    n -= strlen(".profile");
  return xstrndup(base, n);
}

/* One engine source: a user file or a built-in file, with its
 * profiles. */
struct engine_file {
  char *name;   /* engine name */
  char *source; /* path, or "built-in" */
  struct profile_list profiles;
};

/* Every engine file, the user's first; a user file that does not load
 * is reported and left out. */
static struct engine_file *engine_files(size_t *n)
{
  size_t nuser, alloc = 0;
  char **user = user_profile_files(&nuser);
  struct engine_file *v = NULL;

  *n = 0;
  for (size_t i = 0; i < nuser + ARRAY_SIZE(builtin_profiles); i++) {
    struct engine_file f = {0};
    int rc;

    if (i < nuser) {
      struct strbuf sb = STRBUF_INIT;
      f.name = engine_name_of(user[i]);
      f.source = xstrdup(user[i]);
      strbuf_init(&sb, 1024 * 1024);
      rc = strbuf_read_file(&sb, user[i]) < 0
               ? -1
               : profile_list_add_text(&f.profiles, sb.buf, user[i]);
      strbuf_release(&sb);
    } else {
      size_t b = i - nuser;
      char *text = builtin_text(b), *src;
      f.name = engine_name_of(builtin_profiles[b].file);
      f.source = xstrdup("built-in");
      src = xasprintf("built-in %s", builtin_profiles[b].file);
      rc = profile_list_add_text(&f.profiles, text, src);
      free(src);
      free(text);
    }
    if (rc < 0) {
      free(f.name);
      free(f.source);
      profile_list_release(&f.profiles);
      continue;
    }
    xgrow((void **)&v, sizeof(*v), *n + 1, &alloc);
    v[(*n)++] = f;
  }
  files_free(user, nuser);
  return v;
}

static void engine_files_free(struct engine_file *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(v[i].name);
    free(v[i].source);
    profile_list_release(&v[i].profiles);
  }
  free(v);
}

/* Levenshtein distance of a and b, both capped at 63 bytes. */
static size_t edit_distance(const char *a, const char *b)
{
  size_t la = strnlen(a, 63), lb = strnlen(b, 63), row[64];

  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j], best = diag + (tolower((unsigned char)a[i - 1]) !=
                                         tolower((unsigned char)b[j - 1]));
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[lb];
}

/* Copy profile p into list. */
static void profile_list_add_copy(struct profile_list *list,
                                  const struct profile *p)
{
  static const char *keys[] = {"kind",      "match",     "post",
                               "author",    "author_url", "date",
                               "date_attr", "text",      "permalink",
                               "native_id", "quote",     "quote_author",
                               "drop",      "next_page"};
  struct profile cp;

  memset(&cp, 0, sizeof(cp));
  cp.name = xstrdup(p->name);
  cp.source = xstrdup(p->source);
  for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
    char *v = *profile_field((struct profile *)p, keys[i]);
    *profile_field(&cp, keys[i]) = v ? xstrdup(v) : NULL;
  }
  xgrow((void **)&list->items, sizeof(*list->items), list->n + 1,
        &list->alloc);
  list->items[list->n++] = cp;
}

/* The nearest engine and profile names to name, for an error: up to
 * three, closest first, as "a, b, c". */
static char *engine_nearest(const struct engine_file *files, size_t n,
                            const char *name)
{
  const char *best[3] = {NULL, NULL, NULL};
  size_t dist[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
  struct strbuf sb = STRBUF_INIT;

  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k <= files[i].profiles.n; k++) {
      const char *cand =
          k == 0 ? files[i].name : files[i].profiles.items[k - 1].name;
      size_t d = edit_distance(name, cand);
      int dup = 0;
      for (size_t j = 0; j < 3; j++)
        dup |= best[j] && !strcmp(best[j], cand);
      if (dup)
        continue;
      for (size_t j = 0; j < 3; j++) {
        if (d < dist[j]) {
          for (size_t m = 2; m > j; m--) {
            best[m] = best[m - 1];
            dist[m] = dist[m - 1];
          }
          best[j] = cand;
          dist[j] = d;
          break;
        }
      }
    }
  }
  for (size_t j = 0; j < 3 && best[j]; j++)
    strbuf_addf(&sb, "%s%s", j ? ", " : "", best[j]);
  return strbuf_detach(&sb, NULL);
}

int engine_load(struct profile_list *list, const char *name)
{
  struct engine_file *files;
  size_t n, added = 0;
  int ret = -1;

  if (!*name)
    return error("--engine needs a name");
  /* A path: a profile file of the user's own. */
  if (strchr(name, '/') || ends_with(name, ".profile"))
    return profile_list_add_file(list, name);
  files = engine_files(&n);
  for (size_t i = 0; i < n && !added; i++)
    if (!strcmp(files[i].name, name))
      for (size_t k = 0; k < files[i].profiles.n; k++, added++)
        profile_list_add_copy(list, &files[i].profiles.items[k]);
  for (size_t i = 0; i < n && !added; i++)
    for (size_t k = 0; k < files[i].profiles.n && !added; k++)
      if (!strcmp(files[i].profiles.items[k].name, name)) {
        profile_list_add_copy(list, &files[i].profiles.items[k]);
        added++;
      }
  if (added) {
    ret = 0;
  } else {
    char *near = engine_nearest(files, n, name);
    error("unknown engine '%s' (nearest: %s; 'netno parse --list-engines' "
          "lists them all)",
          name, near);
    free(near);
  }
  engine_files_free(files, n);
  return ret;
}

int engine_list_print(FILE *out)
{
  struct engine_file *files;
  size_t n;

  files = engine_files(&n);
  for (size_t i = 0; i < n; i++) {
    struct strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < files[i].profiles.n; k++)
      strbuf_addf(&sb, "%s%s", k ? " " : "", files[i].profiles.items[k].name);
    fprintf(out, "%-14s %-32s %s\n", files[i].name, sb.buf, files[i].source);
    strbuf_release(&sb);
  }
  engine_files_free(files, n);
  if (fflush(out) || ferror(out))
    return error("cannot write the list of engines");
  return 0;
}
