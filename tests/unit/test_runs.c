/*
 * test_runs.c — long runs of text kept out of libxml2 (parse_runs.c):
 * which CDATA sections and element text parse_runs_hide() swaps for
 * placeholders, and that parse_feed() then reads every document exactly
 * as it reads the same document with hiding ruled out (an empty
 * internal DTD subset, which changes nothing else), valid or broken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "feed.h"
#include "parse.h"
#include "parse_int.h"
#include "unit.h"

#define URL	"http://example.test/feed.xml"
#define LONG	"<p>A paragraph long enough to be worth hiding, " \
	"with an &amp; and a \xc3\xa9 and \xe6\x9d\xb1\xe4\xba\xac.</p>"
/* LONG as element text: escaped, with references to characters */
#define ESC	"&lt;p&gt;A paragraph long enough to be worth hiding, " \
	"with an &amp;amp; and a &#233; and &#x6771;&#x4eac; and &#x1F600;." \
	"&lt;/p&gt;"
#define ATOM(content) "<feed xmlns=\"http://www.w3.org/2005/Atom\">" \
	"<title>T</title><entry><id>i</id>" content "</entry></feed>"
#define RSS(items) "<rss version=\"2.0\"><channel><title>T</title>" \
	items "</channel></rss>"
#define ITEM(desc) "<item><guid>g</guid><description>" desc \
	"</description></item>"

/* How many sections hide() swaps in xml: 0 when it declines. */
static size_t
hidden(const char *xml)
{
	struct parse_runs	 r;
	size_t			 n;

	if (!parse_runs_hide(&r, xml, strlen(xml)))
		return 0;
	n = r.n;
	parse_runs_free(&r);
	return n;
}

static void
test_hide(void)
{
	static const struct { const char *what, *xml; size_t n; } cases[] = {
		{ "a long section", RSS(ITEM("<![CDATA[" LONG "]]>")), 1 },
		{ "two", RSS(ITEM("<![CDATA[" LONG "]]>") ITEM("<![CDATA["
		    LONG "]]>")), 2 },
		{ "a short one stays", RSS(ITEM("<![CDATA[<p>short</p>]]>")),
		    0 },
		{ "CR stays (libxml2 reads it as LF)", RSS(ITEM("<![CDATA["
		    LONG "\r\n" LONG "]]>")), 0 },
		{ "a bad byte stays", RSS(ITEM("<![CDATA[" LONG "\xff]]>")),
		    0 },
		{ "U+FFFE stays", RSS(ITEM("<![CDATA[" LONG "\xef\xbf\xbe]]>")),
		    0 },
		{ "a control stays", RSS(ITEM("<![CDATA[" LONG "\x01]]>")), 0 },
		{ "tab and LF are characters", RSS(ITEM("<![CDATA[\t" LONG
		    "\n]]>")), 1 },
		{ "an opener in a comment is none", RSS("<!-- <![CDATA["
		    LONG "]]> -->" ITEM("x")), 0 },
		{ "one after the comment is", RSS("<!-- <![CDATA[ -->"
		    ITEM("<![CDATA[" LONG "]]>")), 1 },
		{ "an opener in a PI is none", "<?pi <![CDATA[" LONG "]]> ?>"
		    RSS(ITEM("x")), 0 },
		{ "a DOCTYPE without subset", "<!DOCTYPE rss SYSTEM \"a[b\">"
		    RSS(ITEM("<![CDATA[" LONG "]]>")), 1 },
		{ "an internal subset rules it out", "<!DOCTYPE rss [ ]>"
		    RSS(ITEM("<![CDATA[" LONG "]]>")), 0 },
		{ "markup spelling U+FDD0 by reference", RSS(
		    "<title>&#xFDD0;</title>" ITEM("<![CDATA[" LONG "]]>")), 0 },
		{ "... in decimal", RSS("<title>&#64976;</title>"
		    ITEM("<![CDATA[" LONG "]]>")), 0 },
		{ "... with zeros", RSS("<title>&#x000fdea;</title>"
		    ITEM("<![CDATA[" LONG "]]>")), 0 },
		{ "... as bytes", RSS("<title>\xef\xb7\x90</title>"
		    ITEM("<![CDATA[" LONG "]]>")), 0 },
		{ "U+FDF0 is no placeholder", RSS("<title>&#xFDF0;"
		    "\xef\xb7\xb0</title>" ITEM("<![CDATA[" LONG "]]>")), 1 },
		{ "U+FDD0 inside a section is its text", RSS(ITEM("<![CDATA["
		    LONG "\xef\xb7\x90\xef\xb7\xa0]]>")), 1 },
		{ "unterminated", RSS(ITEM("<![CDATA[" LONG)), 0 },
		{ "escaped text", RSS(ITEM(ESC)), 1 },
		{ "Atom html content", ATOM("<content type=\"html\">" ESC
		    "</content>"), 1 },
		{ "text and a section", RSS(ITEM(ESC "<![CDATA[" LONG "]]>")),
		    2 },
		{ "text that is plain UTF-8", RSS(ITEM("Caf\xc3\xa9 " ESC)), 1 },
		{ "short text stays", RSS(ITEM("&lt;p&gt;x&lt;/p&gt;")), 0 },
		{ "an undefined entity stays", RSS(ITEM(ESC "&nbsp;")), 0 },
		{ "a reference without ';' stays", RSS(ITEM(ESC "&amp x")), 0 },
		{ "&#X is no reference", RSS(ITEM(ESC "&#X41;")), 0 },
		{ "a reference to no character stays", RSS(ITEM(ESC "&#xFFFE;")),
		    0 },
		{ "... nor does &#0;", RSS(ITEM(ESC "&#0;")), 0 },
		{ "... nor past U+10FFFF", RSS(ITEM(ESC "&#x1100000;")), 0 },
		{ "]]> in text stays", RSS(ITEM(ESC "]]>")), 0 },
		{ "CR in text stays", RSS(ITEM(ESC "\r\n")), 0 },
		{ "a control in text stays", RSS(ITEM(ESC "\x0b")), 0 },
		{ "blank text stays", RSS("<item>                                "
		    "                                      </item>"), 0 },
		{ "a reference to U+FDD0 in a run is its text", RSS(ITEM(ESC
		    "&#xFDD0;")), 1 },
		{ "a '>' in an attribute ends no tag", RSS("<item><link t=\">"
		    ESC "\">x</link></item>"), 0 },
		{ "... and quotes of the other kind", RSS("<item><link t='\">"
		    ESC "'>x</link><title a=\"'\">" ESC "</title></item>"), 1 },
		{ "a DOCTYPE's '>' is no text", "<!DOCTYPE rss>" "          "
		    "                                                    "
		    RSS(ITEM(ESC)), 1 },
	};
	char	 what[200];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(what, sizeof(what), "hide: %s", cases[i].what);
		CHECK_INT(hidden(cases[i].xml), cases[i].n, what);
	}
}

/* The document hide() makes: placeholders where the runs were. */
static void
test_placeholder(void)
{
	const char		*xml = RSS(ITEM("<![CDATA[" LONG "]]>"));
	struct parse_runs	 r;

	if (!CHECK(parse_runs_hide(&r, xml, strlen(xml)), "placeholder: hid"))
		return;
	CHECK_INT(r.doc.len, strlen(xml) - strlen(LONG) + 15,
	    "placeholder: 15 bytes for the run");
	CHECK(r.v[0].len == strlen(LONG) &&
	    memcmp(r.v[0].s, LONG, strlen(LONG)) == 0,
	    "placeholder: the run points at the section");
	CHECK(strstr(r.doc.data, "<![CDATA[\xef\xb7\x90\xef\xb7\xa0"
	    "\xef\xb7\xa0\xef\xb7\xa0\xef\xb7\xa0]]>") != NULL,
	    "placeholder: U+FDD0 and index 0000");
	parse_runs_free(&r);
}

static void
dump_item(struct buf *b, const struct item *it)
{
	size_t	 i;

	buf_printf(b, "id=%s\ntitle=%s\nlink=%s\nauthor=%s\nsummary=%s\n"
	    "content=%s\n", it->id ? it->id : "-",
	    it->title ? it->title : "-", it->link ? it->link : "-",
	    it->author ? it->author : "-", it->summary ? it->summary : "-",
	    it->content ? it->content : "-");
	for (i = 0; i < it->ncategories; i++)
		buf_printf(b, "category=%s\n", it->categories[i]);
}

/* parse_feed() of xml as a text: its result, error and items. */
static char *
dump(const char *xml)
{
	struct feed_doc	 doc;
	struct buf	 b;
	char		 err[PARSE_ERR_LEN];
	size_t		 i;
	int		 rc;

	feed_doc_init(&doc, URL);
	err[0] = '\0';
	rc = parse_feed(xml, strlen(xml), URL, NULL, &doc, err, sizeof(err));
	buf_init(&b, 0);
	buf_printf(&b, "rc=%d err=%s title=%s\n", rc, err,
	    doc.title ? doc.title : "-");
	for (i = 0; i < doc.nitems; i++)
		dump_item(&b, &doc.items[i]);
	feed_doc_free(&doc);
	return buf_take(&b);
}

/* xml read with hiding and without it must be read alike; returns
 * the dump (malloc'd) for a look at what was read. */
static char *
same_read(const char *what, const char *xml, size_t want_hidden)
{
	char	 name[200], *plain, *with, *fast;

	snprintf(name, sizeof(name), "read: %s: sections hidden", what);
	CHECK_INT(hidden(xml), want_hidden, name);
	plain = malloc(strlen(xml) + 32);
	if (plain == NULL)
		abort();
	/* the same first line, so error lines match too */
	snprintf(plain, strlen(xml) + 32, "<!DOCTYPE x [ ]>%s", xml);
	with = dump(xml);
	fast = dump(plain);
	snprintf(name, sizeof(name), "read: %s: as without hiding", what);
	CHECK_STR(with, fast, name);
	free(plain);
	free(fast);
	return with;
}

static void
test_read(void)
{
	char	*d;

	d = same_read("one section", RSS(ITEM("<![CDATA[" LONG "]]>")), 1);
	CHECK(strstr(d, "summary=" LONG "\n") != NULL,
	    "read: one section: the summary is the run");
	free(d);
	d = same_read("text around it", RSS("<item><title>  a <![CDATA["
	    LONG "]]> b <![CDATA[" LONG "]]>  </title><description>x <![CDATA["
	    "<b>" LONG "</b>]]> y</description></item>"), 3);
	free(d);
	d = same_read("one placeholder after another", RSS(ITEM("<![CDATA["
	    LONG "]]><![CDATA[" LONG "]]>")), 2);
	CHECK(strstr(d, "summary=" LONG LONG "\n") != NULL,
	    "read: one placeholder after another: both runs");
	free(d);
	d = same_read("Atom content and xhtml", "<feed xmlns=\"http://www.w3.org"
	    "/2005/Atom\"><entry><id>i</id><content type=\"html\"><![CDATA["
	    LONG "]]></content><summary type=\"xhtml\"><div xmlns=\"http://"
	    "www.w3.org/1999/xhtml\"><p>x<![CDATA[" LONG "]]></p></div>"
	    "</summary></entry></feed>", 2);
	free(d);
	d = same_read("U+FDD0 inside a section", RSS(ITEM("<![CDATA[" LONG
	    "\xef\xb7\x90\xef\xb7\xa0\xef\xb7\xa0\xef\xb7\xa0\xef\xb7\xa0]]>")),
	    1);
	free(d);
	d = same_read("a reference to U+FDD0", RSS("<item><title>&#xFDD0;"
	    "&#xFDE0;&#xFDE0;&#xFDE0;&#xFDE0;</title><description><![CDATA["
	    LONG "]]></description></item>"), 0);
	free(d);
	d = same_read("a broken document", RSS(ITEM("<![CDATA[" LONG "]]>")
	    "<item><title>unclosed</item>"), 1);
	CHECK(strstr(d, "rc=0") != NULL, "read: a broken document: repaired");
	free(d);
	d = same_read("garbage in the section", RSS(ITEM("<![CDATA[" LONG
	    "\x01\xff]]>")), 0);
	free(d);
	d = same_read("CRLF in the section", RSS(ITEM("<![CDATA[" LONG
	    "\r\n" LONG "]]>")), 0);
	CHECK(strstr(d, LONG "\n" LONG) != NULL,
	    "read: CRLF in the section: read as LF");
	free(d);
	d = same_read("escaped text", RSS(ITEM(ESC)), 1);
	CHECK(strstr(d, "summary=<p>A paragraph long enough to be worth "
	    "hiding, with an &amp; and a \xc3\xa9 and \xe6\x9d\xb1\xe4\xba"
	    "\xac and \xf0\x9f\x98\x80.</p>\n") != NULL,
	    "read: escaped text: decoded");
	free(d);
	d = same_read("Atom html, xhtml and text", ATOM("<title type=\"text\">"
	    ESC "</title><content type=\"html\">\n\t" ESC "\n</content>"
	    "<summary type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/"
	    "xhtml\"><p class=\"a>b\">" ESC "</p>" ESC "</div></summary>"),
	    4);
	free(d);
	d = same_read("text, sections and comments", RSS("<item><guid>g</guid>"
	    "<description>" ESC "<!-- a comment -->" ESC "<![CDATA[" LONG
	    "]]>" ESC "<?pi x?>" ESC "</description></item>"), 5);
	free(d);
	d = same_read("an undefined entity", RSS(ITEM(ESC "&nbsp;") ITEM(ESC)),
	    1);
	free(d);
	d = same_read("a reference to U+FDD0 in a run", RSS(ITEM(ESC
	    "&#xFDD0;&#xFDE0;&#xFDE0;&#xFDE0;&#xFDE0;")), 1);
	free(d);
	d = same_read("not a feed", "<html><body><![CDATA[" LONG "]]>"
	    "</body></html>", 1);
	free(d);
}

/* More sections than placeholders can name: the rest are libxml2's. */
static void
test_many(void)
{
	struct buf	 b;
	char		*d;
	size_t		 i, n = 65536 + 3;

	buf_init(&b, 0);
	buf_puts(&b, "<rss version=\"2.0\"><channel><title>T</title><item>"
	    "<description>");
	for (i = 0; i < n; i++)
		buf_puts(&b, "<![CDATA[" LONG "]]>");
	buf_puts(&b, "</description></item></channel></rss>");
	d = same_read("65539 sections", b.data, 65536);
	CHECK(strlen(d) > n * strlen(LONG), "read: 65539 sections: all text");
	free(d);
	buf_free(&b);
}

int
main(void)
{
	test_hide();
	test_placeholder();
	test_read();
	test_many();
	return unit_done();
}
