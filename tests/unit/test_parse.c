/*
 * test_parse.c — parse_feed() on small documents: each case names the
 * format and the fields it expects of the first item, as parse leaves
 * them (before clean: titles are HTML, links resolved by xml:base).
 * Then the attacks: external entities, entity expansion, HTML pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feed.h"
#include "parse.h"
#include "unit.h"

#define URL	"http://example.test/feed.xml"
#define RSS(items) "<rss version=\"2.0\"><channel><title>T</title>" \
	items "</channel></rss>"
#define ATOM(entries) "<feed xmlns=\"http://www.w3.org/2005/Atom\">" \
	"<title>T</title>" entries "</feed>"

struct parse_case {
	const char	*what;
	const char	*xml;
	const char	*err;		/* expected reason, or NULL for success */
	enum feed_format format;
	size_t		 nitems;
	const char	*id, *title, *link, *author, *summary, *content, *base;
};

static const struct parse_case cases[] = {
	{ "rss 2.0 basics", RSS("<item><title>Hi</title>"
	    "<link>http://a.test/1</link><guid>g1</guid>"
	    "<description>&lt;p&gt;x&lt;/p&gt;</description></item>"),
	    NULL, FORMAT_RSS20, 1, "g1", "Hi", "http://a.test/1", NULL,
	    "<p>x</p>", NULL, NULL },
	{ "rss text title is escaped", RSS("<item><title>a &lt; b &amp; c"
	    "</title></item>"),
	    NULL, FORMAT_RSS20, 1, NULL, "a &lt; b &amp; c", NULL, NULL,
	    NULL, NULL, NULL },
	{ "rss html title kept", RSS("<item><title>&lt;b&gt;B&lt;/b&gt; &amp;amp;"
	    "</title></item>"),
	    NULL, FORMAT_RSS20, 1, NULL, "<b>B</b> &amp;", NULL, NULL, NULL,
	    NULL, NULL },
	{ "rss relative link resolved", RSS("<item><link>a/b.html</link>"
	    "</item>"),
	    NULL, FORMAT_RSS20, 1, "http://example.test/a/b.html", NULL,
	    "http://example.test/a/b.html", NULL, NULL, NULL, NULL },
	{ "permalink guid is the link", RSS("<item><guid>http://a.test/p</guid>"
	    "</item>"),
	    NULL, FORMAT_RSS20, 1, "http://a.test/p", NULL, "http://a.test/p",
	    NULL, NULL, NULL, NULL },
	{ "guid isPermaLink=false is not", RSS("<item><guid isPermaLink=\"false\">"
	    "http://a.test/p</guid></item>"),
	    NULL, FORMAT_RSS20, 1, "http://a.test/p", NULL, NULL, NULL, NULL,
	    NULL, NULL },
	{ "origLink preferred", "<rss version=\"2.0\" xmlns:feedburner="
	    "\"http://rssnamespace.org/feedburner/ext/1.0\"><channel><item>"
	    "<link>http://fb.test/x</link><feedburner:origLink>http://a.test/"
	    "x</feedburner:origLink></item></channel></rss>",
	    NULL, FORMAT_RSS20, 1, "http://fb.test/x", NULL, "http://a.test/x",
	    NULL, NULL, NULL, NULL },
	{ "author name from address", RSS("<item><author>j@a.test (Jo Ng)"
	    "</author></item>"),
	    NULL, FORMAT_RSS20, 1, NULL, NULL, NULL, "Jo Ng", NULL, NULL,
	    NULL },
	{ "author name before address", RSS("<item><author>Jo Ng (j@a.test)"
	    "</author></item>"),
	    NULL, FORMAT_RSS20, 1, NULL, NULL, NULL, "Jo Ng", NULL, NULL,
	    NULL },
	{ "author address alone kept", RSS("<item><author>j@a.test</author>"
	    "</item>"),
	    NULL, FORMAT_RSS20, 1, NULL, NULL, NULL, "j@a.test", NULL, NULL,
	    NULL },
	{ "stray Windows-1252 bytes", RSS("<item><title>Caf\xe9 \x93q\x94 "
	    "\xc3\xa9</title></item>"),
	    NULL, FORMAT_RSS20, 1, NULL, "Caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d "
	    "\xc3\xa9", NULL, NULL, NULL, NULL, NULL },
	{ "entities survive an earlier error", "<rss version=\"2.0\"><channel>"
	    "<title>&bogus;</title><item><title>z &lt; y</title></item>"
	    "</channel></rss>",
	    NULL, FORMAT_RSS20, 1, NULL, "z &lt; y", NULL, NULL, NULL, NULL,
	    NULL },
	{ "rss in Userland's namespace", "<rss version=\"2.0\" xmlns=\"http:"
	    "//backend.userland.com/rss2\"><channel><item><title>u</title>"
	    "</item></channel></rss>",
	    NULL, FORMAT_RSS20, 1, NULL, "u", NULL, NULL, NULL, NULL, NULL },
	{ "dc:creator beats author", "<rss version=\"2.0\" xmlns:dc=\"http://"
	    "purl.org/dc/elements/1.1/\"><channel><item><author>j@a.test"
	    "</author><dc:creator>Jo</dc:creator></item></channel></rss>",
	    NULL, FORMAT_RSS20, 1, NULL, NULL, NULL, "Jo", NULL, NULL, NULL },
	{ "content:encoded", "<rss version=\"2.0\" xmlns:content=\"http://purl."
	    "org/rss/1.0/modules/content/\"><channel><item><content:encoded>"
	    "<![CDATA[<p>c</p>]]></content:encoded></item></channel></rss>",
	    NULL, FORMAT_RSS20, 1, NULL, NULL, NULL, NULL, NULL, "<p>c</p>",
	    NULL },
	{ "rss 0.91", "<rss version=\"0.91\"><channel><item><title>x</title>"
	    "</item></channel></rss>",
	    NULL, FORMAT_RSS09X, 1, NULL, "x", NULL, NULL, NULL, NULL, NULL },
	{ "rss 1.0", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
	    "syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel/>"
	    "<item rdf:about=\"http://a.test/r\"><title>r</title></item>"
	    "<item rdf:about=\"http://a.test/s\"/></rdf:RDF>",
	    NULL, FORMAT_RSS10, 2, "http://a.test/r", "r", NULL, NULL, NULL,
	    NULL, NULL },
	{ "rss 0.90", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
	    "syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">"
	    "<channel/><item><title>n</title></item></rdf:RDF>",
	    NULL, FORMAT_RSS09X, 1, NULL, "n", NULL, NULL, NULL, NULL, NULL },
	{ "atom text title escaped", ATOM("<entry><title>a &lt; b</title>"
	    "<id>urn:x</id></entry>"),
	    NULL, FORMAT_ATOM10, 1, "urn:x", "a &lt; b", NULL, NULL, NULL,
	    NULL, NULL },
	{ "atom html content", ATOM("<entry><content type=\"html\">&lt;i&gt;"
	    "i&lt;/i&gt;</content></entry>"),
	    NULL, FORMAT_ATOM10, 1, NULL, NULL, NULL, NULL, NULL, "<i>i</i>",
	    NULL },
	{ "atom xhtml content", ATOM("<entry><content type=\"xhtml\"><div "
	    "xmlns=\"http://www.w3.org/1999/xhtml\"><p class=\"q\">a &amp; "
	    "<br/>b</p></div></content></entry>"),
	    NULL, FORMAT_ATOM10, 1, NULL, NULL, NULL, NULL, NULL,
	    "<p class=\"q\">a &amp; <br>b</p>", NULL },
	{ "atom prefixed xhtml", ATOM("<entry><summary type=\"xhtml\">"
	    "<x:div xmlns:x=\"http://www.w3.org/1999/xhtml\"><x:em>e</x:em>"
	    "</x:div></summary></entry>"),
	    NULL, FORMAT_ATOM10, 1, NULL, NULL, NULL, NULL, "<em>e</em>",
	    NULL, NULL },
	{ "atom link alternate, not self", ATOM("<entry><link rel=\"self\" "
	    "href=\"http://a.test/self\"/><link href=\"http://a.test/alt\"/>"
	    "</entry>"),
	    NULL, FORMAT_ATOM10, 1, NULL, NULL, "http://a.test/alt", NULL,
	    NULL, NULL, NULL },
	{ "atom author", ATOM("<entry><author><name>N</name><email>e@a.test"
	    "</email></author></entry>"),
	    NULL, FORMAT_ATOM10, 1, NULL, NULL, NULL, "N", NULL, NULL, NULL },
	{ "xml:base nests", "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
	    "xml:base=\"http://b.test/x/\"><entry xml:base=\"y/\"><link "
	    "href=\"z\"/></entry></feed>",
	    NULL, FORMAT_ATOM10, 1, NULL, NULL, "http://b.test/x/y/z", NULL,
	    NULL, NULL, "http://b.test/x/y/" },
	{ "content xml:base is the item's", ATOM("<entry><content "
	    "xml:base=\"http://c.test/d/\" type=\"html\">x</content></entry>"),
	    NULL, FORMAT_ATOM10, 1, NULL, NULL, NULL, NULL, NULL, "x",
	    "http://c.test/d/" },
	{ "atom 0.3", "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"
	    "<entry><title>o</title><content type=\"text/html\" mode=\"escaped\">"
	    "&lt;b&gt;b&lt;/b&gt;</content></entry></feed>",
	    NULL, FORMAT_ATOM03, 1, NULL, "o", NULL, NULL, NULL, "<b>b</b>",
	    NULL },
	{ "atom entry document", "<entry xmlns=\"http://www.w3.org/2005/Atom\">"
	    "<id>urn:e</id></entry>",
	    NULL, FORMAT_ATOM10, 1, "urn:e", NULL, NULL, NULL, NULL, NULL,
	    NULL },
	{ "bare & and &nbsp; recovered", RSS("<item><title>A&B&nbsp;C</title>"
	    "</item>"),
	    NULL, FORMAT_RSS20, 1, NULL, "A&amp;B\xc2\xa0" "C", NULL, NULL,
	    NULL, NULL, NULL },
	{ "truncated document recovered", RSS("<item><title>a</title></item>"
	    "<item><title>cut"),
	    NULL, FORMAT_RSS20, 2, NULL, "a", NULL, NULL, NULL, NULL, NULL },
	{ "empty", "  \n", "empty document", FORMAT_UNKNOWN, 0, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL },
	{ "html page", "<!DOCTYPE html><html><head><title>x</title></head>"
	    "<body><p>hi<br></body></html>",
	    "not a feed: html page", FORMAT_UNKNOWN, 0, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL },
	{ "xhtml page", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/>"
	    "</html>",
	    "not a feed: html page", FORMAT_UNKNOWN, 0, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL },
	{ "other xml", "<opml/>", "not a feed: root element <opml>",
	    FORMAT_UNKNOWN, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "not xml at all", "just some text", "xml error at line 1:",
	    FORMAT_UNKNOWN, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

static void
run_case(const struct parse_case *c)
{
	struct feed_doc	 doc;
	struct item	*it;
	char		 err[PARSE_ERR_LEN], what[200];
	int		 rc;

	feed_doc_init(&doc, URL);
	err[0] = '\0';
	rc = parse_feed(c->xml, strlen(c->xml), URL, NULL, &doc, err,
	    sizeof(err));
	snprintf(what, sizeof(what), "%s: result", c->what);
	if (c->err != NULL) {
		CHECK(rc == -1 && strncmp(err, c->err, strlen(c->err)) == 0,
		    what);
		if (rc != -1 || strncmp(err, c->err, strlen(c->err)) != 0)
			printf("#   got: %d %s\n", rc, err);
		feed_doc_free(&doc);
		return;
	}
	CHECK_INT(rc, 0, what);
	snprintf(what, sizeof(what), "%s: format", c->what);
	CHECK_INT(doc.format, c->format, what);
	snprintf(what, sizeof(what), "%s: items", c->what);
	CHECK_INT(doc.nitems, c->nitems, what);
	if (doc.nitems == 0) {
		feed_doc_free(&doc);
		return;
	}
	it = &doc.items[0];
#define FIELD(f) do {							\
	snprintf(what, sizeof(what), "%s: " #f, c->what);		\
	CHECK_STR(it->f, c->f, what);					\
} while (0)
	FIELD(id);
	FIELD(title);
	FIELD(link);
	FIELD(author);
	FIELD(summary);
	FIELD(content);
	FIELD(base);
#undef FIELD
	feed_doc_free(&doc);
}

/* Parses xml; returns the first item's title (malloc'd) or NULL. */
static char *
first_title(const char *xml, int *rc)
{
	struct feed_doc	 doc;
	char		 err[PARSE_ERR_LEN], *t = NULL;

	feed_doc_init(&doc, URL);
	*rc = parse_feed(xml, strlen(xml), URL, NULL, &doc, err, sizeof(err));
	if (*rc == 0 && doc.nitems > 0 && doc.items[0].title != NULL)
		t = strdup(doc.items[0].title);
	feed_doc_free(&doc);
	return t;
}

/* An external entity naming a local file must not bring its text in. */
static void
test_xxe(void)
{
	char	 path[] = "/tmp/feedd-xxe.XXXXXX", xml[512], *t;
	int	 fd, rc;

	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, "SECRET-XXE", 10) != 10) {
		CHECK(0, "xxe: temp file");
		return;
	}
	close(fd);
	snprintf(xml, sizeof(xml), "<?xml version=\"1.0\"?><!DOCTYPE rss ["
	    "<!ENTITY x SYSTEM \"file://%s\">]><rss version=\"2.0\"><channel>"
	    "<item><title>a&x;b</title></item></channel></rss>", path);
	t = first_title(xml, &rc);
	CHECK(rc == 0 && t != NULL && strstr(t, "SECRET") == NULL,
	    "xxe: external entity not loaded");
	free(t);
	snprintf(xml, sizeof(xml), "<?xml version=\"1.0\"?><!DOCTYPE rss "
	    "SYSTEM \"file://%s\"><rss version=\"2.0\"><channel><item><title>"
	    "t</title></item></channel></rss>", path);
	t = first_title(xml, &rc);
	CHECK_STR(t, "t", "xxe: external DTD not loaded");
	free(t);
	unlink(path);
}

/* Billion laughs: the result stays small and the parse returns. */
static void
test_entity_bomb(void)
{
	static const char xml[] = "<?xml version=\"1.0\"?><!DOCTYPE rss ["
	    "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
	    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
	    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
	    "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
	    "]><rss version=\"2.0\"><channel><item><title>&g;&g;&g;&g;</title>"
	    "</item></channel></rss>";
	static const char small[] = "<?xml version=\"1.0\"?><!DOCTYPE rss ["
	    "<!ENTITY co \"Co &#169;\">]><rss version=\"2.0\"><channel><item>"
	    "<title>&co;</title></item></channel></rss>";
	char	*t;
	int	 rc;

	t = first_title(xml, &rc);
	CHECK(t == NULL || strlen(t) < 4096, "entity bomb: output bounded");
	free(t);
	t = first_title(small, &rc);
	CHECK_STR(t, "Co \xc2\xa9", "internal entity: declared text used");
	free(t);
}

/* Channel fields and the item list of a fuller feed. */
static void
test_channel(void)
{
	static const char xml[] = "<rss version=\"2.0\"><channel>"
	    "<title>C &amp; D</title><link>/home</link>"
	    "<description>desc</description>"
	    "<lastBuildDate>Tue, 10 Jun 2003 04:00:00 GMT</lastBuildDate>"
	    "<item><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>"
	    "<category>a</category><category>b</category>"
	    "<enclosure url=\"m.mp3\" type=\"audio/mpeg\" length=\"12\"/>"
	    "</item></channel></rss>";
	struct feed_doc	 doc;
	char		 err[PARSE_ERR_LEN];

	feed_doc_init(&doc, URL);
	CHECK_INT(parse_feed(xml, strlen(xml), URL, NULL, &doc, err,
	    sizeof(err)), 0, "channel: parsed");
	CHECK_STR(doc.title, "C &amp; D", "channel: title escaped");
	CHECK_STR(doc.link, "http://example.test/home", "channel: link");
	CHECK_STR(doc.description, "desc", "channel: description");
	CHECK_INT(doc.updated, 1055217600, "channel: updated");
	if (doc.nitems == 1) {
		CHECK_INT(doc.items[0].published, 1055217600, "item: pubDate");
		CHECK_INT(doc.items[0].ncategories, 2, "item: categories");
		CHECK_INT(doc.items[0].nenclosures, 1, "item: enclosure");
		if (doc.items[0].nenclosures == 1) {
			CHECK_STR(doc.items[0].enclosures[0].url,
			    "http://example.test/m.mp3", "enclosure: url");
			CHECK_INT(doc.items[0].enclosures[0].length, 12,
			    "enclosure: length");
		}
	} else
		CHECK(0, "channel: one item");
	feed_doc_free(&doc);
}

/* Dates far in the future become the time of the fetch; a date less
 * than a day ahead (a zone error) is kept. */
static void
test_future_dates(void)
{
	static const char xml[] = "<rss version=\"2.0\"><channel>"
	    "<lastBuildDate>Fri, 01 Jan 2999 00:00:00 GMT</lastBuildDate>"
	    "<item><guid>a</guid>"
	    "<pubDate>Tue, 01 Jan 2108 10:00:00 GMT</pubDate></item>"
	    "<item><guid>b</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT"
	    "</pubDate></item></channel></rss>";
	struct feed_doc	 doc;
	char		 err[PARSE_ERR_LEN];
	time_t		 before, after;

	feed_doc_init(&doc, URL);
	before = time(NULL);
	CHECK_INT(parse_feed(xml, strlen(xml), URL, NULL, &doc, err,
	    sizeof(err)), 0, "future: parsed");
	after = time(NULL);
	CHECK(doc.updated >= before && doc.updated <= after,
	    "future: channel date 2999 clamped to the fetch");
	CHECK_INT(doc.nitems, 2, "future: items");
	if (doc.nitems == 2) {
		CHECK(doc.items[0].published >= before &&
		    doc.items[0].published <= after,
		    "future: 2108 clamped to the fetch");
		CHECK_INT(doc.items[1].published, 1055217600,
		    "future: a past date kept");
	}
	feed_doc_free(&doc);

	feed_doc_init(&doc, URL);
	(void)feed_doc_add_item(&doc);
	doc.items[0].published = 1000000 + 23 * 3600;
	doc.items[0].updated = 1000000 + 25 * 3600;
	parse_clamp_dates(&doc, 1000000);
	CHECK_INT(doc.items[0].published, 1000000 + 23 * 3600,
	    "future: 23 hours ahead kept");
	CHECK_INT(doc.items[0].updated, 1000000, "future: 25 hours ahead now");
	feed_doc_free(&doc);
}

int
main(void)
{
	size_t	 i;

	parse_init();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	test_xxe();
	test_entity_bomb();
	test_channel();
	test_future_dates();
	parse_cleanup();
	return unit_done();
}
