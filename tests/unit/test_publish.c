/*
 * test_publish.c — the Atom output re-parsed with libxml2 and checked
 * against the MUSTs of RFC 4287; the atomic write.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "feed.h"
#include "publish.h"
#include "unit.h"
#include "xmalloc.h"

#define NOW	((time_t)1700000000)
#define UNICODE	"\xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac " \
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80"	/* Ελληνικά 日本語 😀 */

/* An XPath expression (prefix a: is Atom) and the string it must give. */
struct xp_case {
	const char	*what;
	const char	*expr;
	const char	*want;
};

static const struct xp_case xp_cases[] = {
	/* RFC 4287 4.1.1: exactly one id, title, updated; an author. */
	{ "feed has one id", "count(/a:feed/a:id)", "1" },
	{ "feed id from base_url", "string(/a:feed/a:id)",
	    "https://planet.example/feed.atom" },
	{ "feed has one title", "count(/a:feed/a:title)", "1" },
	{ "feed title", "string(/a:feed/a:title)", "Planet <Example> & Co" },
	{ "feed has one updated", "count(/a:feed/a:updated)", "1" },
	{ "feed updated is the newest entry's", "string(/a:feed/a:updated)",
	    "2023-11-14T22:13:20Z" },
	{ "feed has an author", "count(/a:feed/a:author/a:name)", "1" },
	{ "feed self link", "string(/a:feed/a:link[@rel='self']/@href)",
	    "https://planet.example/feed.atom" },
	{ "generator with version", "string(/a:feed/a:generator/@version)",
	    FEEDD_VERSION },
	{ "every entry has one id",
	    "count(//a:entry[count(a:id) = 1])", "4" },
	{ "every entry has one title",
	    "count(//a:entry[count(a:title) = 1])", "4" },
	{ "every entry has one updated",
	    "count(//a:entry[count(a:updated) = 1])", "4" },
	{ "no entry has two alternate links",
	    "count(//a:entry[count(a:link[@rel='alternate']) > 1])", "0" },
	{ "entry without link has content",
	    "count(//a:entry[not(a:link[@rel='alternate']) and not(a:content)])",
	    "0" },
	{ "entry id is the uid", "string(//a:entry[1]/a:id)", "urn:feedd:1" },
	{ "markup and controls in title", "string(//a:entry[1]/a:title)",
	    "A <b> & c\td" },
	{ "html summary kept as text", "string(//a:entry[1]/a:summary)",
	    "<p>x &amp; y</p>" },
	{ "summary type html", "string(//a:entry[1]/a:summary/@type)", "html" },
	{ "content type html", "string(//a:entry[1]/a:content/@type)", "html" },
	{ "entry updated falls back to published",
	    "string(//a:entry[1]/a:updated)", "2023-11-14T22:13:20Z" },
	{ "published", "string(//a:entry[1]/a:published)",
	    "2023-11-14T22:13:20Z" },
	{ "entry author", "string(//a:entry[1]/a:author/a:name)", "Jo" },
	{ "category term", "string(//a:entry[1]/a:category/@term)", "tech & c" },
	{ "enclosure length",
	    "string(//a:entry[1]/a:link[@rel='enclosure']/@length)", "1234" },
	{ "enclosure type",
	    "string(//a:entry[1]/a:link[@rel='enclosure']/@type)", "audio/mpeg" },
	{ "one source per entry", "count(//a:entry[1]/a:source)", "1" },
	{ "source is the first feed", "string(//a:entry[1]/a:source/a:title)",
	    "Feed A" },
	{ "source id", "string(//a:entry[1]/a:source/a:id)",
	    "https://a.example/feed" },
	{ "source link", "string(//a:entry[1]/a:source/a:link/@href)",
	    "https://a.example/" },
	{ "other source as via",
	    "string(//a:entry[1]/a:link[@rel='via']/@href)",
	    "https://b.example/" },
	{ "non-latin text intact", "string(//a:entry[2]/a:title)", UNICODE },
	{ "untitled gets title from text", "string(//a:entry[3]/a:title)",
	    "Words of the summary" },
	{ "untitled without text", "string(//a:entry[4]/a:title)", "(untitled)" },
	{ "updated falls back to first_seen",
	    "string(//a:entry[4]/a:updated)", "2023-11-14T22:03:20Z" },
};

static void
fill_items(struct item it[4])
{
	memset(it, 0, 4 * sizeof(*it));
	item_set(&it[0].uid, "urn:feedd:1");
	item_set(&it[0].title, "A <b> & c\x01\x0b\td");
	item_set(&it[0].link, "https://a.example/1?a=1&b=2");
	item_set(&it[0].author, "Jo");
	item_set(&it[0].summary, "<p>x &amp; y</p>");
	item_set(&it[0].content, "<p>x &amp; y, and more\x1f</p>");
	item_add_category(&it[0], "tech & c");
	item_add_enclosure(&it[0], "https://a.example/1.mp3", "audio/mpeg", 1234);
	item_add_source(&it[0], "a", "Feed A", "https://a.example/",
	    "https://a.example/feed");
	item_add_source(&it[0], "b", "Feed B", "https://b.example/",
	    "https://b.example/feed");
	it[0].published = NOW;

	item_set(&it[1].uid, "urn:feedd:2");
	item_set(&it[1].title, UNICODE);
	item_set(&it[1].link, "https://b.example/2");
	item_set(&it[1].content, "<p>" UNICODE "</p>");
	item_add_source(&it[1], "b", NULL, NULL, NULL);
	it[1].updated = NOW - 100;

	item_set(&it[2].uid, "urn:feedd:3");
	item_set(&it[2].link, "https://b.example/3");
	item_set(&it[2].summary, "<p>Words of the summary</p>");
	it[2].first_seen = NOW - 200;

	item_set(&it[3].uid, "urn:feedd:4");
	it[3].first_seen = NOW - 600;
}

static void
check_xpath(xmlDocPtr doc)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 r;
	xmlChar			*s;
	size_t			 i;

	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"a",
	    (const xmlChar *)"http://www.w3.org/2005/Atom");
	for (i = 0; i < sizeof(xp_cases) / sizeof(xp_cases[0]); i++) {
		r = xmlXPathEval((const xmlChar *)xp_cases[i].expr, ctx);
		s = r ? xmlXPathCastToString(r) : NULL;
		CHECK_STR((const char *)s, xp_cases[i].want, xp_cases[i].what);
		xmlFree(s);
		xmlXPathFreeObject(r);
	}
	xmlXPathFreeContext(ctx);
}

static void
test_atom(void)
{
	struct publish_meta	 meta = { .title = "Planet <Example> & Co",
				    .base_url = "https://planet.example/",
				    .now = NOW };
	struct item		 it[4];
	xmlDocPtr		 doc;
	char			*out, path[] = "/tmp/feedd-atom.XXXXXX", cmd[64];
	size_t			 len, i;
	FILE			*f;
	int			 fd;

	fill_items(it);
	out = publish_atom(&meta, it, 4, &len);
	CHECK(out != NULL && len == strlen(out), "atom rendered");
	doc = xmlReadMemory(out, (int)len, NULL, NULL, XML_PARSE_NONET);
	CHECK(doc != NULL, "atom re-parses as XML");
	if (doc) {
		check_xpath(doc);
		xmlFreeDoc(doc);
	}
	/* The same document through xmllint, as a subscriber might. */
	if ((fd = mkstemp(path)) != -1 && (f = fdopen(fd, "w")) != NULL) {
		fwrite(out, 1, len, f);
		fclose(f);
		snprintf(cmd, sizeof(cmd), "xmllint --noout %s", path);
		CHECK_INT(system(cmd), 0, "xmllint --noout passes");
		unlink(path);
	}
	free(out);
	for (i = 0; i < 4; i++)
		item_free(&it[i]);

	meta.base_url = NULL;
	out = publish_atom(&meta, NULL, 0, &len);
	doc = out ? xmlReadMemory(out, (int)len, NULL, NULL, 0) : NULL;
	CHECK(doc != NULL, "empty feed parses");
	CHECK(out && strstr(out, "<id>urn:feedd:feed:") != NULL,
	    "feed id without base_url is a urn");
	CHECK(out && strstr(out, "<updated>2023-11-14T22:13:20Z</updated>"),
	    "empty feed updated is now");
	xmlFreeDoc(doc);
	free(out);
}

/* An item straight from a parse: no uid, a long untitled text. */
static void
test_fallbacks(void)
{
	struct publish_meta	 meta = { .title = "T", .now = NOW };
	struct item		 it;
	char			*out, *t, *e;
	size_t			 len;

	memset(&it, 0, sizeof(it));
	item_set(&it.id, "guid-1");
	item_set(&it.summary, "<p>" "\xc3\xa9t\xc3\xa9 " "word word word word "
	    "word word word word word word word word word word word word "
	    "word word word word word</p>");
	out = publish_atom(&meta, &it, 1, &len);
	CHECK(out && strstr(out, "<id>urn:feedd:entry:") != NULL,
	    "entry without uid gets a urn id");
	t = out ? strstr(out, "<entry>") : NULL;
	t = t ? strstr(t, "<title type=\"text\">") : NULL;
	e = t ? strstr(t, "</title>") : NULL;
	CHECK(t && e && e - t - 19 <= 80 + 3 &&
	    strncmp(e - 7, "word\xe2\x80\xa6", 7) == 0,
	    "long text cut at a word with an ellipsis");
	CHECK(t && strncmp(t + 19, "\xc3\xa9t\xc3\xa9 word", 10) == 0,
	    "derived title starts with the text");
	free(out);
	item_free(&it);
}

/* Evaluates each expression (prefixes: atom, dc, content) on doc. */
static void
check_xpaths(xmlDocPtr doc, const struct xp_case *cases, size_t n)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 r;
	xmlChar			*s;
	size_t			 i;

	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"atom",
	    (const xmlChar *)"http://www.w3.org/2005/Atom");
	xmlXPathRegisterNs(ctx, (const xmlChar *)"dc",
	    (const xmlChar *)"http://purl.org/dc/elements/1.1/");
	xmlXPathRegisterNs(ctx, (const xmlChar *)"content",
	    (const xmlChar *)"http://purl.org/rss/1.0/modules/content/");
	for (i = 0; i < n; i++) {
		r = xmlXPathEval((const xmlChar *)cases[i].expr, ctx);
		s = r ? xmlXPathCastToString(r) : NULL;
		CHECK_STR((const char *)s, cases[i].want, cases[i].what);
		xmlFree(s);
		xmlXPathFreeObject(r);
	}
	xmlXPathFreeContext(ctx);
}

static const struct xp_case rss_cases[] = {
	{ "rss version", "string(/rss/@version)", "2.0" },
	{ "channel title", "string(/rss/channel/title)",
	    "Planet <Example> & Co" },
	{ "channel link", "string(/rss/channel/link)",
	    "https://planet.example/" },
	{ "channel description", "count(/rss/channel/description)", "1" },
	{ "self link of the tag feed",
	    "string(/rss/channel/atom:link[@rel='self']/@href)",
	    "https://planet.example/tag/x.rss" },
	{ "hub advertised",
	    "string(/rss/channel/atom:link[@rel='hub']/@href)",
	    "https://hub.example/" },
	{ "four items", "count(//item)", "4" },
	{ "every item has a title", "count(//item[title != ''])", "4" },
	{ "every item has a guid", "count(//item/guid)", "4" },
	{ "guid is the uid", "string(//item[1]/guid)", "urn:feedd:1" },
	{ "guid is not a permalink", "string(//item[1]/guid/@isPermaLink)",
	    "false" },
	{ "every item has a pubDate", "count(//item/pubDate)", "4" },
	{ "pubDate in RFC 822", "string(//item[1]/pubDate)",
	    "Tue, 14 Nov 2023 22:13:20 GMT" },
	{ "description is the summary", "string(//item[1]/description)",
	    "<p>x &amp; y</p>" },
	{ "content:encoded beside it", "count(//item[1]/content:encoded)", "1" },
	{ "content alone is the description",
	    "string(//item[2]/description)", "<p>" UNICODE "</p>" },
	{ "author as dc:creator", "string(//item[1]/dc:creator)", "Jo" },
	{ "category", "string(//item[1]/category)", "tech & c" },
	{ "enclosure", "string(//item[1]/enclosure/@length)", "1234" },
	{ "source names the first feed", "string(//item[1]/source)", "Feed A" },
	{ "source url", "string(//item[1]/source/@url)",
	    "https://a.example/feed" },
	{ "further feeds as via",
	    "string(//item[1]/atom:link[@rel='via']/@href)",
	    "https://b.example/" },
	{ "non-latin title intact", "string(//item[2]/title)", UNICODE },
	{ "controls dropped", "string(//item[1]/title)", "A <b> & c\td" },
};

static const struct xp_case atom_tag_cases[] = {
	{ "tag feed self link",
	    "string(/atom:feed/atom:link[@rel='self']/@href)",
	    "https://planet.example/tag/x.atom" },
	{ "tag feed id is its self link", "string(/atom:feed/atom:id)",
	    "https://planet.example/tag/x.atom" },
	{ "hub link", "string(/atom:feed/atom:link[@rel='hub']/@href)",
	    "https://hub.example/" },
};

static xmlDocPtr
render_xml(char *(*render)(const struct publish_meta *, const struct item *,
    size_t, size_t *), const struct publish_meta *meta, struct item *it,
    size_t n)
{
	xmlDocPtr	 doc = NULL;
	char		*out;
	size_t		 len;

	if ((out = render(meta, it, n, &len)) != NULL)
		doc = xmlReadMemory(out, (int)len, NULL, NULL, XML_PARSE_NONET);
	free(out);
	return doc;
}

static void
test_rss_and_tag(void)
{
	struct publish_meta	 meta = { .title = "Planet <Example> & Co",
				    .base_url = "https://planet.example/",
				    .now = NOW, .stem = "/tag/x",
				    .hub = "https://hub.example/" };
	struct item		 it[4];
	xmlDocPtr		 doc;
	size_t			 i;

	fill_items(it);
	doc = render_xml(publish_rss, &meta, it, 4);
	CHECK(doc != NULL, "rss re-parses as XML");
	if (doc) {
		check_xpaths(doc, rss_cases,
		    sizeof(rss_cases) / sizeof(rss_cases[0]));
		xmlFreeDoc(doc);
	}
	doc = render_xml(publish_atom, &meta, it, 4);
	CHECK(doc != NULL, "tag atom re-parses as XML");
	if (doc) {
		check_xpaths(doc, atom_tag_cases,
		    sizeof(atom_tag_cases) / sizeof(atom_tag_cases[0]));
		xmlFreeDoc(doc);
	}
	for (i = 0; i < 4; i++)
		item_free(&it[i]);
}

static const char *
jstr(json_t *o, const char *path)
{
	char		 key[64];
	const char	*dot;
	json_t		*v = o;

	while (v && *path) {
		dot = strchr(path, '.');
		snprintf(key, sizeof(key), "%.*s",
		    (int)(dot ? (size_t)(dot - path) : strlen(path)), path);
		if (json_is_array(v))
			v = json_array_get(v, (size_t)atoi(key));
		else
			v = json_object_get(v, key);
		path = dot ? dot + 1 : "";
	}
	return v && json_is_string(v) ? json_string_value(v) : NULL;
}

static void
test_json(void)
{
	struct publish_meta	 meta = { .title = "Planet \"J\"",
				    .base_url = "https://planet.example",
				    .now = NOW, .hub = "https://hub.example/" };
	struct item		 it[4];
	json_t			*j, *items;
	json_error_t		 e;
	char			*out;
	size_t			 len, i, ok;

	fill_items(it);
	out = publish_json(&meta, it, 4, &len);
	j = out ? json_loadb(out, len, 0, &e) : NULL;
	CHECK(j != NULL, "json output parses");
	if (j == NULL) {
		free(out);
		return;
	}
	CHECK_STR(jstr(j, "version"), "https://jsonfeed.org/version/1.1",
	    "json version 1.1");
	CHECK_STR(jstr(j, "title"), "Planet \"J\"", "json title");
	CHECK_STR(jstr(j, "feed_url"), "https://planet.example/feed.json",
	    "json feed_url");
	CHECK_STR(jstr(j, "home_page_url"), "https://planet.example/",
	    "json home_page_url");
	CHECK_STR(jstr(j, "hubs.0.url"), "https://hub.example/", "json hub");
	CHECK_STR(jstr(j, "hubs.0.type"), "WebSub", "json hub type");
	items = json_object_get(j, "items");
	CHECK_INT((long)json_array_size(items), 4, "json items");
	for (i = 0, ok = 0; i < json_array_size(items); i++)
		ok += jstr(items, "0.id") && (jstr(json_array_get(items, i),
		    "content_html") || jstr(json_array_get(items, i),
		    "content_text"));
	CHECK_INT((long)ok, 4, "every item has an id and content");
	CHECK_STR(jstr(items, "0.id"), "urn:feedd:1", "item id is the uid");
	CHECK_STR(jstr(items, "0.title"), "A <b> & c\td", "title, controls "
	    "dropped");
	CHECK_STR(jstr(items, "0.summary"), "x & y", "summary as plain text");
	CHECK_STR(jstr(items, "0.date_published"), "2023-11-14T22:13:20Z",
	    "date_published");
	CHECK_STR(jstr(items, "0.authors.0.name"), "Jo", "authors");
	CHECK_STR(jstr(items, "0.tags.0"), "tech & c", "tags");
	CHECK_STR(jstr(items, "0.attachments.0.mime_type"), "audio/mpeg",
	    "attachment type");
	CHECK_STR(jstr(items, "0._feedd.sources.0.title"), "Feed A",
	    "extension: first source");
	CHECK_STR(jstr(items, "0._feedd.sources.1.home_page_url"),
	    "https://b.example/", "extension: every source");
	CHECK_STR(jstr(items, "1.title"), UNICODE, "non-latin title intact");
	CHECK_STR(jstr(items, "3.content_html"), "", "no text: empty content");
	CHECK_STR(jstr(items, "3.date_modified"), "2023-11-14T22:03:20Z",
	    "date_modified from first seen");
	CHECK(json_object_get(j, "authors") == NULL,
	    "no feed authors for items to inherit");
	json_decref(j);
	free(out);
	for (i = 0; i < 4; i++)
		item_free(&it[i]);
}

static size_t
count_str(const char *s, const char *what)
{
	size_t	 n = 0;

	while (s && (s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_page(void)
{
	struct publish_meta	 meta = { .title = "Planet <P> & \"Q\"",
				    .now = NOW };
	struct item		 it[4], many[PUBLISH_PAGE_ENTRIES + 5];
	char			*out;
	size_t			 len, i;

	fill_items(it);
	out = publish_page(&meta, it, 4, &len);
	CHECK(out && len == strlen(out), "page rendered");
	CHECK(out && strstr(out, "<title>Planet &lt;P&gt; &amp; &quot;Q&quot;"
	    "</title>"), "page title escaped");
	CHECK(out && strstr(out, "<link rel=\"alternate\" type=\"application/"
	    "atom+xml\"") && strstr(out, "href=\"/feed.atom\""),
	    "atom autodiscovery, relative without base_url");
	CHECK(out && strstr(out, "type=\"application/rss+xml\"") &&
	    strstr(out, "type=\"application/feed+json\""),
	    "rss and json autodiscovery");
	CHECK_INT((long)count_str(out, "<article>"), 4, "one article per entry");
	CHECK(out && strstr(out, "A &lt;b&gt; &amp; c\td") != NULL,
	    "entry title escaped, controls dropped");
	CHECK(out && strstr(out, "<p>x &amp; y, and more</p>") != NULL,
	    "cleaned content as HTML");
	CHECK(out && strstr(out, "<time datetime=\"2023-11-14T22:13:20Z\">"
	    "2023-11-14 22:13 UTC</time>") != NULL, "date shown");
	CHECK(out && strstr(out, ">Feed A</a>, <a href=\"https://b.example/\">"
	    "Feed B</a>") != NULL, "every source named and linked");
	CHECK(out && strstr(out, "<script") == NULL, "no script");
	free(out);
	for (i = 0; i < 4; i++)
		item_free(&it[i]);
	memset(many, 0, sizeof(many));
	for (i = 0; i < PUBLISH_PAGE_ENTRIES + 5; i++)
		item_set(&many[i].title, "t");
	out = publish_page(&meta, many, PUBLISH_PAGE_ENTRIES + 5, &len);
	CHECK_INT((long)count_str(out, "<article>"), PUBLISH_PAGE_ENTRIES,
	    "the page shows the newest PUBLISH_PAGE_ENTRIES");
	free(out);
	for (i = 0; i < PUBLISH_PAGE_ENTRIES + 5; i++)
		item_free(&many[i]);
}

static char *
slurp(const char *path)
{
	char	 b[256];
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(b, 1, sizeof(b) - 1, f);
	fclose(f);
	b[n] = '\0';
	return xstrdup(b);
}

static int
count_entries(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* What a killed write leaves (".merged.atom.XXXXXX") goes; nothing else. */
static void
test_sweep(const char *dir, const char *path)
{
	static const char *const names[] = {
		".merged.atom.a1B2c3", ".merged.atom.toolong", ".merged.atom.x",
		".other.atom.a1B2c3", "merged.atom.a1B2c3",
	};
	char	 p[128];
	size_t	 i;
	FILE	*fp;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		if ((fp = fopen(p, "w")) != NULL)
			fclose(fp);
	}
	publish_sweep(path);
	snprintf(p, sizeof(p), "%s/%s", dir, names[0]);
	CHECK(access(p, F_OK) == -1, "sweep removes a stale temporary file");
	CHECK_INT(count_entries(dir), 5, "sweep keeps everything else");
	for (i = 1; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
}

static void
test_write(void)
{
	char	 dir[] = "/tmp/feedd-publish.XXXXXX", path[64];
	char	 err[PUBLISH_ERR_LEN], *got;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/merged.atom", dir);
	CHECK_INT(publish_write(path, "one", 3, err, sizeof(err)), 0,
	    "first write");
	got = slurp(path);
	CHECK_STR(got, "one", "first content");
	free(got);
	CHECK_INT(publish_write(path, "two!", 4, err, sizeof(err)), 0,
	    "second write replaces");
	got = slurp(path);
	CHECK_STR(got, "two!", "second content");
	free(got);
	CHECK_INT(count_entries(dir), 1, "no temporary file left");
	CHECK_INT(publish_write("/nonexistent/dir/x.atom", "x", 1, err,
	    sizeof(err)), -1, "write into a missing directory fails");
	CHECK(strstr(err, "/nonexistent/dir/x.atom") != NULL,
	    "error names the path");
	test_sweep(dir, path);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	test_atom();
	test_fallbacks();
	test_rss_and_tag();
	test_json();
	test_page();
	test_write();
	return unit_done();
}
