/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Forced engines: what --engine NAME resolves to (a profile file's name
 * covers all its profiles, a profile's name only itself, user files come
 * before built-in ones), the error for an unknown name, and the engine
 * kept per site in the corpus.  The profile names a file holds are read
 * off parse/profiles/ by hand.
 */
#include "corpus/internal.h"
#include "parse/extract.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The profile names list holds, space-separated. */
static char *names_of(const struct profile_list *list)
{
  struct strbuf sb = STRBUF_INIT;

  for (size_t i = 0; i < list->n; i++)
    strbuf_addf(&sb, "%s%s", i ? " " : "", list->items[i].name);
  return strbuf_detach(&sb, NULL);
}

TEST(engine_load_names)
{
  static const struct {
    const char *name, *want; /* want NULL: unknown */
  } cases[] = {
      /* parse/profiles/vbulletin.profile holds three profiles */
      {"vbulletin", "vbulletin3 vbulletin4 vbulletin5"},
      {"vbulletin4", "vbulletin4"},
      {"fluxbb", "fluxbb punbb"}, /* the file fluxbb.profile */
      {"punbb", "punbb"},
      {"mail", "mhonarc pipermail hyperkitty"},
      {"phpbb3", "phpbb3"},
      {"phpbb", NULL},
      {"PHPBB3", NULL}, /* names are exact */
      {"auto", NULL},
  };
  char *saved = getenv("XDG_CONFIG_HOME") ? xstrdup(getenv("XDG_CONFIG_HOME"))
                                          : NULL;
  char *dir = xasprintf("%s/no-config", test_tmpdir());

  setenv("XDG_CONFIG_HOME", dir, 1);
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct profile_list list = {0};
    int rc = engine_load(&list, cases[i].name);
    char *got = names_of(&list);
    CHECK_INT_MSG(rc, cases[i].want ? 0 : -1, cases[i].name);
    CHECK_STR_MSG(got, cases[i].want ? cases[i].want : "", cases[i].name);
    free(got);
    profile_list_release(&list);
  }
  if (saved)
    setenv("XDG_CONFIG_HOME", saved, 1);
  else
    unsetenv("XDG_CONFIG_HOME");
  free(saved);
  free(dir);
}

TEST(engine_load_user_first)
{
  char *saved = getenv("XDG_CONFIG_HOME") ? xstrdup(getenv("XDG_CONFIG_HOME"))
                                          : NULL;
  char *cfg = xasprintf("%s/engine-cfg", test_tmpdir());
  char *d1 = xasprintf("%s/netno", cfg), *d2 = xasprintf("%s/profiles", d1);
  char *file = xasprintf("%s/smf.profile", d2);
  struct profile_list list = {0};
  FILE *f;

  mkdir(cfg, 0700);
  mkdir(d1, 0700);
  mkdir(d2, 0700);
  f = fopen(file, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("name: my-smf\nmatch: //body\npost: //div[@class='p']\n", f);
    fclose(f);
  }
  setenv("XDG_CONFIG_HOME", cfg, 1);
  /* the user's smf.profile stands in for the built-in one */
  CHECK_INT(engine_load(&list, "smf"), 0);
  CHECK_INT(list.n, 1);
  if (list.n)
    CHECK_STR(list.items[0].name, "my-smf");
  profile_list_release(&list);
  CHECK_INT(engine_load(&list, "my-smf"), 0);
  CHECK_INT(list.n, 1);
  profile_list_release(&list);
  /* by path */
  CHECK_INT(engine_load(&list, file), 0);
  CHECK_INT(list.n, 1);
  profile_list_release(&list);
  CHECK_INT(engine_load(&list, "missing/none.profile"), -1);
  CHECK_INT(list.n, 0);
  profile_list_release(&list);
  if (saved)
    setenv("XDG_CONFIG_HOME", saved, 1);
  else
    unsetenv("XDG_CONFIG_HOME");
  free(saved);
  free(file);
  free(d2);
  free(d1);
  free(cfg);
}

/* A page whose posts the phpbb3 profile finds only when forced (its
 * match wants body id phpbb); no dates, so the generic detector passes
 * it by. */
static const char custom_page[] =
    "<html><body id='mine'>"
    "<div id='p1' class='post'><dl class='postprofile'><dt>"
    "<a href='./memberlist.php?mode=viewprofile&amp;u=1'>Ada</a></dt></dl>"
    "<div class='content'>First words here.</div></div>"
    "<div id='p2' class='post'><dl class='postprofile'><dt>"
    "<a href='./memberlist.php?mode=viewprofile&amp;u=2'>Bo</a></dt></dl>"
    "<div class='content'>Second words here.</div></div>"
    "</body></html>";

TEST(extract_force_skips_detection)
{
  struct profile_list all = {0}, forced = {0};
  struct page_posts pp;

  profile_list_add_builtin(&all);
  CHECK_INT(extract_page(custom_page, sizeof(custom_page) - 1,
                         "https://f.example/t/1", 0, &all, 0, &pp),
            0);
  CHECK_INT(pp.nposts, 0);
  page_posts_release(&pp);

  CHECK_INT(engine_load(&forced, "phpbb3"), 0);
  CHECK_INT(extract_page(custom_page, sizeof(custom_page) - 1,
                         "https://f.example/t/1", 0, &forced, EXTRACT_FORCE,
                         &pp),
            0);
  CHECK_INT(pp.nposts, 2);
  if (pp.nposts == 2) {
    CHECK_STR(pp.posts[0].author, "Ada");
    CHECK_STR(pp.posts[0].native_id, "1");
    CHECK_STR(pp.posts[1].author, "Bo");
    CHECK_STR(pp.posts[1].text, "Second words here.");
  }
  page_posts_release(&pp);

  /* forced to an engine whose XPaths find nothing: no posts, and no
   * other detector steps in */
  profile_list_release(&forced);
  CHECK_INT(engine_load(&forced, "xenforo2"), 0);
  CHECK_INT(extract_page(custom_page, sizeof(custom_page) - 1,
                         "https://f.example/t/1", 0, &forced, EXTRACT_FORCE,
                         &pp),
            0);
  CHECK_INT(pp.nposts, 0);
  page_posts_release(&pp);
  profile_list_release(&forced);
  profile_list_release(&all);
}

TEST(corpus_site_engine_kept)
{
  char *path = xasprintf("%s/site-engine.db", test_tmpdir());
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  static const char body[] = "<html><body>x</body></html>";
  struct corpus_page p = {.source = "html", .body = body,
                          .body_len = sizeof(body) - 1};
  struct corpus_site_engine *v = NULL;
  struct corpus_page_data d;
  int64_t id1 = 0, id2 = 0, id3 = 0, n = -1;
  size_t nv = 0;

  CHECK(c != NULL);
  if (!c) {
    free(path);
    return;
  }
  p.url = "https://forum.example:8443/t/1";
  CHECK_INT(corpus_add_page(c, &p, &id1, NULL), 0);
  p.url = "http://forum.example/t/2";
  CHECK_INT(corpus_add_page(c, &p, &id2, NULL), 0);
  p.url = "https://other.example/t/3";
  CHECK_INT(corpus_add_page(c, &p, &id3, NULL), 0);
  CHECK_INT(corpus_exec(c, "UPDATE page SET parse_state = 'parsed'"), 0);

  CHECK_INT(corpus_set_site_engine(c, "nowhere.example", "smf", &n), 0);
  CHECK_INT(n, 0);
  /* "forum.example" names both of its origins, with and without port */
  CHECK_INT(corpus_set_site_engine(c, "Forum.Example", "phpbb3", &n), 0);
  CHECK_INT(n, 2);
  {
    int64_t pending = -1, other = -1;
    corpus_query_int(
        c, "SELECT count(*) FROM page WHERE parse_state = 'pending'",
        &pending);
    CHECK_INT(pending, 2);
    corpus_query_int(c,
                     "SELECT count(*) FROM page WHERE parse_state = 'parsed' "
                     "AND url LIKE 'https://other.example/%'",
                     &other);
    CHECK_INT(other, 1);
  }
  CHECK_INT(corpus_load_page(c, id1, &d), 0);
  CHECK_STR(d.site_engine, "phpbb3");
  corpus_page_data_release(&d);
  CHECK_INT(corpus_load_page(c, id3, &d), 0);
  CHECK(d.site_engine == NULL);
  corpus_page_data_release(&d);

  CHECK_INT(corpus_get_site_engines(c, &v, &nv), 0);
  CHECK_INT(nv, 2);
  if (nv == 2) {
    CHECK_STR(v[0].origin, "http://forum.example");
    CHECK_STR(v[1].origin, "https://forum.example:8443");
    CHECK_STR(v[1].engine, "phpbb3");
  }
  corpus_site_engines_release(v, nv);

  /* an origin names one site; NULL goes back to detection */
  CHECK_INT(corpus_set_site_engine(c, "http://forum.example", NULL, &n), 0);
  CHECK_INT(n, 1);
  CHECK_INT(corpus_get_site_engines(c, &v, &nv), 0);
  CHECK_INT(nv, 1);
  corpus_site_engines_release(v, nv);
  corpus_close(c);
  free(path);
}
