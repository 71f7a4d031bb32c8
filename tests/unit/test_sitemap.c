/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sitemaps and feeds.  The documents follow the formats' own examples:
 * sitemaps.org/protocol.html (urlset, sitemapindex, gzip, limits of
 * 50,000 URLs and 50 MB), the RSS 2.0 specification (rssboard.org: item
 * <link>, <comments>), the Well-Formed Web CommentAPI (wfw:commentRss),
 * RFC 4287 (Atom: link rel="alternate" is the default, xml:base) and
 * RFC 4685 (Atom threading: rel="replies").  Expected URLs are written by
 * hand, relative ones resolved per RFC 3986 section 5.
 */
#include "crawl/sitemap.h"
#include "tests/unit/test.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Found URLs as lines "P url" (page), "S url" (sitemap), "F url" (feed). */
static void collect(void *ctx, const char *url, enum sitemap_found kind)
{
  struct strbuf *sb = ctx;

  strbuf_addf(sb, "%c %s\n",
              kind == SITEMAP_FOUND_PAGE      ? 'P'
              : kind == SITEMAP_FOUND_SITEMAP ? 'S'
                                              : 'F',
              url);
}

struct sitemap_case {
  const char *name;
  const char *body;
  enum sitemap_kind kind;
  const char *found;
  int malformed;
};

static const struct sitemap_case cases[] = {
    {"urlset",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
     "  <url><loc>http://www.example.com/</loc>"
     "<lastmod>2005-01-01</lastmod><changefreq>monthly</changefreq>"
     "<priority>0.8</priority></url>\n"
     "  <url><loc>\n   "
     "http://www.example.com/catalog?item=12&amp;desc=vacation_hawaii\n"
     "  </loc><changefreq>weekly</changefreq></url>\n"
     "  <url><loc><![CDATA[http://www.example.com/c?a=1&b=2]]></loc></url>\n"
     "  <url><loc/></url><url><loc>   </loc></url>\n"
     "</urlset>\n",
     SITEMAP_URLSET,
     "P http://www.example.com/\n"
     "P http://www.example.com/catalog?item=12&desc=vacation_hawaii\n"
     "P http://www.example.com/c?a=1&b=2\n",
     0},
    /* Image and video extensions carry their own loc elements: not pages. */
    {"urlset with image and video locs",
     "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
     "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" "
     "xmlns:video=\"http://www.google.com/schemas/sitemap-video/1.1\">"
     "<url><loc>https://example.com/t/1</loc>"
     "<image:image><image:loc>https://example.com/i.jpg</image:loc>"
     "</image:image><video:video><video:content_loc>https://example.com/"
     "v.mp4</video:content_loc></video:video></url></urlset>",
     SITEMAP_URLSET, "P https://example.com/t/1\n", 0},
    {"urlset without namespace, relative loc",
     "<urlset><url><loc>/t/2</loc></url></urlset>", SITEMAP_URLSET,
     "P https://forum.example/t/2\n", 0},
    {"sitemapindex",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
     "<sitemap><loc>http://www.example.com/sitemap1.xml.gz</loc>"
     "<lastmod>2004-10-01T18:23:17+00:00</lastmod></sitemap>\n"
     "<sitemap><loc>http://www.example.com/sitemap2.xml.gz</loc></sitemap>\n"
     "</sitemapindex>\n",
     SITEMAP_INDEX,
     "S http://www.example.com/sitemap1.xml.gz\n"
     "S http://www.example.com/sitemap2.xml.gz\n",
     0},
    /* A <url> in an index, a <sitemap> in a urlset: neither counts. */
    {"mixed-up elements",
     "<sitemapindex><url><loc>http://a.example/x</loc></url>"
     "<sitemap><loc>http://a.example/s.xml</loc></sitemap></sitemapindex>",
     SITEMAP_INDEX, "S http://a.example/s.xml\n", 0},
    {"rss 2.0",
     "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
     "xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" "
     "xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
     "<title>Blog</title><link>https://blog.example/</link>"
     "<atom:link href=\"https://blog.example/feed/\" rel=\"self\"/>"
     "<item><title>Hallo</title><link>https://blog.example/2024/hallo/</link>"
     "<comments>https://blog.example/2024/hallo/#comments</comments>"
     "<wfw:commentRss>https://blog.example/2024/hallo/feed/</wfw:commentRss>"
     "<guid isPermaLink=\"false\">https://blog.example/?p=12</guid></item>"
     "<item><title>Zwei</title><link>https://blog.example/2024/zwei/</link>"
     "</item></channel></rss>",
     SITEMAP_RSS,
     "P https://blog.example/2024/hallo/\n"
     "P https://blog.example/2024/hallo/\n"
     "F https://blog.example/2024/hallo/feed/\n"
     "P https://blog.example/2024/zwei/\n",
     0},
    {"rss 1.0",
     "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
     "xmlns=\"http://purl.org/rss/1.0/\"><channel rdf:about=\"x\">"
     "<link>http://r.example/</link></channel>"
     "<item rdf:about=\"http://r.example/1\"><title>1</title>"
     "<link>http://r.example/1</link></item></rdf:RDF>",
     SITEMAP_RSS, "P http://r.example/1\n", 0},
    {"atom",
     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
     "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
     "xml:base=\"http://atom.example/blog/\">"
     "<title>Example Feed</title><link href=\"http://atom.example/\"/>"
     "<entry><title>Atom-Powered Robots Run Amok</title>"
     "<link href=\"2003/12/13/atom03\"/>"
     "<link rel=\"edit\" href=\"/edit/1\"/>"
     "<link rel=\"replies\" type=\"application/atom+xml\" "
     "href=\"2003/12/13/atom03/comments.xml\"/>"
     "<id>urn:uuid:1225c695</id></entry>"
     "<entry><link rel=\"alternate\" type=\"text/html\" "
     "href=\"https://atom.example/b\"/>"
     "<link rel=\"replies\" type=\"text/html\" href=\"/b#comments\"/>"
     "</entry></feed>",
     SITEMAP_ATOM,
     "P http://atom.example/blog/2003/12/13/atom03\n"
     "F http://atom.example/blog/2003/12/13/atom03/comments.xml\n"
     "P https://atom.example/b\n"
     "P http://atom.example/b\n",
     0},
    /* Not sitemaps or feeds. */
    {"html", "<!DOCTYPE html><html><body><a href=\"/x\">x</a></body></html>",
     SITEMAP_NONE, "", 0},
    {"xhtml",
     "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
     "<body><loc>http://x.example/</loc></body></html>",
     SITEMAP_NONE, "", 0},
    {"feed outside the Atom namespace",
     "<feed><entry><link href=\"/a\"/>"
     "</entry></feed>",
     SITEMAP_NONE, "", 0},
    {"empty", "", SITEMAP_NONE, "", 1},
    /* Malformed: what came before the fault is kept. */
    {"cut short",
     "<urlset><url><loc>http://a.example/1</loc></url><url><loc>http://a.ex",
     SITEMAP_URLSET, "P http://a.example/1\n", 1},
    {"unescaped ampersand",
     "<urlset><url><loc>http://a.example/1</loc></url>"
     "<url><loc>http://a.example/?a=1&b=2</loc></url>"
     "<url><loc>http://a.example/3</loc></url></urlset>",
     SITEMAP_URLSET, "P http://a.example/1\n", 1},
    {"unresolvable locs dropped",
     "<urlset><url><loc>mailto:x@example.com</loc></url>"
     "<url><loc>javascript:alert(1)</loc></url>"
     "<url><loc>http://ok.example/</loc></url></urlset>",
     SITEMAP_URLSET, "P http://ok.example/\n", 0},
    /* Entities are never substituted: an internal entity naming a URL and
     * an external one naming a file yield nothing (a parser that expands
     * them would report the URL or read the file); "billion laughs" is
     * refused as malformed before the root element (libxml2's entity
     * amplification check), so nothing is found and nothing grows. */
    {"internal entity not expanded",
     "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY u "
     "\"http://evil.example/x\">]><urlset><url><loc>&u;</loc></url>"
     "</urlset>",
     SITEMAP_URLSET, "", 0},
    {"external entity not loaded",
     "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "
     "\"file:///etc/hostname\">]><urlset><url><loc>http://a.example/&x;"
     "</loc></url></urlset>",
     SITEMAP_URLSET, "P http://a.example/\n", 0},
    {"billion laughs",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
     " <!ENTITY lol \"lol\">\n"
     " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
     " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"
     "&lol1;\">\n"
     " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"
     "&lol2;\">\n"
     " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"
     "&lol3;\">\n"
     " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"
     "&lol4;\">\n"
     " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"
     "&lol5;\">\n"
     " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"
     "&lol6;\">\n"
     " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"
     "&lol7;\">\n"
     " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;"
     "&lol8;\">\n"
     "]>\n<urlset><url><loc>http://a.example/&lol9;</loc></url>"
     "<url><loc>http://a.example/after</loc></url></urlset>",
     SITEMAP_NONE, "", 1},
};

TEST(sitemap_documents)
{
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    const struct sitemap_case *c = &cases[i];
    struct strbuf got = STRBUF_INIT;
    struct sitemap_stats st;
    enum sitemap_kind kind;

    kind = sitemap_parse(c->body, strlen(c->body), "https://forum.example/",
                         collect, &got, &st);
    CHECK_INT_MSG(kind, c->kind, c->name);
    CHECK_STR_MSG(got.buf, c->found, c->name);
    CHECK_INT_MSG(st.malformed, c->malformed, c->name);
    CHECK_INT_MSG(st.truncated, 0, c->name);
    CHECK_INT_MSG(st.compressed, 0, c->name);
    strbuf_release(&got);
  }
}

/* gzip-compress pieces (each repeated times) into one gzip member. */
static void gzip_pieces(struct strbuf *out, const char *head, const char *fill,
                        size_t fill_len, size_t repeats, const char *tail)
{
  z_stream zs;
  unsigned char buf[65536];
  const char *parts[3] = {head, fill, tail};

  memset(&zs, 0, sizeof(zs));
  /* 15 + 16: gzip wrapper, as in a .xml.gz file. */
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    return;
  for (int p = 0; p < 3; p++) {
    size_t reps = p == 1 ? repeats : 1;
    size_t len = p == 1 ? fill_len : strlen(parts[p]);
    for (size_t r = 0; r < reps; r++) {
      zs.next_in = (Bytef *)parts[p];
      zs.avail_in = (uInt)len;
      do {
        zs.next_out = buf;
        zs.avail_out = sizeof(buf);
        deflate(&zs, p == 2 ? Z_FINISH : Z_NO_FLUSH);
        strbuf_add(out, buf, sizeof(buf) - zs.avail_out);
      } while (zs.avail_out == 0 || (p == 2 && zs.avail_in));
    }
  }
  while (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
    zs.next_out = buf;
    zs.avail_out = sizeof(buf);
    strbuf_add(out, buf, sizeof(buf) - zs.avail_out);
  }
  deflateEnd(&zs);
}

TEST(sitemap_gzip)
{
  static const char doc[] =
      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/"
      "schemas/sitemap/0.9\"><url><loc>http://gz.example/a</loc></url>"
      "<url><loc>http://gz.example/b</loc></url></urlset>\n";
  struct strbuf gz = STRBUF_INIT, two = STRBUF_INIT, got = STRBUF_INIT;
  struct sitemap_stats st;

  gzip_pieces(&gz, doc, "", 0, 0, "");
  CHECK(gz.len > 2 && (unsigned char)gz.buf[0] == 0x1f);
  CHECK_INT(sitemap_parse(gz.buf, gz.len, "http://gz.example/s.xml.gz", collect,
                          &got, &st),
            SITEMAP_URLSET);
  CHECK_STR(got.buf, "P http://gz.example/a\nP http://gz.example/b\n");
  CHECK_INT(st.compressed, 1);
  CHECK_INT(st.malformed, 0);

  /* Cut short (the 8-byte trailer and 2 bytes of data gone): what
   * inflates is kept. */
  strbuf_reset(&got);
  sitemap_parse(gz.buf, gz.len - 10, "http://gz.example/", collect, &got, &st);
  CHECK_INT(st.malformed, 1);
  CHECK(!strncmp(got.buf, "P http://gz.example/a\n", 21));

  /* Two gzip members (concatenated .gz files) read as one stream. */
  gzip_pieces(&two, "<urlset><url><loc>http://gz.example/1</loc></url>", "", 0,
              0, "");
  gzip_pieces(&two, "<url><loc>http://gz.example/2</loc></url></urlset>", "", 0,
              0, "");
  strbuf_reset(&got);
  CHECK_INT(
      sitemap_parse(two.buf, two.len, "http://gz.example/", collect, &got, &st),
      SITEMAP_URLSET);
  CHECK_STR(got.buf, "P http://gz.example/1\nP http://gz.example/2\n");
  CHECK_INT(st.malformed, 0);

  /* Garbage after the magic. */
  strbuf_reset(&got);
  CHECK_INT(sitemap_parse("\x1f\x8b\x08\x00garbage", 11, "http://x.example/",
                          collect, &got, &st),
            SITEMAP_NONE);
  CHECK_INT(st.malformed, 1);
  CHECK_STR(got.buf, "");
  strbuf_release(&gz);
  strbuf_release(&two);
  strbuf_release(&got);
}

/* sitemaps.org: at most 50,000 URLs and 50 MB (52,428,800 bytes)
 * uncompressed.  A bomb of comments inflating past 50 MB stops at the cap,
 * and the URL before it is kept. */
TEST(sitemap_caps)
{
  struct strbuf doc = STRBUF_INIT, got = STRBUF_INIT, gz = STRBUF_INIT;
  struct sitemap_stats st;
  char *blanks = xmalloc(1 << 20);
  size_t lines = 0;

  strbuf_addstr(&doc, "<urlset>");
  for (unsigned i = 0; i < SITEMAP_MAX_URLS + 5; i++)
    strbuf_addf(&doc, "<url><loc>http://c.example/%u</loc></url>", i);
  strbuf_addstr(&doc, "</urlset>");
  sitemap_parse(doc.buf, doc.len, "http://c.example/", collect, &got, &st);
  CHECK_INT(st.urls, 50000);
  CHECK_INT(st.truncated, 1);
  for (size_t i = 0; i < got.len; i++)
    lines += got.buf[i] == '\n';
  CHECK_INT(lines, 50000);
  CHECK(strstr(got.buf, "P http://c.example/49999\n") != NULL);
  CHECK(strstr(got.buf, "P http://c.example/50000\n") == NULL);

  /* 1 KiB comments: small nodes (libxml2 refuses text nodes over
   * 10 MB on its own), 60 MiB of them. */
  for (size_t i = 0; i < 1 << 20; i += 1024) {
    memcpy(blanks + i, "<!--", 4);
    memset(blanks + i + 4, ' ', 1016);
    memcpy(blanks + i + 1020, "-->\n", 4);
  }
  gzip_pieces(&gz, "<urlset><url><loc>http://c.example/first</loc></url>",
              blanks, 1 << 20, 60,
              "<url><loc>http://c.example/late</loc>"
              "</url></urlset>");
  CHECK(gz.len < 1024 * 1024); /* a bomb: small on the wire */
  strbuf_reset(&got);
  CHECK_INT(
      sitemap_parse(gz.buf, gz.len, "http://c.example/", collect, &got, &st),
      SITEMAP_URLSET);
  CHECK_STR(got.buf, "P http://c.example/first\n");
  CHECK_INT(st.truncated, 1);
  free(blanks);
  strbuf_release(&doc);
  strbuf_release(&got);
  strbuf_release(&gz);
}
