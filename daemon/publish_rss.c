/*
 * publish_rss.c — the merged feed as RSS 2.0 (see publish.h).
 *
 * RSS 2.0 (rssboard.org/rss-specification) has no place for several
 * things Atom carries, so the usual namespaces fill in: dc:creator for
 * authors (RSS <author> must be an email address), content:encoded for
 * full content beside a summary, atom:link for self, hub and the further
 * feeds that carried an item.  Items keep the merged feed's entry ids as
 * guid isPermaLink="false", the same ids as in the Atom and JSON output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "publish.h"
#include "xmalloc.h"

#define RSS_ATOM_NS	"http://www.w3.org/2005/Atom"
#define RSS_CONTENT_NS	"http://purl.org/rss/1.0/modules/content/"
#define RSS_DC_NS	"http://purl.org/dc/elements/1.1/"
#define RSS_NO_TYPE	"application/octet-stream"

static void
rss_date(struct publish_xml *x, const char *name, time_t t)
{
	char	 d[DATE_HTTP_LEN];

	/* RFC 1123 dates are what RSS 2.0 asks for (RFC 822 with a
	 * four-digit year). */
	date_format_http(t, d);
	publish_xml_elem(x, name, NULL, d);
}

static void
rss_atom_link(struct publish_xml *x, const char *rel, const char *href,
    const char *type)
{
	if (href == NULL || *href == '\0')
		return;
	publish_xml_start(x, "atom:link");
	publish_xml_attr(x, "rel", rel);
	publish_xml_attr(x, "href", href);
	publish_xml_attr(x, "type", type);
	publish_xml_end(x);
}

/* RSS 2.0 requires url, length and type on an enclosure. */
static void
rss_enclosure(struct publish_xml *x, const struct enclosure *e)
{
	char	 len[24];

	if (e->url == NULL || *e->url == '\0')
		return;
	snprintf(len, sizeof(len), "%lld", e->length >= 0 ? e->length : 0);
	publish_xml_start(x, "enclosure");
	publish_xml_attr(x, "url", e->url);
	publish_xml_attr(x, "length", len);
	publish_xml_attr(x, "type", e->type ? e->type : RSS_NO_TYPE);
	publish_xml_end(x);
}

static void
rss_source(struct publish_xml *x, const struct item_source *src)
{
	if (src->url == NULL)
		return;
	publish_xml_start(x, "source");
	publish_xml_attr(x, "url", src->url);
	publish_xml_text(x, src->title ? src->title : src->name);
	publish_xml_end(x);
}

static void
rss_item(struct publish_xml *x, const struct publish_meta *m,
    const struct item *it)
{
	char	*title, *id;
	size_t	 i;

	title = publish_title(it);
	id = publish_id(it);
	publish_xml_start(x, "item");
	publish_xml_elem(x, "title", NULL, title);
	publish_xml_elem(x, "link", NULL, it->link);
	/* description carries the summary, else the content, as escaped
	 * HTML; content:encoded the full content when both exist. */
	publish_xml_elem(x, "description", NULL,
	    it->summary ? it->summary : it->content ? it->content : "");
	if (it->summary && it->content)
		publish_xml_elem(x, "content:encoded", NULL, it->content);
	publish_xml_elem(x, "dc:creator", NULL, it->author);
	for (i = 0; i < it->ncategories; i++)
		if (it->categories[i] && *it->categories[i])
			publish_xml_elem(x, "category", NULL, it->categories[i]);
	for (i = 0; i < it->nenclosures; i++)
		rss_enclosure(x, &it->enclosures[i]);
	publish_xml_start(x, "guid");
	publish_xml_attr(x, "isPermaLink", "false");
	publish_xml_text(x, id);
	publish_xml_end(x);
	rss_date(x, "pubDate", it->published != DATE_NONE ? it->published :
	    publish_updated(it, m->now));
	if (it->nsources > 0)
		rss_source(x, &it->sources[0]);
	for (i = 1; i < it->nsources; i++)
		rss_atom_link(x, "via", it->sources[i].link ?
		    it->sources[i].link : it->sources[i].url, NULL);
	publish_xml_end(x);
	free(title);
	free(id);
}

static void
rss_channel(struct publish_xml *x, const struct publish_meta *m,
    const struct item *items, size_t n)
{
	const char	*title = m->title ? m->title : "feedd";
	char		*url, *desc;

	publish_xml_elem(x, "title", NULL, title);
	url = publish_url(m->base_url, "/");
	publish_xml_elem(x, "link", NULL, url);
	free(url);
	desc = xasprintf("%s, merged by feedd", title);
	publish_xml_elem(x, "description", NULL, desc);
	free(desc);
	publish_xml_elem(x, "generator", NULL, "feedd " FEEDD_VERSION);
	rss_date(x, "lastBuildDate", publish_feed_updated(m, items, n));
	if ((url = publish_self(m, ".rss")) != NULL) {
		rss_atom_link(x, "self", url, "application/rss+xml");
		free(url);
	}
	rss_atom_link(x, "hub", m->hub, NULL);
}

char *
publish_rss(const struct publish_meta *m, const struct item *items,
    size_t n, size_t *len)
{
	struct publish_xml	*x;
	size_t			 i;

	x = publish_xml_new();
	publish_xml_start(x, "rss");
	publish_xml_attr(x, "version", "2.0");
	publish_xml_attr(x, "xmlns:atom", RSS_ATOM_NS);
	publish_xml_attr(x, "xmlns:content", RSS_CONTENT_NS);
	publish_xml_attr(x, "xmlns:dc", RSS_DC_NS);
	publish_xml_start(x, "channel");
	rss_channel(x, m, items, n);
	for (i = 0; i < n; i++)
		rss_item(x, m, &items[i]);
	publish_xml_end(x);
	return publish_xml_done(x, len);
}
