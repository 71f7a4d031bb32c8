/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "corpus/internal.h"
#include "stats/topics.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Expected values by hand, the same as scikit-learn's documented
 * examples: identical partitions 1; [0,0,1,1] against [0,1,0,1] shares
 * nothing (NMI 0, ARI -0.5: index 0, expected 2*2/6, max 2); against
 * [0,0,1,2] NMI = ln2 / ((ln2 + 1.5 ln2) / 2) = 0.8 and ARI =
 * (1 - 2*1/6) / ((2 + 1) / 2 - 1/3) = 4/7. */
TEST(topics_nmi_ari_table)
{
  static const struct {
    int a[6], b[6];
    size_t n;
    double nmi, ari;
  } cases[] = {
      {{0, 0, 1, 1}, {0, 0, 1, 1}, 4, 1.0, 1.0},
      {{0, 0, 1, 1}, {1, 1, 0, 0}, 4, 1.0, 1.0},
      {{0, 0, 1, 1}, {0, 1, 0, 1}, 4, 0.0, -0.5},
      {{0, 0, 1, 1}, {0, 0, 1, 2}, 4, 0.8, 4.0 / 7},
      {{0, 0, 1, 1, -1}, {0, 0, 1, 2, 5}, 5, 0.8, 4.0 / 7}, /* -1 skipped */
  };

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char label[32];
    snprintf(label, sizeof label, "case %zu", i);
    test_check_dbl(topics_nmi(cases[i].a, cases[i].b, cases[i].n), cases[i].nmi,
                   1e-9, __FILE__, __LINE__, "nmi", label);
    test_check_dbl(topics_ari(cases[i].a, cases[i].b, cases[i].n), cases[i].ari,
                   1e-9, __FILE__, __LINE__, "ari", label);
  }
}

/* Slope and interval from the textbook formulas (b = Sxy / Sxx, se =
 * sqrt(SSE / (n - 2) / Sxx), t(0.975, 4) = 2.7764451 from a t table),
 * worked out in plain Python. */
TEST(topics_trend_interval)
{
  static const double x[] = {0, 1, 2, 3, 4, 5};
  static const double y[] = {0.10, 0.12, 0.11, 0.15, 0.16, 0.18};
  static const double line[] = {1, 3, 5, 7};
  double b, lo, hi;

  CHECK_INT(topics_trend(x, y, 6, &b, &lo, &hi), 0);
  CHECK_DBL(b, 0.016, 1e-12);
  CHECK_DBL(lo, 0.008934402430097521, 1e-9);
  CHECK_DBL(hi, 0.023065597569902473, 1e-9);
  CHECK_INT(topics_trend(x, line, 4, &b, &lo, &hi), 0);
  CHECK_DBL(b, 2.0, 1e-12);
  CHECK_DBL(hi - lo, 0.0, 1e-9); /* a perfect line */
  CHECK_INT(topics_trend(x, y, 2, &b, &lo, &hi), -1);
}

/* German posts on two subjects (football, cooking), written for this
 * test; inflected forms (Spiel/Spiele/Spielen, Tor/Tore) meet only
 * through German stemming.  Labels 0 and 1 are the subjects. */
static const char *const german[] = {
    "Das Spiel gestern war stark, die Mannschaft hat drei Tore geschossen.",
    "Der Trainer wechselt den Torwart, die Mannschaft spielt besser.",
    "Nach dem Spiel feierten die Fans im Stadion, das Tor in der letzten "
    "Minute war entscheidend.",
    "Die Spiele der Liga am Wochenende: unsere Mannschaft gegen den "
    "Tabellenführer im Stadion.",
    "Der Stürmer hat im Spiel zwei Tore erzielt, der Trainer lobt die "
    "Mannschaft.",
    "Wer spielt am Samstag im Tor? Der Trainer sagt nichts zur Mannschaft.",
    "Im Stadion war die Stimmung beim Spiel großartig, die Fans sangen.",
    "Die Liga ist spannend, jedes Spiel zählt und jedes Tor zählt.",
    "Für das Rezept die Zwiebeln in Butter anbraten und in der Pfanne "
    "schmoren.",
    "Ich koche die Suppe mit Zwiebeln, Karotten und etwas Salz im Topf.",
    "Das Rezept für den Kuchen: Butter, Zucker, Mehl und Eier verrühren.",
    "Die Pfanne erhitzen, Butter schmelzen, dann die Zwiebeln dazu geben.",
    "Beim Kochen der Suppe immer wieder umrühren und mit Salz abschmecken.",
    "Mein liebstes Rezept ist eine Suppe mit Kartoffeln und Zwiebeln.",
    "Der Kuchen braucht viel Butter und Zucker, das Rezept ist von Oma.",
    "Zum Kochen nehme ich einen großen Topf und eine Pfanne für die "
    "Zwiebeln.",
};
static const int german_label[] = {0, 0, 0, 0, 0, 0, 0, 0,
                                   1, 1, 1, 1, 1, 1, 1, 1};
#define N_GERMAN (sizeof german / sizeof *german)

TEST(topics_german_two_subjects)
{
  struct topic_settings s = {2, 7, 0, "month", NULL, 0, 0};
  struct topic_model m;
  int football = -1;

  CHECK_INT(topic_model_fit(german, NULL, N_GERMAN, &s, &m), 0);
  CHECK_INT(m.k, 2);
  CHECK_DBL(topics_nmi(m.assign, german_label, N_GERMAN), 1.0, 1e-9);
  football = m.assign[0];
  if (football >= 0 && m.k == 2) {
    const struct topic_info *t = &m.topics[football];
    int has_spiel = 0, has_mannschaft = 0;
    printf("  german: \"%s\" / \"%s\"\n", m.topics[0].label, m.topics[1].label);
    /* "Spiel" (7 posts as Spiel/Spiele/spielt...) is shown in its most
     * common surface form, case folded. */
    for (int j = 0; j < TOPIC_TERMS && t->terms[j]; j++) {
      has_spiel |= strcmp(t->terms[j], "spiel") == 0;
      has_mannschaft |= strcmp(t->terms[j], "mannschaft") == 0;
    }
    CHECK(has_spiel);
    CHECK(has_mannschaft);
    CHECK_INT(t->size, 8);
  }
  topic_model_release(&m);

  /* Tagged as German, the same posts must give the same topics. */
  {
    const char *langs[N_GERMAN];
    struct topic_model m2;
    for (size_t i = 0; i < N_GERMAN; i++)
      langs[i] = "de";
    CHECK_INT(topic_model_fit(german, langs, N_GERMAN, &s, &m2), 0);
    CHECK_DBL(topics_nmi(m2.assign, german_label, N_GERMAN), 1.0, 1e-9);
    topic_model_release(&m2);
  }
}

TEST(topics_auto_k_and_determinism)
{
  struct topic_settings s = {0, 11, 1, "month", NULL, 0, 0};
  struct topic_model a, b;

  CHECK_INT(topic_model_fit(german, NULL, N_GERMAN, &s, &a), 0);
  CHECK_INT(topic_model_fit(german, NULL, N_GERMAN, &s, &b), 0);
  printf("  german auto: k=%d silhouette %.3f coherence %.3f\n", a.k,
         a.silhouette, a.coherence);
  /* 16 posts allow K = 2 or 3 (five posts per topic at least); either
   * way no topic may mix the two subjects. */
  CHECK(a.k == 2 || a.k == 3);
  for (int c = 0; c < a.k; c++) {
    int seen[2] = {0, 0};
    for (size_t i = 0; i < N_GERMAN; i++)
      if (a.assign[i] == c)
        seen[german_label[i]] = 1;
    printf("  german auto topic %d: %s\n", c, a.topics[c].label);
    CHECK_MSG(!(seen[0] && seen[1]), a.topics[c].label);
  }
  CHECK_INT(b.k, a.k);
  CHECK(memcmp(a.assign, b.assign, N_GERMAN * sizeof *a.assign) == 0);
  for (int c = 0; c < a.k && c < b.k; c++)
    CHECK_STR(a.topics[c].label, b.topics[c].label);
  topic_model_release(&a);
  topic_model_release(&b);
}

TEST(topics_nothing_to_cluster)
{
  static const char *const empty[] = {"", "123 456", "> quoted"};
  struct topic_settings s = {2, 1, 0, NULL, NULL, 0, 0};
  struct topic_model m;

  /* Too little text: 1, an empty model, no error. */
  CHECK_INT(topic_model_fit(empty, NULL, 3, &s, &m), 1);
  CHECK_INT(m.k, 0);
  topic_model_release(&m);
}

static int64_t count(struct corpus *c, const char *sql)
{
  int64_t n = -1;
  corpus_query_int(c, sql, &n);
  return n;
}

/* Thread 1 and run 1, which the posts and topics of a test belong to. */
static void one_thread_one_run(struct corpus *c)
{
  CHECK_INT(corpus_exec(c, "INSERT INTO thread(id, url, title, kind) "
                           "VALUES (1, 'https://x.example/t/1', 'Forum', "
                           "'forum_thread');"
                           "INSERT INTO run(id, started_at, tool_version) "
                           "VALUES (1, 1, 'test')"),
            0);
}

/* The corpus round trip: posts in, topic, post_topic and timeline rows
 * out.  Football posts are dated January to April 2024, cooking posts
 * too, football ever more often: its share rises. */
TEST(topics_run_stores_rows)
{
  char *path = xasprintf("%s/%s", test_tmpdir(), "topics.db");
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  struct topic_settings s = {2, 3, 0, "month", NULL, 0, 0};
  /* 2024-01-15, 2024-02-15, 2024-03-15, 2024-04-15 UTC (date -d). */
  static const int64_t month[] = {1705276800, 1707955200, 1710460800,
                                  1713139200};
  /* football: 1, 2, 2, 3 posts; cooking: 3, 2, 2, 1 */
  static const int fmonth[] = {0, 1, 1, 2, 2, 3, 3, 3};
  static const int cmonth[] = {0, 0, 0, 1, 1, 2, 2, 3};
  double slope = 0;

  free(path);
  CHECK(c != NULL);
  if (!c)
    return;
  one_thread_one_run(c);
  for (size_t i = 0; i < N_GERMAN; i++) {
    sqlite3_stmt *st = corpus_prepare(
        c, "INSERT INTO post(uid, thread_id, kind, published_at, text, "
           "lang) VALUES (?1, 1, 'forum_thread', ?2, ?3, 'de')");
    char uid[16];
    snprintf(uid, sizeof uid, "p%zu", i);
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, month[i < 8 ? fmonth[i] : cmonth[i - 8]]);
    sqlite3_bind_text(st, 3, german[i], -1, SQLITE_STATIC);
    CHECK_INT(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  CHECK_INT(topics_run(c, 1, &s), 0);
  CHECK_INT(count(c, "SELECT count(*) FROM topic WHERE run_id = 1"), 2);
  CHECK_INT(count(c, "SELECT count(*) FROM post_topic WHERE run_id = 1"), 16);
  CHECK_INT(count(c, "SELECT count(DISTINCT topic) FROM post_topic "
                     "WHERE post_id <= 8"),
            1);
  /* 4 months x (posts + 2 topics) */
  CHECK_INT(count(c, "SELECT count(*) FROM timeline WHERE run_id = 1"), 12);
  CHECK_INT(count(c, "SELECT value FROM timeline WHERE series = 'posts' "
                     "AND period = '2024-01'"),
            4);
  CHECK_INT(count(c, "SELECT count(*) FROM topic WHERE terms LIKE '[\"%'"), 2);
  {
    sqlite3_stmt *st = corpus_prepare(
        c, "SELECT trend FROM topic WHERE id = (SELECT topic FROM "
           "post_topic WHERE post_id = 1)");
    if (st && sqlite3_step(st) == SQLITE_ROW)
      slope = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
  }
  /* Football shares 1/4, 2/4, 2/4, 3/4: slope 0.15 per month by hand
   * (Sxy = 0.75 over Sxx = 5). */
  CHECK_DBL(slope, 0.15, 1e-9);
  CHECK_INT(topics_run(c, 1, &s), 0); /* again: rows replaced */
  CHECK_INT(count(c, "SELECT count(*) FROM post_topic"), 16);
  /* Weekly: 2024-01-15 is in ISO week 2024-W03, 2024-04-15 in 2024-W16
   * (date -u +%G-W%V): 14 weeks x 3 series, empty weeks included. */
  s.period = "week";
  CHECK_INT(topics_run(c, 1, &s), 0);
  CHECK_INT(count(c, "SELECT count(*) FROM timeline WHERE run_id = 1"), 42);
  CHECK_INT(count(c, "SELECT value FROM timeline WHERE series = 'posts' "
                     "AND period = '2024-W03'"),
            4);
  CHECK_INT(count(c, "SELECT value FROM timeline WHERE series = 'posts' "
                     "AND period = '2024-W04'"),
            0);
  CHECK_INT(count(c, "SELECT count(*) FROM timeline WHERE period = "
                     "'2024-W16'"),
            3);
  corpus_close(c);
}

/* Series per site and per leader: the posts of the round trip above on
 * two sites (even-numbered posts on the first), football by author 1 and
 * cooking by author 2, the leader. */
TEST(topics_run_site_and_leader_series)
{
  char *path = xasprintf("%s/%s", test_tmpdir(), "topics-series.db");
  struct corpus *c = corpus_open(path, CORPUS_CREATE);
  static const int64_t leaders[] = {2};
  struct topic_settings s = {2, 3, 0, "month", leaders, 1, 0};
  static const int64_t month[] = {1705276800, 1707955200, 1710460800,
                                  1713139200};
  static const int fmonth[] = {0, 1, 1, 2, 2, 3, 3, 3};
  static const int cmonth[] = {0, 0, 0, 1, 1, 2, 2, 3};
  /* By hand from the tables: the even posts 0, 8, 10 fall in January,
   * 2 and 12 in February, 4 and 14 in March, 6 in April. */
  static const int site1[] = {3, 2, 2, 1};
  static const int cooking[] = {3, 2, 2, 1};
  static const char *const period[] = {"2024-01", "2024-02", "2024-03",
                                       "2024-04"};

  free(path);
  CHECK(c != NULL);
  if (!c)
    return;
  CHECK_INT(corpus_exec(c, "INSERT INTO site(id, origin, host) VALUES "
                           "(1, 'https://a.example', 'a.example'), "
                           "(2, 'https://b.example', 'b.example');"
                           "INSERT INTO thread(id, site_id, url, kind) VALUES "
                           "(1, 1, 'https://a.example/t/1', 'forum_thread'), "
                           "(2, 2, 'https://b.example/t/2', 'forum_thread');"
                           "INSERT INTO author(id, site_id, name) VALUES "
                           "(1, 1, 'kicker'), (2, 1, 'koch');"
                           "INSERT INTO run(id, started_at, tool_version) "
                           "VALUES (1, 1, 'test')"),
            0);
  for (size_t i = 0; i < N_GERMAN; i++) {
    sqlite3_stmt *st = corpus_prepare(
        c, "INSERT INTO post(uid, thread_id, author_id, kind, published_at, "
           "text, lang) VALUES (?1, ?2, ?3, 'forum_thread', ?4, ?5, 'de')");
    char uid[16];
    snprintf(uid, sizeof uid, "p%zu", i);
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, i % 2 ? 2 : 1);
    sqlite3_bind_int(st, 3, i < 8 ? 1 : 2);
    sqlite3_bind_int64(st, 4, month[i < 8 ? fmonth[i] : cmonth[i - 8]]);
    sqlite3_bind_text(st, 5, german[i], -1, SQLITE_STATIC);
    CHECK_INT(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  CHECK_INT(topics_run(c, 1, &s), 0);
  /* 4 months x (posts, 2 topics, site:1, site:2, author:2) */
  CHECK_INT(count(c, "SELECT count(*) FROM timeline WHERE run_id = 1"), 24);
  CHECK_INT(count(c, "SELECT count(*) FROM timeline WHERE series = "
                     "'author:1'"),
            0);
  for (int m = 0; m < 4; m++) {
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT value FROM timeline WHERE series = 'site:1' AND "
             "period = '%s'",
             period[m]);
    CHECK_INT_MSG(count(c, sql), site1[m], period[m]);
    snprintf(sql, sizeof sql,
             "SELECT value FROM timeline WHERE series = 'site:2' AND "
             "period = '%s'",
             period[m]);
    CHECK_INT_MSG(count(c, sql), 4 - site1[m], period[m]);
    snprintf(sql, sizeof sql,
             "SELECT value FROM timeline WHERE series = 'author:2' AND "
             "period = '%s'",
             period[m]);
    CHECK_INT_MSG(count(c, sql), cooking[m], period[m]);
  }
  corpus_close(c);
}

/* Generated posts for the thread test: three subjects, each with its
 * own 40 words, over 200 shared ones; every post takes 12 words of its
 * subject (i % 3) and 8 shared ones, from a fixed LCG. */
#define N_GEN 900
static char **gen_posts(int *label)
{
  static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "sa",
                                    "te", "vo", "pi", "da", "ge", "bu"};
  char **texts = xmalloc(N_GEN * sizeof *texts);
  uint64_t r = 12345;

  for (size_t i = 0; i < N_GEN; i++) {
    struct strbuf b = STRBUF_INIT;
    label[i] = (int)(i % 3);
    for (int w = 0; w < 20; w++) {
      size_t v;
      r = r * 6364136223846793005ull + 1442695040888963407ull;
      v = w < 12 ? (size_t)label[i] * 40 + (r >> 33) % 40
                 : 120 + (r >> 33) % 200;
      if (w)
        strbuf_addch(&b, ' ');
      /* three syllables, distinct for distinct v < 1728 */
      strbuf_addf(&b, "%s%s%sx", syl[v % 12], syl[v / 12 % 12],
                  syl[v / 144 % 12]);
    }
    texts[i] = strbuf_detach(&b, NULL);
  }
  return texts;
}

/* The worker threads split rows into blocks and keep every sum in the
 * one-thread order: the same seed gives bit-identical topics with one
 * thread and with three, for a given K and for K chosen automatically.
 * The subjects themselves are found (NMI 1 against the generator's
 * labels). */
TEST(topics_threads_same_topics)
{
  int label[N_GEN];
  char **texts = gen_posts(label);

  for (int k = 3; k >= 0; k -= 3) {
    struct topic_settings s1 = {k, 5, 0, "month", NULL, 0, 1};
    struct topic_settings s3 = {k, 5, 0, "month", NULL, 0, 3};
    struct topic_model a, b;

    CHECK_INT(topic_model_fit((const char *const *)texts, NULL, N_GEN, &s1, &a),
              0);
    CHECK_INT(topic_model_fit((const char *const *)texts, NULL, N_GEN, &s3, &b),
              0);
    if (k)
      CHECK_INT(a.k, 3);
    CHECK_INT(b.k, a.k);
    if (a.k == 3)
      CHECK_DBL(topics_nmi(a.assign, label, N_GEN), 1.0, 1e-9);
    CHECK(memcmp(a.assign, b.assign, N_GEN * sizeof *a.assign) == 0);
    CHECK(memcmp(a.weight, b.weight, N_GEN * sizeof *a.weight) == 0);
    CHECK(a.silhouette == b.silhouette);
    for (int c = 0; c < a.k && c < b.k; c++)
      CHECK_STR(a.topics[c].label, b.topics[c].label);
    topic_model_release(&a);
    topic_model_release(&b);
  }
  for (size_t i = 0; i < N_GEN; i++)
    free(texts[i]);
  free(texts);
}

/* The same posts stored in opposite orders (as two crawls may find them)
 * give the same topics: every post the same topic label and weight.  K
 * is larger than the three subjects, so the split of a subject depends
 * on where the clustering starts, which is what the order could move. */
static void store_gen(struct corpus *c, char **texts, int reverse)
{
  size_t stored = 0;

  one_thread_one_run(c);
  CHECK_INT(corpus_begin(c), 0);
  for (size_t k = 0; k < N_GEN; k++) {
    size_t i = reverse ? N_GEN - 1 - k : k;
    sqlite3_stmt *st = corpus_prepare(
        c, "INSERT INTO post(uid, thread_id, kind, published_at, text) "
           "VALUES (?1, 1, 'forum_thread', 1705276800, ?2)");
    char uid[16];
    snprintf(uid, sizeof uid, "g%04zu", i);
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, texts[i], -1, SQLITE_STATIC);
    stored += sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
  }
  CHECK_INT(stored, N_GEN);
  CHECK_INT(corpus_commit(c), 0);
}

TEST(topics_same_for_any_storage_order)
{
  static const char q[] =
      "SELECT post.uid || ' ' || topic.label || ' ' || "
      "printf('%.12f', post_topic.weight) FROM post_topic "
      "JOIN post ON post.id = post_topic.post_id "
      "JOIN topic ON topic.run_id = post_topic.run_id "
      "AND topic.id = post_topic.topic ORDER BY post.uid";
  int label[N_GEN];
  char **texts = gen_posts(label);
  struct topic_settings s = {7, 5, 0, "month", NULL, 0, 1};
  struct strbuf out[2] = {STRBUF_INIT, STRBUF_INIT};

  for (int reverse = 0; reverse < 2; reverse++) {
    char *path = xasprintf("%s/topics-order-%d.db", test_tmpdir(), reverse);
    struct corpus *c = corpus_open(path, CORPUS_CREATE);
    sqlite3_stmt *st;
    free(path);
    CHECK(c != NULL);
    if (!c)
      break;
    store_gen(c, texts, reverse);
    CHECK_INT(topics_run(c, 1, &s), 0);
    st = corpus_prepare(c, q);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
      strbuf_addstr(&out[reverse], (const char *)sqlite3_column_text(st, 0));
      strbuf_addch(&out[reverse], '\n');
    }
    sqlite3_finalize(st);
    corpus_close(c);
  }
  CHECK(out[0].len > 0);
  CHECK(out[0].len == out[1].len && !strcmp(out[0].buf, out[1].buf));
  strbuf_release(&out[0]);
  strbuf_release(&out[1]);
  for (size_t i = 0; i < N_GEN; i++)
    free(texts[i]);
  free(texts);
}
