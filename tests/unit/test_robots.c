/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * robots.txt parsing and matching.  Expected verdicts come from RFC 9309
 * (its section 2.2.2 and section 5 examples), from the URL matching and
 * precedence tables of Google's robots.txt specification
 * (developers.google.com/search/docs/crawling-indexing/robots/robots_txt),
 * from Python 3.11's urllib.robotparser where it and the RFC agree, and
 * from working the rules out by hand.  Each table names its source.
 */
#include "crawl/robots.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct match_case {
  const char *body;
  const char *agent;
  const char *path;
  int allowed;
  const char *rule; /* expected matched_rule text; NULL: none matched */
};

/* Parse, ask, compare verdict and deciding rule; the label names the case
 * by its table index and path. */
static void run_cases(const char *table, const struct match_case *cases,
                      size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const struct match_case *c = &cases[i];
    struct robots *r = robots_parse(c->body, strlen(c->body), c->agent);
    const char *rule = "unset";
    char label[256];

    snprintf(label, sizeof(label), "%s[%zu] %s %s", table, i,
             c->agent ? c->agent : "(null)", c->path);
    CHECK_INT_MSG(robots_allows(r, c->path, &rule), c->allowed, label);
    CHECK_STR_MSG(rule, c->rule, label);
    robots_free(r);
  }
}

/* ---- RFC 9309 section 5 ---------------------------------------------- */

/* RFC 9309 section 5.1, verbatim. */
static const char rfc_simple[] = "User-Agent: *\n"
                                 "Disallow: *.gif$\n"
                                 "Disallow: /example/\n"
                                 "Allow: /publications/\n"
                                 "\n"
                                 "User-Agent: foobot\n"
                                 "Disallow:/\n"
                                 "Allow:/example/page.html\n"
                                 "Allow:/example/allowed.gif\n"
                                 "\n"
                                 "User-Agent: barbot\n"
                                 "User-Agent: bazbot\n"
                                 "Disallow: /example/page.html\n"
                                 "\n"
                                 "User-Agent: quxbot\n"
                                 "\n"
                                 "EOF\n";

/* RFC 9309 section 5.2, verbatim. */
static const char rfc_longest[] = "User-Agent: foobot\n"
                                  "Allow: /example/page/\n"
                                  "Disallow: /example/page/disallowed.gif\n";

/* Verdicts from the explanations below the examples in RFC 9309 section
 * 5; the "*" + /publications/ + .gif case worked out by hand (14 octets
 * beat 6). */
static const struct match_case rfc_cases[] = {
    {rfc_simple, "foobot", "/example/page.html", 1,
     "Allow: /example/page.html"},
    {rfc_simple, "foobot", "/example/allowed.gif", 1,
     "Allow: /example/allowed.gif"},
    {rfc_simple, "foobot", "/example/other.html", 0, "Disallow: /"},
    {rfc_simple, "foobot", "/publications/", 0, "Disallow: /"},
    {rfc_simple, "FooBot/2.1", "/", 0, "Disallow: /"},
    {rfc_simple, "barbot", "/example/page.html", 0,
     "Disallow: /example/page.html"},
    {rfc_simple, "barbot", "/example/page.htm", 1, NULL},
    {rfc_simple, "barbot", "/x.gif", 1, NULL},
    {rfc_simple, "bazbot", "/example/page.html", 0,
     "Disallow: /example/page.html"},
    {rfc_simple, "bazbot", "/example/", 1, NULL},
    {rfc_simple, "quxbot", "/example/page.html", 1, NULL},
    {rfc_simple, "quxbot", "/a.gif", 1, NULL},
    {rfc_simple, "otherbot", "/a.gif", 0, "Disallow: *.gif$"},
    {rfc_simple, "otherbot", "/dir/b.gif", 0, "Disallow: *.gif$"},
    {rfc_simple, "otherbot", "/a.gif?x=1", 1, NULL},
    {rfc_simple, "otherbot", "/example/", 0, "Disallow: /example/"},
    {rfc_simple, "otherbot", "/example/page.html", 0, "Disallow: /example/"},
    {rfc_simple, "otherbot", "/example", 1, NULL},
    {rfc_simple, "otherbot", "/publications/a.html", 1,
     "Allow: /publications/"},
    {rfc_simple, "otherbot", "/publications/a.gif", 1, "Allow: /publications/"},
    {rfc_simple, "netno", "/index.html", 1, NULL},
    {rfc_longest, "foobot", "/example/page/", 1, "Allow: /example/page/"},
    {rfc_longest, "foobot", "/example/page/disallowed.gif", 0,
     "Disallow: /example/page/disallowed.gif"},
    {rfc_longest, "foobot", "/example/page/other.gif", 1,
     "Allow: /example/page/"},
};

TEST(robots_rfc9309_examples)
{
  run_cases("rfc", rfc_cases, ARRAY_SIZE(rfc_cases));
}

/* ---- Google's URL matching table ------------------------------------- */

/* "URL matching based on path values" in Google's robots.txt
 * specification: each pattern, the URLs it matches and those it does
 * not.  Run as a single "Disallow: PATTERN" in a "*" group. */
static const struct {
  const char *pattern;
  const char *path;
  int matches;
} google_paths[] = {
    {"/", "/", 1},
    {"/", "/page.html", 1},
    {"/*", "/", 1},
    {"/*", "/any/thing", 1},
    {"/$", "/", 1},
    {"/$", "/page.html", 0},
    {"/fish", "/fish", 1},
    {"/fish", "/fish.html", 1},
    {"/fish", "/fish/salmon.html", 1},
    {"/fish", "/fishheads", 1},
    {"/fish", "/fishheads/yummy.html", 1},
    {"/fish", "/fish.php?id=anything", 1},
    {"/fish", "/Fish.asp", 0},
    {"/fish", "/catfish", 0},
    {"/fish", "/?id=fish", 0},
    {"/fish", "/desert/fish", 0},
    {"/fish*", "/fish", 1},
    {"/fish*", "/fish.html", 1},
    {"/fish*", "/fish/salmon.html", 1},
    {"/fish*", "/fishheads", 1},
    {"/fish*", "/fishheads/yummy.html", 1},
    {"/fish*", "/fish.php?id=anything", 1},
    {"/fish*", "/Fish.asp", 0},
    {"/fish*", "/catfish", 0},
    {"/fish*", "/?id=fish", 0},
    {"/fish*", "/desert/fish", 0},
    {"/fish/", "/fish/", 1},
    {"/fish/", "/fish/?id=anything", 1},
    {"/fish/", "/fish/salmon.htm", 1},
    {"/fish/", "/fish", 0},
    {"/fish/", "/fish.html", 0},
    {"/fish/", "/animals/fish/", 0},
    {"/fish/", "/Fish/Salmon.asp", 0},
    {"/*.php", "/index.php", 1},
    {"/*.php", "/filename.php", 1},
    {"/*.php", "/folder/filename.php", 1},
    {"/*.php", "/folder/filename.php?parameters", 1},
    {"/*.php", "/folder/any.php.file.html", 1},
    {"/*.php", "/filename.php/", 1},
    {"/*.php", "/", 0},
    {"/*.php", "/windows.PHP", 0},
    {"/*.php$", "/filename.php", 1},
    {"/*.php$", "/folder/filename.php", 1},
    {"/*.php$", "/filename.php?parameters", 0},
    {"/*.php$", "/filename.php/", 0},
    {"/*.php$", "/filename.php5", 0},
    {"/*.php$", "/windows.PHP", 0},
    {"/fish*.php", "/fish.php", 1},
    {"/fish*.php", "/fishheads/catfish.php?parameters", 1},
    {"/fish*.php", "/Fish.PHP", 0},
    /* by hand: '*' runs and a '$' after a star */
    {"/a**b", "/a/x/b", 1},
    {"/a*b$", "/ab/b", 1},
    {"/a*b$", "/ab/c", 0},
    {"*", "/anything", 1},
};

TEST(robots_google_path_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(google_paths); i++) {
    char body[256], rule[128], label[128];
    const char *got = "unset";
    struct robots *r;

    snprintf(body, sizeof(body), "User-agent: *\nDisallow: %s\n",
             google_paths[i].pattern);
    snprintf(rule, sizeof(rule), "Disallow: %s", google_paths[i].pattern);
    snprintf(label, sizeof(label), "%s vs %s", google_paths[i].pattern,
             google_paths[i].path);
    r = robots_parse(body, strlen(body), "netno");
    CHECK_INT_MSG(robots_allows(r, google_paths[i].path, &got),
                  !google_paths[i].matches, label);
    CHECK_STR_MSG(got, google_paths[i].matches ? rule : NULL, label);
    robots_free(r);
  }
}

/* "Order of precedence for rules" in Google's robots.txt specification. */
static const struct match_case google_precedence[] = {
    {"User-agent: *\nallow: /p\ndisallow: /\n", "netno", "/page", 1,
     "Allow: /p"},
    {"User-agent: *\nallow: /folder\ndisallow: /folder\n", "netno",
     "/folder/page", 1, "Allow: /folder"},
    {"User-agent: *\nallow: /page\ndisallow: /*.htm\n", "netno", "/page.htm", 0,
     "Disallow: /*.htm"},
    {"User-agent: *\nallow: /page\ndisallow: /*.ph\n", "netno", "/page.php5", 1,
     "Allow: /page"},
    {"User-agent: *\nallow: /$\ndisallow: /\n", "netno", "/", 1, "Allow: /$"},
    {"User-agent: *\nallow: /$\ndisallow: /\n", "netno", "/page.htm", 0,
     "Disallow: /"},
    /* by hand: the order in the file does not matter, length does */
    {"User-agent: *\ndisallow: /a/b\nallow: /a\n", "netno", "/a/b/c", 0,
     "Disallow: /a/b"},
    {"User-agent: *\nallow: /a/b/c\ndisallow: /a/b\nallow: /a\n", "netno",
     "/a/b/c/d", 1, "Allow: /a/b/c"},
    {"User-agent: *\ndisallow: /a\nallow: /a\n", "netno", "/a", 1, "Allow: /a"},
};

TEST(robots_google_precedence)
{
  run_cases("precedence", google_precedence, ARRAY_SIZE(google_precedence));
}

/* ---- Google's robotstxt test suite -------------------------------- */

/* From robots_test.cc of Google's reference parser (github.com/google/
 * robotstxt), ID_LineSyntax_Groups: rules outside groups are ignored,
 * groups for the same agent combine, blank lines end nothing. */
static const char gs_groups[] = "allow: /foo/bar/\n"
                                "\n"
                                "user-agent: FooBot\n"
                                "disallow: /\n"
                                "allow: /x/\n"
                                "user-agent: BarBot\n"
                                "disallow: /\n"
                                "allow: /y/\n"
                                "\n"
                                "\n"
                                "allow: /w/\n"
                                "user-agent: BazBot\n"
                                "\n"
                                "user-agent: FooBot\n"
                                "allow: /z/\n"
                                "disallow: /\n";
/* ID_GlobalGroups_Secondary */
static const char gs_global[] = "user-agent: *\n"
                                "allow: /\n"
                                "user-agent: FooBot\n"
                                "disallow: /\n";
/* GoogleOnly_AcceptUserAgentUpToFirstSpace */
static const char gs_space[] = "User-Agent: *\n"
                               "Disallow: /\n"
                               "User-Agent: Foo Bar\n"
                               "Allow: /x/\n"
                               "Disallow: /\n";
/* ID_SpecialCharacters */
static const char gs_special1[] = "User-agent: FooBot\n"
                                  "Disallow: /foo/bar/quz\n"
                                  "Allow: /foo/*/qux\n";
static const char gs_special2[] = "User-agent: FooBot\n"
                                  "Disallow: /foo/bar$\n"
                                  "Allow: /foo/bar/qux\n";
static const char gs_special3[] = "User-agent: FooBot\n"
                                  "# Disallow: /\n"
                                  "Disallow: /foo/quz#qux\n"
                                  "Allow: /\n";
/* ID_LongestMatch */
static const char gs_longest1[] = "user-agent: FooBot\n"
                                  "disallow: /x\n"
                                  "allow: /x/\n";
static const char gs_longest2[] = "user-agent: FooBot\n"
                                  "allow: /x/page.\n"
                                  "disallow: /*.html\n";
static const char gs_longest3[] = "user-agent: FooBot\n"
                                  "disallow: \n"
                                  "allow: \n";
/* ID_Encoding, first case */
static const char gs_query[] =
    "User-agent: FooBot\n"
    "Disallow: /\n"
    "Allow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n";
/* GoogleOnly_DocumentationChecks, the ".php" patterns as Allow rules */
static const char gs_php[] = "user-agent: FooBot\n"
                             "disallow: /\n"
                             "allow: /*.php\n";
static const char gs_php_end[] = "user-agent: FooBot\n"
                                 "disallow: /\n"
                                 "allow: /*.php$\n";

static const struct match_case google_suite[] = {
    {gs_groups, "FooBot", "/x/b", 1, "Allow: /x/"},
    {gs_groups, "FooBot", "/z/d", 1, "Allow: /z/"},
    {gs_groups, "FooBot", "/y/c", 0, "Disallow: /"},
    {gs_groups, "BarBot", "/y/c", 1, "Allow: /y/"},
    {gs_groups, "BarBot", "/w/a", 1, "Allow: /w/"},
    {gs_groups, "BarBot", "/z/d", 0, "Disallow: /"},
    {gs_groups, "BazBot", "/z/d", 1, "Allow: /z/"},
    {gs_groups, "FooBot", "/foo/bar/", 0, "Disallow: /"},
    {gs_groups, "BarBot", "/foo/bar/", 0, "Disallow: /"},
    {gs_groups, "BazBot", "/foo/bar/", 0, "Disallow: /"},
    {gs_global, "FooBot", "/x/y", 0, "Disallow: /"},
    {gs_global, "BarBot", "/x/y", 1, "Allow: /"},
    {gs_space, "Foo", "/x/y", 1, "Allow: /x/"},
    {gs_special1, "FooBot", "/foo/bar/quz", 0, "Disallow: /foo/bar/quz"},
    {gs_special1, "FooBot", "/foo/quz", 1, NULL},
    {gs_special1, "FooBot", "/foo//quz", 1, NULL},
    {gs_special1, "FooBot", "/foo/bax/quz", 1, NULL},
    {gs_special2, "FooBot", "/foo/bar", 0, "Disallow: /foo/bar$"},
    {gs_special2, "FooBot", "/foo/bar/qux", 1, "Allow: /foo/bar/qux"},
    {gs_special2, "FooBot", "/foo/bar/", 1, NULL},
    {gs_special2, "FooBot", "/foo/bar/baz", 1, NULL},
    {gs_special3, "FooBot", "/foo/bar", 1, "Allow: /"},
    {gs_special3, "FooBot", "/foo/quz", 0, "Disallow: /foo/quz"},
    {gs_longest1, "FooBot", "/x", 0, "Disallow: /x"},
    {gs_longest1, "FooBot", "/x/", 1, "Allow: /x/"},
    {gs_longest2, "FooBot", "/x/page.html", 1, "Allow: /x/page."},
    {gs_longest2, "FooBot", "/x/y.html", 0, "Disallow: /*.html"},
    {gs_longest3, "FooBot", "/x/page.html", 1, NULL},
    {gs_query, "FooBot", "/foo/bar?qux=taz&baz=http://foo.bar?tar&par", 1,
     "Allow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par"},
    {gs_php, "FooBot", "/index?f=filename.php/", 1, "Allow: /*.php"},
    {gs_php, "FooBot", "//folder/any.php.file.html", 1, "Allow: /*.php"},
    {gs_php, "FooBot", "/php/", 0, "Disallow: /"},
    {gs_php, "FooBot", "/index?php", 0, "Disallow: /"},
    {gs_php_end, "FooBot", "/filename?php", 0, "Disallow: /"},
    {gs_php_end, "FooBot", "/aaaphpaaa", 0, "Disallow: /"},
    {gs_php_end, "FooBot", "//windows.PHP", 0, "Disallow: /"},
};

TEST(robots_google_test_suite)
{
  run_cases("google-suite", google_suite, ARRAY_SIZE(google_suite));
}

/* ---- groups ------------------------------------------------------------ */

static const char ua_named[] = "User-agent: NetNo\n"
                               "Disallow: /a\n"
                               "\n"
                               "User-agent: *\n"
                               "Disallow: /b\n";
static const char ua_longer[] = "User-agent: netnobot\n"
                                "Disallow: /a\n"
                                "\n"
                                "User-agent: *\n"
                                "Disallow: /b\n";
static const char ua_version[] = "User-agent: netno/1.0\n"
                                 "Disallow: /a\n"
                                 "User-agent: *\n"
                                 "Disallow: /b\n";
/* RFC 9309 2.2.1: groups naming the same agent are combined. */
static const char ua_combined[] = "User-agent: netno\n"
                                  "Disallow: /a\n"
                                  "\n"
                                  "User-agent: other\n"
                                  "Disallow: /c\n"
                                  "\n"
                                  "user-agent: NETNO\n"
                                  "Disallow: /b\n";
static const char ua_shared[] = "User-agent: other\n"
                                "User-agent: netno\n"
                                "Disallow: /x\n"
                                "User-agent: third\n"
                                "Disallow: /y\n";
static const char ua_star_combined[] = "User-agent: *\n"
                                       "Disallow: /a\n"
                                       "User-agent: other\n"
                                       "Disallow: /c\n"
                                       "User-agent: *\n"
                                       "Disallow: /b\n";
/* An empty group for netno still beats "*": nothing is disallowed. */
static const char ua_empty[] = "User-agent: *\n"
                               "Disallow: /\n"
                               "\n"
                               "User-agent: netno\n";
/* RFC 9309 grammar: blank lines do not end the list of user-agent lines,
 * so netno and "*" share this group. */
static const char ua_blank_between[] = "User-agent: netno\n"
                                       "\n"
                                       "User-agent: *\n"
                                       "Disallow: /x\n";
/* Crawl-delay belongs to the netno group; "*" starts a new group. */
static const char ua_delay_member[] = "User-agent: netno\n"
                                      "Crawl-delay: 5\n"
                                      "\n"
                                      "User-agent: *\n"
                                      "Disallow: /\n";
/* Lines before the first user-agent line belong to no group. */
static const char ua_before[] = "Disallow: /a\n"
                                "Allow: /b\n"
                                "Sitemap: https://example.com/s.xml\n"
                                "User-agent: *\n"
                                "Disallow: /b\n";
static const char ua_star_text[] = "User-agent: * everyone\n"
                                   "Disallow: /x\n";
static const char ua_only_other[] = "User-agent: other\n"
                                    "Disallow: /\n";

/* Worked out by hand from RFC 9309 2.2.1 and the rule in robots.h: the
 * product token of the line ("netno" of "netno/1.0", "netnobot" stays
 * "netnobot") equals ours, ignoring case. */
static const struct match_case group_cases[] = {
    {ua_named, "netno", "/a", 0, "Disallow: /a"},
    {ua_named, "netno", "/b", 1, NULL},
    {ua_named, "netno/0.1.0 (+https://example.org)", "/a", 0, "Disallow: /a"},
    {ua_named, "otherbot", "/a", 1, NULL},
    {ua_named, "otherbot", "/b", 0, "Disallow: /b"},
    {ua_named, NULL, "/b", 0, "Disallow: /b"},
    {ua_longer, "netno", "/a", 1, NULL},
    {ua_longer, "netno", "/b", 0, "Disallow: /b"},
    {ua_version, "netno", "/a", 0, "Disallow: /a"},
    {ua_version, "netno", "/b", 1, NULL},
    {ua_combined, "netno", "/a", 0, "Disallow: /a"},
    {ua_combined, "netno", "/b", 0, "Disallow: /b"},
    {ua_combined, "netno", "/c", 1, NULL},
    {ua_shared, "netno", "/x", 0, "Disallow: /x"},
    {ua_shared, "netno", "/y", 1, NULL},
    {ua_shared, "third", "/x", 1, NULL},
    {ua_shared, "third", "/y", 0, "Disallow: /y"},
    {ua_star_combined, "netno", "/a", 0, "Disallow: /a"},
    {ua_star_combined, "netno", "/b", 0, "Disallow: /b"},
    {ua_star_combined, "netno", "/c", 1, NULL},
    {ua_empty, "netno", "/x", 1, NULL},
    {ua_empty, "other", "/x", 0, "Disallow: /"},
    {ua_blank_between, "netno", "/x", 0, "Disallow: /x"},
    {ua_blank_between, "other", "/x", 0, "Disallow: /x"},
    {ua_delay_member, "netno", "/x", 1, NULL},
    {ua_delay_member, "other", "/x", 0, "Disallow: /"},
    {ua_before, "netno", "/a", 1, NULL},
    {ua_before, "netno", "/b", 0, "Disallow: /b"},
    {ua_star_text, "netno", "/x", 0, "Disallow: /x"},
    {ua_only_other, "netno", "/x", 1, NULL},
};

TEST(robots_group_selection)
{
  run_cases("group", group_cases, ARRAY_SIZE(group_cases));
}

/* ---- syntax ------------------------------------------------------------ */

/* By hand: each body below says "Disallow /x" for netno in some odd
 * spelling of the syntax. */
static const struct match_case syntax_cases[] = {
    {"\xEF\xBB\xBFUser-agent: netno\nDisallow: /x\n", "netno", "/x", 0,
     "Disallow: /x"},
    {"User-agent: netno\r\nDisallow: /x\r\nDisallow: /y\r\n", "netno", "/y", 0,
     "Disallow: /y"},
    {"User-agent: netno\rDisallow: /x\rDisallow: /y", "netno", "/y", 0,
     "Disallow: /y"},
    {"User-agent:netno\nDisallow:/x", "netno", "/x", 0, "Disallow: /x"},
    {"USER-AGENT: NETNO\nDISALLOW: /x\n", "netno", "/x", 0, "Disallow: /x"},
    {"\t User-agent \t: netno \t\n  Disallow :  /x  \n", "netno", "/x", 0,
     "Disallow: /x"},
    {"User-agent netno\nDisallow /x\n", "netno", "/x", 0, "Disallow: /x"},
    {"User-agent: netno # us\nDisallow: /x # private\n# Disallow: /y\n",
     "netno", "/y", 1, NULL},
    {"User-agent: netno # us\nDisallow: /x # private\n", "netno", "/x", 0,
     "Disallow: /x"},
    {"User-agent: netno\nDissallow: /x\n", "netno", "/x", 0, "Disallow: /x"},
    {"useragent: netno\ndisalow: /x\n", "netno", "/x", 0, "Disallow: /x"},
    {"User-agent: netno\nthis is not a rule\n<html>\nDisallow: /x\n", "netno",
     "/x", 0, "Disallow: /x"},
    {"User-agent: netno\nDisallow /x /y\n", "netno", "/x", 1, NULL},
    {"User-agent: netno\nDisallow:\n", "netno", "/x", 1, NULL},
    {"User-agent: netno\nDisallow:   \nAllow:\n", "netno", "/", 1, NULL},
    {"User-agent: netno\nDisallow: x\n", "netno", "/x", 1, NULL},
    {"User-agent: netno\nDisallow: $\n", "netno", "/", 1, NULL},
    {"User-agent: netno\nNoindex: /x\nDisallow: /y\n", "netno", "/x", 1, NULL},
    {"", "netno", "/", 1, NULL},
    {"\xEF\xBB\xBF", "netno", "/", 1, NULL},
    /* partial BOMs are skipped too; a broken one spoils the first line
     * (cases from Google's ID_UTF8ByteOrderMarkIsSkipped) */
    {"\xEF\xBBUser-agent: netno\nDisallow: /x\n", "netno", "/x", 0,
     "Disallow: /x"},
    {"\xEFUser-agent: netno\nDisallow: /x\n", "netno", "/x", 0, "Disallow: /x"},
    {"\xEF\x11\xBFUser-agent: netno\nDisallow: /x\n", "netno", "/x", 1, NULL},
    {"User-agent: netno\n\xEF\xBB\xBF"
     "Disallow: /x\n",
     "netno", "/x", 1, NULL},
};

TEST(robots_syntax_tolerance)
{
  run_cases("syntax", syntax_cases, ARRAY_SIZE(syntax_cases));
}

/* ---- percent-encoding -------------------------------------------------- */

/* RFC 9309 section 2.2.2 (its table of encoded paths and its rule that
 * encoded unreserved octets are decoded), plus cases by hand. */
static const struct match_case encoding_cases[] = {
    {"User-agent: *\nDisallow: /foo/bar?baz=quz\n", "netno", "/foo/bar?baz=quz",
     0, "Disallow: /foo/bar?baz=quz"},
    {"User-agent: *\nDisallow: /foo/bar?baz=https://foo.bar\n", "netno",
     "/foo/bar?baz=https%3A%2F%2Ffoo.bar", 0,
     "Disallow: /foo/bar?baz=https://foo.bar"},
    {"User-agent: *\nDisallow: /foo/bar?baz=https%3A%2F%2Ffoo.bar\n", "netno",
     "/foo/bar?baz=https://foo.bar", 0,
     "Disallow: /foo/bar?baz=https://foo.bar"},
    {"User-agent: *\nDisallow: /foo/bar/\xE3\x83\x84\n", "netno",
     "/foo/bar/%E3%83%84", 0, "Disallow: /foo/bar/%E3%83%84"},
    {"User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "netno",
     "/foo/bar/%e3%83%84", 0, "Disallow: /foo/bar/%E3%83%84"},
    {"User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "netno", "/foo/bar/baz",
     0, "Disallow: /foo/bar/baz"},
    {"User-agent: *\nDisallow: /%7Efoo\n", "netno", "/~foo", 0,
     "Disallow: /~foo"},
    {"User-agent: *\nDisallow: /~foo\n", "netno", "/%7efoo/x", 0,
     "Disallow: /~foo"},
    {"User-agent: *\nDisallow: /foo%2Fbar\n", "netno", "/foo/bar", 1, NULL},
    {"User-agent: *\nDisallow: /foo%2fbar\n", "netno", "/foo%2Fbar", 0,
     "Disallow: /foo%2Fbar"},
    {"User-agent: *\nDisallow: /foo/bar\n", "netno", "/foo%2Fbar", 1, NULL},
    /* "/ärger" in UTF-8; a URL carries it encoded */
    {"User-agent: *\nDisallow: /\xC3\xA4rger\n", "netno", "/%C3%A4rger", 0,
     "Disallow: /%C3%A4rger"},
    {"User-agent: *\nDisallow: /\xC3\xA4rger\n", "netno", "/%c3%a4rger/x", 0,
     "Disallow: /%C3%A4rger"},
    {"User-agent: *\nDisallow: /\xC3\xA4rger\n", "netno", "/argher", 1, NULL},
    {"User-agent: *\nDisallow: /%C3%A4\n", "netno", "/\xC3\xA4", 0,
     "Disallow: /%C3%A4"},
    /* a stray '%' is an octet like any other, encoded as %25 */
    {"User-agent: *\nDisallow: /100%\n", "netno", "/100%25", 0,
     "Disallow: /100%25"},
    {"User-agent: *\nDisallow: /a b\n", "netno", "/a%20b", 0,
     "Disallow: /a%20b"},
    /* encoded reserved characters in the path stay distinct */
    {"User-agent: *\nDisallow: /a%3Fb\n", "netno", "/a?b", 1, NULL},
    {"User-agent: *\nDisallow: /a%2Ab\n", "netno", "/a*b", 1, NULL},
};

TEST(robots_percent_encoding)
{
  run_cases("encoding", encoding_cases, ARRAY_SIZE(encoding_cases));
}

/* ---- always-allowed and fixed decisions ------------------------------ */

TEST(robots_fixed_decisions)
{
  static const char all[] = "User-agent: *\nDisallow: /\n";
  struct robots *r = robots_parse(all, strlen(all), "netno");
  const char *rule = "unset";

  /* RFC 9309 2.2.2: /robots.txt is implicitly allowed */
  CHECK_INT(robots_allows(r, "/robots.txt", &rule), 1);
  CHECK_STR(rule, NULL);
  CHECK_INT(robots_allows(r, "/robots.txt?x=1", NULL), 1);
  CHECK_INT(robots_allows(r, "/robots.txt.bak", &rule), 0);
  CHECK_STR(rule, "Disallow: /");
  CHECK_INT(robots_allows(r, "", &rule), 0);
  CHECK_INT(robots_allows(r, NULL, NULL), 0);
  /* a fragment is not part of the request target */
  CHECK_INT(robots_allows(r, "/robots.txt#top", NULL), 1);
  robots_free(r);

  r = robots_disallow_all();
  CHECK_INT(robots_allows(r, "/", &rule), 0);
  CHECK_STR(rule, "Disallow: /");
  CHECK_INT(robots_allows(r, "/forum/thread?id=1", NULL), 0);
  CHECK_INT(robots_allows(r, "/robots.txt", NULL), 1);
  CHECK_DBL(robots_crawl_delay(r), -1, 0);
  CHECK_INT(robots_rule_count(r), 1);
  robots_free(r);

  r = robots_allow_all();
  CHECK_INT(robots_allows(r, "/anything", &rule), 1);
  CHECK_STR(rule, NULL);
  CHECK_INT(robots_sitemaps(r, NULL), 0);
  CHECK_INT(robots_rule_count(r), 0);
  robots_free(r);
  robots_free(NULL);
}

/* ---- Crawl-delay and Sitemap ----------------------------------------- */

static const struct {
  const char *body;
  double delay;
} delay_cases[] = {
    {"User-agent: netno\nCrawl-delay: 5\n", 5},
    {"User-agent: netno\nCrawl-delay: 0.5\n", 0.5},
    {"User-agent: netno\ncrawl-delay:2.25 # slow\n", 2.25},
    {"User-agent: netno\nCrawl-delay: 3 seconds\n", 3},
    {"User-agent: netno\nCrawl-delay: abc\n", -1},
    {"User-agent: netno\nCrawl-delay: -4\n", -1},
    {"User-agent: netno\nCrawl-delay:\n", -1},
    {"User-agent: netno\nCrawl-delay: x\nCrawl-delay: 7\n", 7},
    {"User-agent: netno\nCrawl-delay: 7\nCrawl-delay: 9\n", 7},
    {"User-agent: *\nCrawl-delay: 4\n", 4},
    {"User-agent: *\nCrawl-delay: 4\nUser-agent: netno\nDisallow: /x\n", -1},
    {"User-agent: other\nCrawl-delay: 4\n", -1},
    {"Crawl-delay: 4\nUser-agent: *\nDisallow: /\n", -1},
    {"", -1},
};

TEST(robots_crawl_delay_table)
{
  for (size_t i = 0; i < ARRAY_SIZE(delay_cases); i++) {
    struct robots *r =
        robots_parse(delay_cases[i].body, strlen(delay_cases[i].body), "netno");
    char label[32];

    snprintf(label, sizeof(label), "delay[%zu]", i);
    test_check_dbl(robots_crawl_delay(r), delay_cases[i].delay, 1e-9, __FILE__,
                   __LINE__, "robots_crawl_delay(r)", label);
    robots_free(r);
  }
}

TEST(robots_sitemap_lines)
{
  static const char body[] =
      "Sitemap: https://example.com/first.xml\n"
      "User-agent: other\n"
      "Disallow: /\n"
      "sitemap:https://example.com/second.xml.gz\n"
      "Sitemap:\n"
      "Site-map: https://example.com/third.xml # typo, still read\n"
      "User-agent: netno\n"
      "Sitemap: not a url\n"
      "Disallow: /x\n"
      "SITEMAP: https://example.com/s?page=2&lang=de\n";
  static const char *const want[] = {
      "https://example.com/first.xml",
      "https://example.com/second.xml.gz",
      "https://example.com/third.xml",
      "https://example.com/s?page=2&lang=de",
  };
  struct robots *r = robots_parse(body, strlen(body), "netno");
  const char *const *urls = NULL;
  size_t n = robots_sitemaps(r, &urls);

  CHECK_INT(n, ARRAY_SIZE(want));
  for (size_t i = 0; i < n && i < ARRAY_SIZE(want); i++)
    CHECK_STR(urls[i], want[i]);
  /* netno's group keeps its rule across the sitemap line inside it */
  CHECK_INT(robots_allows(r, "/x", NULL), 0);
  CHECK_INT(robots_allows(r, "/y", NULL), 1);
  robots_free(r);
}

/* ---- Python's urllib.robotparser ------------------------------------- */

/*
 * Verdicts printed by Python 3.11.7's urllib.robotparser
 * (RobotFileParser.parse, then can_fetch(agent, "http://example.com" +
 * path)) for agents "netno" and "NetNo/0.1".  Only prefix rules without
 * conflicts, where its first-match order and RFC 9309's longest match
 * agree.  Its crawl_delay() gave None for "2.5" (it reads integers only),
 * 10 for the second file.
 */
static const char py_simple[] = "User-agent: *\n"
                                "Disallow: /private/\n"
                                "Disallow: /tmp\n"
                                "Allow: /public\n"
                                "\n"
                                "User-agent: netno\n"
                                "Disallow: /netno-only/\n"
                                "Crawl-delay: 2.5\n";
static const char py_star[] = "User-agent: otherbot\n"
                              "Disallow: /\n"
                              "\n"
                              "User-agent: *\n"
                              "Disallow: /cgi-bin/\n"
                              "Disallow: /~joe/\n"
                              "Crawl-delay: 10\n"
                              "Sitemap: https://example.com/sitemap.xml\n";

static const struct {
  const char *body;
  const char *agent;
  const char *path;
  int allowed;
} python_cases[] = {
    {py_simple, "netno", "/", 1},
    {py_simple, "netno", "/private/", 1},
    {py_simple, "netno", "/private/x.html", 1},
    {py_simple, "netno", "/tmp", 1},
    {py_simple, "netno", "/netno-only/a", 0},
    {py_simple, "netno", "/netno-only", 1},
    {py_simple, "NetNo/0.1", "/netno-only/a", 0},
    {py_simple, "NetNo/0.1", "/tmp/a", 1},
    {py_simple, "otherbot", "/private/", 0},
    {py_simple, "otherbot", "/private/x.html", 0},
    {py_simple, "otherbot", "/privatex", 1},
    {py_simple, "otherbot", "/tmp", 0},
    {py_simple, "otherbot", "/tmp/a", 0},
    {py_simple, "otherbot", "/tmpfile", 0},
    {py_simple, "otherbot", "/public", 1},
    {py_simple, "otherbot", "/netno-only/a", 1},
    {py_simple, "otherbot", "/index.html?q=1", 1},
    {py_star, "netno", "/", 1},
    {py_star, "netno", "/cgi-bin/x", 0},
    {py_star, "netno", "/cgi-bin", 1},
    {py_star, "netno", "/%7Ejoe/index.html", 0},
    {py_star, "netno", "/~joe/x", 0},
    {py_star, "netno", "/robots.txt", 1},
    {py_star, "NetNo/0.1", "/cgi-bin/x", 0},
    {py_star, "otherbot", "/", 0},
    {py_star, "otherbot", "/public", 0},
};

TEST(robots_agrees_with_python)
{
  struct robots *r;

  for (size_t i = 0; i < ARRAY_SIZE(python_cases); i++) {
    char label[128];

    r = robots_parse(python_cases[i].body, strlen(python_cases[i].body),
                     python_cases[i].agent);
    snprintf(label, sizeof(label), "python[%zu] %s %s", i,
             python_cases[i].agent, python_cases[i].path);
    CHECK_INT_MSG(robots_allows(r, python_cases[i].path, NULL),
                  python_cases[i].allowed, label);
    robots_free(r);
  }
  r = robots_parse(py_star, strlen(py_star), "netno");
  CHECK_DBL(robots_crawl_delay(r), 10, 0);
  CHECK_INT(robots_sitemaps(r, NULL), 1);
  robots_free(r);
}

/* ---- limits and hostile input ---------------------------------------- */

/* A body of about 600 KiB: rules early, at 490 KiB and at 550 KiB, with
 * comment lines between.  The first 500 KiB are parsed, the rest not. */
TEST(robots_large_body)
{
  struct strbuf sb = STRBUF_INIT;
  char *body;
  size_t len;
  struct robots *r;

  strbuf_addstr(&sb, "User-agent: *\nDisallow: /early\n");
  while (sb.len < 490 * 1024)
    strbuf_addstr(&sb, "# filler filler filler filler filler filler\n");
  strbuf_addstr(&sb, "Disallow: /middle\n");
  while (sb.len < 550 * 1024)
    strbuf_addstr(&sb, "# filler filler filler filler filler filler\n");
  strbuf_addstr(&sb, "Disallow: /late\nSitemap: https://example.com/s\n");
  while (sb.len < 600 * 1024)
    strbuf_addstr(&sb, "Disallow: /more\n");
  body = strbuf_detach(&sb, &len);

  r = robots_parse(body, len, "netno");
  CHECK_INT(robots_allows(r, "/early", NULL), 0);
  CHECK_INT(robots_allows(r, "/middle", NULL), 0);
  CHECK_INT(robots_allows(r, "/late", NULL), 1);
  CHECK_INT(robots_allows(r, "/more", NULL), 1);
  CHECK_INT(robots_sitemaps(r, NULL), 0);
  CHECK_INT(robots_rule_count(r), 2);
  robots_free(r);
  free(body);
}

/* The line cut by the 500 KiB limit is dropped, not read short. */
TEST(robots_cut_line_dropped)
{
  struct strbuf sb = STRBUF_INIT;
  char *body;
  size_t len;
  struct robots *r;

  strbuf_addstr(&sb, "User-agent: *\nDisallow: /\n");
  while (sb.len < ROBOTS_MAX_BODY - 10)
    strbuf_addstr(&sb, "#\n");
  strbuf_addch(&sb, '#');
  /* "Allow: /public/page" starts 8 bytes before the limit: read short it
   * would be "Allow: /", which would win the tie against "Disallow: /" */
  strbuf_addstr(&sb, "\nAllow: /public/page\n");
  body = strbuf_detach(&sb, &len);
  CHECK(len > ROBOTS_MAX_BODY);
  r = robots_parse(body, len, "netno");
  CHECK_INT(memcmp(body + ROBOTS_MAX_BODY - 8, "Allow: /p", 9), 0);
  CHECK_INT(robots_allows(r, "/x", NULL), 0);
  CHECK_INT(robots_allows(r, "/public/page", NULL), 0);
  CHECK_INT(robots_rule_count(r), 1);
  robots_free(r);
  free(body);

  /* a line whose end of line is the first byte past the limit is whole */
  strbuf_addstr(&sb, "User-agent: *\n");
  while (sb.len < ROBOTS_MAX_BODY - 14)
    strbuf_addstr(&sb, "\n");
  strbuf_addstr(&sb, "Disallow: /end\nDisallow: /after\n");
  body = strbuf_detach(&sb, &len);
  CHECK_INT(body[ROBOTS_MAX_BODY], '\n');
  r = robots_parse(body, len, "netno");
  CHECK_INT(robots_allows(r, "/end", NULL), 0);
  CHECK_INT(robots_allows(r, "/after", NULL), 1);
  robots_free(r);
  free(body);
}

TEST(robots_long_line)
{
  struct strbuf sb = STRBUF_INIT;
  struct robots *r;
  char *path;

  strbuf_addstr(&sb, "User-agent: *\nDisallow: /");
  for (int i = 0; i < 40000; i++)
    strbuf_addch(&sb, 'a');
  strbuf_addstr(&sb, "\nDisallow: /next\n");
  r = robots_parse(sb.buf, sb.len, "netno");
  CHECK_INT(robots_allows(r, "/next", NULL), 0);
  /* the long rule was cut at the line limit: a shorter 'a' run matches */
  path = xmalloc(ROBOTS_MAX_LINE + 2);
  memset(path, 'a', ROBOTS_MAX_LINE + 1);
  path[0] = '/';
  path[ROBOTS_MAX_LINE + 1] = '\0';
  CHECK_INT(robots_allows(r, path, NULL), 0);
  CHECK_INT(robots_allows(r, "/aaa", NULL), 1);
  free(path);
  robots_free(r);
  strbuf_release(&sb);
}

/* Random bytes, NULs and an HTML error page: no crash, nothing disallowed
 * (no user-agent line to start a group). */
TEST(robots_garbage_input)
{
  static const char html[] =
      "<!DOCTYPE html><html><head><title>404 Not Found</title></head>\n"
      "<body><p>Disallow: / is not here</p></body></html>\n";
  static const char nuls[] = "User-agent: *\nDisallow: /\0x\n\0\0\0";
  unsigned char *buf = xmalloc(64 * 1024);
  uint32_t x = 2463534242u;
  struct robots *r;

  for (size_t i = 0; i < 64 * 1024; i++) { /* xorshift32 */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    buf[i] = (unsigned char)x;
  }
  r = robots_parse((const char *)buf, 64 * 1024, "netno");
  CHECK_INT(robots_allows(r, "/", NULL), 1);
  CHECK_INT(robots_allows(r, "/a/b?c=d", NULL), 1);
  robots_free(r);
  free(buf);

  r = robots_parse(html, strlen(html), "netno");
  CHECK_INT(robots_allows(r, "/", NULL), 1);
  CHECK_INT(robots_rule_count(r), 0);
  robots_free(r);

  /* NUL is just an octet: "Disallow: /\0x" becomes the rule "/%00x" */
  r = robots_parse(nuls, sizeof(nuls) - 1, "netno");
  CHECK_INT(robots_allows(r, "/", NULL), 1);
  CHECK_INT(robots_allows(r, "/%00x", NULL), 0);
  robots_free(r);

  r = robots_parse(NULL, 0, "netno");
  CHECK_INT(robots_allows(r, "/", NULL), 1);
  robots_free(r);
}

/* A pattern with many stars against a long path that almost matches: a
 * backtracking matcher would take exponential time; ours must answer at
 * once. */
TEST(robots_wildcard_no_blowup)
{
  static const char body[] = "User-agent: *\n"
                             "Disallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
                             "Disallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a$\n";
  struct robots *r = robots_parse(body, strlen(body), "netno");
  char *path = xmalloc(20002);
  clock_t start = clock();

  path[0] = '/';
  memset(path + 1, 'a', 20000);
  path[20001] = '\0';
  path[20000] = 'c';
  CHECK_INT(robots_allows(r, path, NULL), 1);
  path[20000] = 'a';
  CHECK_INT(robots_allows(r, path, NULL), 0);
  CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 2.0);
  free(path);
  robots_free(r);
}

/* ---- charsets ----------------------------------------------------------- */

/*
 * A robots.txt served in another charset.  "grüße" is 67 72 FC DF 65 in
 * ISO-8859-1 and 67 72 C3 BC C3 9F 65 in UTF-8 (Unicode U+00FC, U+00DF);
 * a URL path carries it as "gr%C3%BC%C3%9Fe" (RFC 3986 3.3 with UTF-8, as
 * browsers send it).  windows-1252 0x80 is U+20AC, UTF-8 E2 82 AC.
 */
struct charset_case {
  const char *body, *content_type, *path;
  int allowed;
  const char *rule;
};

static const struct charset_case charset_cases[] = {
    {"User-agent: *\nDisallow: /gr\xfc\xdf"
     "e/\n",
     "text/plain; charset=ISO-8859-1", "/gr%C3%BC%C3%9Fe/x", 0,
     "Disallow: /gr%C3%BC%C3%9Fe/"},
    {"User-agent: *\nDisallow: /gr\xfc\xdf"
     "e/\n",
     "text/plain; charset=\"iso-8859-1\"", "/gr%C3%BC%C3%9Fe/", 0,
     "Disallow: /gr%C3%BC%C3%9Fe/"},
    /* No charset, a wrong one, an unknown one: invalid UTF-8 bytes are
     * read as ISO-8859-1. */
    {"User-agent: *\nDisallow: /gr\xfc\xdf"
     "e/\n",
     "text/plain", "/gr%C3%BC%C3%9Fe/x", 0, "Disallow: /gr%C3%BC%C3%9Fe/"},
    {"User-agent: *\nDisallow: /gr\xfc\xdf"
     "e/\n",
     NULL, "/gr%C3%BC%C3%9Fe/x", 0, "Disallow: /gr%C3%BC%C3%9Fe/"},
    {"User-agent: *\nDisallow: /gr\xfc\xdf"
     "e/\n",
     "text/plain; charset=utf-8", "/gr%C3%BC%C3%9Fe/x", 0,
     "Disallow: /gr%C3%BC%C3%9Fe/"},
    {"User-agent: *\nDisallow: /gr\xfc\xdf"
     "e/\n",
     "text/plain; charset=x-no-such-charset", "/gr%C3%BC%C3%9Fe/x", 0,
     "Disallow: /gr%C3%BC%C3%9Fe/"},
    /* UTF-8 stays as it is, valid sequences beside invalid bytes too. */
    {"User-agent: *\nDisallow: /gr\xc3\xbc\xc3\x9f"
     "e/\n",
     "text/plain; charset=UTF-8", "/gr%C3%BC%C3%9Fe/x", 0,
     "Disallow: /gr%C3%BC%C3%9Fe/"},
    {"User-agent: *\nDisallow: /\xc3\xbc\xfc/\n", "text/plain",
     "/%C3%BC%C3%BC/", 0, "Disallow: /%C3%BC%C3%BC/"},
    {"User-agent: *\nDisallow: /\x80uro/\n", "text/plain; charset=windows-1252",
     "/%E2%82%ACuro/", 0, "Disallow: /%E2%82%ACuro/"},
    /* Other paths are not touched. */
    {"User-agent: *\nDisallow: /gr\xfc\xdf"
     "e/\n",
     "text/plain; charset=ISO-8859-1", "/gruesse/", 1, NULL},
};

TEST(robots_charsets)
{
  for (size_t i = 0; i < ARRAY_SIZE(charset_cases); i++) {
    const struct charset_case *c = &charset_cases[i];
    struct robots *r = robots_parse_response(c->body, strlen(c->body),
                                             c->content_type, "netno");
    const char *rule = "unset";
    char label[64];

    snprintf(label, sizeof(label), "charset[%zu]", i);
    CHECK_INT_MSG(robots_allows(r, c->path, &rule), c->allowed, label);
    CHECK_STR_MSG(rule, c->rule, label);
    robots_free(r);
  }
}
