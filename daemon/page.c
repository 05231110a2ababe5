/*
 * page.c — the readable river of news served at / (see publish.h).
 *
 * Plain HTML5 with a little inline CSS and no scripts: a reader with any
 * browser, or none (curl, a screen reader), gets every entry's title,
 * source, date and cleaned content.  The content is the sanitized HTML
 * that clean.c made for the feeds, so it goes in as it is; everything
 * else is text and is escaped here.  The head carries autodiscovery
 * links (rel="alternate") to the Atom, RSS and JSON feeds.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "publish.h"
#include "xmalloc.h"

#define PAGE_STYLE \
	"body{max-width:46em;margin:0 auto;padding:0 1em;" \
	"font:1rem/1.5 system-ui,sans-serif;color:#222}" \
	"article{border-top:1px solid #ddd;padding:.5em 0}" \
	"h2{font-size:1.2em;margin:.4em 0}" \
	".meta{color:#555;font-size:.9em;margin:0}" \
	"img,video{max-width:100%;height:auto}pre{overflow:auto}"

static void
page_esc(struct buf *b, const char *s)
{
	char	*c, *p;

	if (s == NULL)
		return;
	c = publish_chars(s);
	for (p = c; *p; p++) {
		switch (*p) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *p); break;
		}
	}
	free(c);
}

/* Absolute when base_url is known, else relative to this server. */
static void
page_href(struct buf *b, const struct publish_meta *m, const char *path)
{
	char	*url;

	if ((url = publish_url(m->base_url, path)) == NULL) {
		page_esc(b, path);
		return;
	}
	page_esc(b, url);
	free(url);
}

static void
page_feed_link(struct buf *b, const struct publish_meta *m, const char *type,
    const char *ext, const char *what)
{
	char	*path;

	path = xasprintf("%s%s", m->stem ? m->stem : PUBLISH_STEM, ext);
	buf_printf(b, "<link rel=\"alternate\" type=\"%s\" title=\"", type);
	page_esc(b, m->title);
	buf_printf(b, " (%s)\" href=\"", what);
	page_href(b, m, path);
	buf_puts(b, "\">\n");
	free(path);
}

static void
page_head(struct buf *b, const struct publish_meta *m)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	page_esc(b, m->title);
	buf_puts(b, "</title>\n");
	page_feed_link(b, m, "application/atom+xml", ".atom", "Atom");
	page_feed_link(b, m, "application/rss+xml", ".rss", "RSS");
	page_feed_link(b, m, "application/feed+json", ".json", "JSON Feed");
	buf_puts(b, "<style>" PAGE_STYLE "</style>\n</head>\n<body>\n"
	    "<header>\n<h1>");
	page_esc(b, m->title);
	buf_puts(b, "</h1>\n<p class=\"meta\">Subscribe: <a href=\"");
	page_href(b, m, "/feed.atom");
	buf_puts(b, "\">Atom</a> \xc2\xb7 <a href=\"");
	page_href(b, m, "/feed.rss");
	buf_puts(b, "\">RSS</a> \xc2\xb7 <a href=\"");
	page_href(b, m, "/feed.json");
	buf_puts(b, "\">JSON Feed</a> \xc2\xb7 <a href=\"");
	page_href(b, m, "/opml");
	buf_puts(b, "\">OPML</a></p>\n</header>\n<main>\n");
}

/* "Feed A, Feed B" */
static void
page_sources(struct buf *b, const struct item *it)
{
	const struct item_source *s;
	size_t		 i;

	for (i = 0; i < it->nsources; i++) {
		s = &it->sources[i];
		if (i > 0)
			buf_puts(b, ", ");
		if (s->link) {
			buf_puts(b, "<a href=\"");
			page_esc(b, s->link);
			buf_puts(b, "\">");
		}
		page_esc(b, s->title ? s->title : s->name);
		if (s->link)
			buf_puts(b, "</a>");
	}
}

static void
page_entry(struct buf *b, const struct publish_meta *m, const struct item *it)
{
	char		 iso[DATE_ISO_LEN], *title, *content;
	time_t		 t;

	title = publish_title(it);
	buf_puts(b, "<article>\n<h2>");
	if (it->link) {
		buf_puts(b, "<a href=\"");
		page_esc(b, it->link);
		buf_puts(b, "\">");
	}
	page_esc(b, title);
	buf_puts(b, it->link ? "</a></h2>\n" : "</h2>\n");
	free(title);
	t = it->published != DATE_NONE ? it->published :
	    publish_updated(it, m->now);
	date_format_iso(t, iso);
	buf_puts(b, "<p class=\"meta\">");
	page_sources(b, it);
	/* 2026-11-02T10:00:00Z shown as "2026-11-02 10:00 UTC". */
	buf_printf(b, "%s<time datetime=\"%s\">%.10s %.5s UTC</time></p>\n",
	    it->nsources > 0 ? " \xc2\xb7 " : "", iso, iso, iso + 11);
	if ((content = publish_chars(it->content ? it->content :
	    it->summary ? it->summary : "")) != NULL && *content)
		buf_printf(b, "<div class=\"content\">%s</div>\n", content);
	free(content);
	buf_puts(b, "</article>\n");
}

char *
publish_page(const struct publish_meta *m, const struct item *items,
    size_t n, size_t *len)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 0);
	page_head(&b, m);
	if (n == 0)
		buf_puts(&b, "<p>Nothing published yet.</p>\n");
	for (i = 0; i < n && i < PUBLISH_PAGE_ENTRIES; i++)
		page_entry(&b, m, &items[i]);
	buf_puts(&b, "</main>\n</body>\n</html>\n");
	*len = b.len;
	return buf_take(&b);
}
