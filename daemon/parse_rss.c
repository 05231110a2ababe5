/*
 * parse_rss.c — RSS 0.9x/1.0/2.0 elements and the modules people put in
 * feeds (parse_xml.h): dc, content:encoded, feedburner:origLink, media,
 * itunes, enclosures, guids and RSS's address-style authors.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "feed.h"
#include "parse_int.h"
#include "parse_xml.h"
#include "xmalloc.h"


/* RSS titles are text, unless the publisher plainly wrote HTML. */
static char *
parse_rss_title(struct parse_ctx *ctx, const xmlNode *n)
{
	char	*t, *e;

	if (parse_has_elements(n))
		return parse_inner_html(ctx, n);
	if ((t = parse_text(ctx, n)) == NULL || parse_looks_html(t))
		return t;
	e = parse_escaped(t);
	free(t);
	return e;
}

/* RSS description and content:encoded: escaped HTML, or inline XHTML. */
static char *
parse_rss_html(struct parse_ctx *ctx, const xmlNode *n)
{
	if (parse_has_elements(n))
		return parse_inner_html(ctx, n);
	return parse_text(ctx, n);
}

void
parse_h_title(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set(sc, F_TITLE, n->ns == NULL || parse_ns(ctx, n) == NS_NONE ? 2 : 1,
	    parse_rss_title(ctx, n));
}

void
parse_h_link(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t;

	if ((t = parse_text(ctx, n)) == NULL)
		return;
	if (!sc->feed && sc->link_id == NULL)
		sc->link_id = parse_url(n, sc->base, t);
	parse_set(sc, F_LINK, 2, parse_url(n, sc->base, t));
	free(t);
}

void
parse_h_origlink(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t;

	if ((t = parse_text(ctx, n)) == NULL)
		return;
	parse_set(sc, F_LINK, 3, parse_url(n, sc->base, t));
	free(t);
}

static bool
parse_is_http(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0;
}

/* A guid is the id; a permalink guid is also the link when there is no
 * <link> (RSS 2.0 spec, "isPermaLink"). */
void
parse_h_guid(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*perma = parse_attr(n, "isPermaLink");
	char		*t;

	if ((t = parse_text(ctx, n)) == NULL)
		return;
	if ((perma == NULL || strcasecmp(perma, "false") != 0) &&
	    parse_is_http(t))
		parse_set(sc, F_LINK, 1, parse_url(n, sc->base, t));
	parse_set(sc, F_ID, 2, t);
}

/*
 * RSS author is an address, often "joe@example.com (Joe Bloggs)",
 * "Joe Bloggs (joe@example.com)" or "Joe Bloggs <joe@example.com>":
 * readers show the name, the address only when there is nothing else.
 */
static void
parse_author_name(char *t)
{
	char	*at, *s, *e, *w, *r;

	if ((at = strchr(t, '@')) == NULL)
		return;
	for (s = at; s > t && !isspace((unsigned char)s[-1]); s--)
		;
	for (e = at; *e != '\0' && !isspace((unsigned char)*e); e++)
		;
	if (e - s + 1 >= (ptrdiff_t)strlen(t))
		return;			/* nothing but the address */
	memmove(s, e, strlen(e) + 1);	/* the address goes */
	for (r = w = t; *r != '\0'; r++)
		if (strchr("()<>", *r) == NULL)
			*w++ = *r;
	*w = '\0';
	for (s = t; isspace((unsigned char)*s); s++)
		;
	for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
		;
	*e = '\0';
	memmove(t, s, (size_t)(e - s) + 1);
}

/* An author as text: the name beside an address, else the address; a
 * person with a <name> child (an Atom author in an RSS item) its name. */
static char *
parse_author_text(struct parse_ctx *ctx, const xmlNode *n)
{
	const xmlNode	*c;
	char		*t, *copy;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "name") == 0)
			return parse_text(ctx, c);
	if ((t = parse_text(ctx, n)) == NULL)
		return NULL;
	copy = xstrdup(t);
	parse_author_name(t);
	if (*t == '\0') {
		free(t);
		t = copy;
	} else
		free(copy);
	return t;
}

void
parse_h_author(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set(sc, F_AUTHOR, 1, parse_author_text(ctx, n));
}

void
parse_h_dc_creator(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set(sc, F_AUTHOR, 2, parse_author_text(ctx, n));
}

void
parse_h_description(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (!sc->feed)
		parse_html_base(sc, n, false);
	parse_set(sc, F_SUMMARY, parse_ns(ctx, n) == NS_NONE ? 2 : 1,
	    parse_rss_html(ctx, n));
}

void
parse_h_content_encoded(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_html_base(sc, n, true);
	parse_set(sc, F_CONTENT, 2, parse_rss_html(ctx, n));
}

/* Older RSS full text: <fullitem> (escaped HTML) and XHTML <body>;
 * content:encoded wins over both. */
void
parse_h_body(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (sc->feed)
		return;
	parse_html_base(sc, n, true);
	parse_set(sc, F_CONTENT, 1, parse_has_elements(n) ?
	    parse_inner_html(ctx, n) : parse_text(ctx, n));
}

/* A category's own text: markup nested in it (an <image> block some
 * publishers put there) is not part of its name. */
static char *
parse_own_text(const xmlNode *n)
{
	struct buf	 b;
	const xmlNode	*c;
	char		*t, *s, *e;

	buf_init(&b, 0);
	for (c = n->children; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL)
			buf_puts(&b, (const char *)c->content);
	t = buf_take(&b);
	for (s = t; *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'; s++)
		;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' ||
	    e[-1] == '\n' || e[-1] == '\r'); e--)
		;
	*e = '\0';
	memmove(t, s, (size_t)(e - s) + 1);
	if (*t == '\0') {
		free(t);
		return NULL;
	}
	return t;
}

void
parse_h_category(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t;

	if (sc->feed)
		return;
	t = parse_has_elements(n) ? parse_own_text(n) : parse_text(ctx, n);
	if (t == NULL)
		return;
	item_add_category(sc->it, t);
	free(t);
}

void
parse_h_enclosure(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*url = parse_attr(n, "url");

	(void)ctx;
	if (url != NULL)
		parse_enclosure(sc, n, url, parse_attr(n, "type"),
		    parse_attr(n, "length"));
}

void
parse_h_media_content(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*url = parse_attr(n, "url");

	(void)ctx;
	if (url != NULL)
		parse_enclosure(sc, n, url, parse_attr(n, "type"),
		    parse_attr(n, "fileSize"));
}

/* A Media RSS text (type plain, the default, or html) as an item's
 * field f when it has none: media:description for the summary
 * (YouTube), media:title for the title. */
static void
parse_media_text(struct parse_ctx *ctx, struct parse_scope *sc,
    const xmlNode *n, enum field f)
{
	const char	*type = parse_attr(n, "type");
	char		*t, *e;

	if (sc->feed || sc->rank[f] >= 1 || (t = parse_text(ctx, n)) == NULL)
		return;
	if (type == NULL || strcasecmp(type, "html") != 0) {
		e = parse_escaped(t);
		free(t);
		t = e;
	}
	parse_set(sc, f, 1, t);
}

void
parse_h_media_description(struct parse_ctx *ctx, struct parse_scope *sc,
    xmlNode *n)
{
	parse_media_text(ctx, sc, n, F_SUMMARY);
}

void
parse_h_media_title(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_media_text(ctx, sc, n, F_TITLE);
}

void
parse_h_media_group(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || parse_ns(ctx, c) != NS_MRSS)
			continue;
		if (strcmp((const char *)c->name, "content") == 0)
			parse_h_media_content(ctx, sc, c);
		else if (strcmp((const char *)c->name, "description") == 0)
			parse_h_media_description(ctx, sc, c);
		else if (strcmp((const char *)c->name, "title") == 0)
			parse_h_media_title(ctx, sc, c);
	}
}

/* A podcast's author and long description stand in for missing ones. */
void
parse_h_itunes_author(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (!sc->feed)
		parse_set(sc, F_AUTHOR, 1, parse_text(ctx, n));
}

void
parse_h_itunes_summary(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	/* text, but podcast hosts often escape it once more ("&amp;amp;",
	 * "&#039;"): read as HTML then, like an RSS title */
	if (sc->feed || sc->aside != NULL)
		return;
	sc->aside = parse_rss_title(ctx, n);
}

/* A podcast's one-line description: the channel's when it has no
 * <description> (an episode's subtitle is no summary of it). */
void
parse_h_itunes_subtitle(struct parse_ctx *ctx, struct parse_scope *sc,
    xmlNode *n)
{
	if (sc->feed)
		parse_set(sc, F_SUMMARY, 1, parse_rss_title(ctx, n));
}

/* <summary> is not RSS, but some publishers write it beside or instead
 * of <description>: escaped HTML, placed like itunes:summary. */
void
parse_h_rss_summary(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (sc->feed || sc->aside != NULL)
		return;
	sc->aside = parse_rss_html(ctx, n);
}

void
parse_aside(struct parse_scope *sc)
{
	char	*a = sc->aside;

	sc->aside = NULL;
	if (a == NULL)
		return;
	if (sc->it->summary == NULL)
		parse_set(sc, F_SUMMARY, 1, a);
	else if (sc->it->content == NULL)
		parse_set(sc, F_CONTENT, 1, a);
	else
		free(a);
}

/* itunes:category names itself in an attribute and nests. */
void
parse_h_itunes_category(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*text = parse_attr(n, "text");
	xmlNode		*c;

	if (sc->feed)
		return;
	if (text != NULL && *text != '\0')
		item_add_category(sc->it, text);
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "category") == 0)
			parse_h_itunes_category(ctx, sc, c);
}

/* itunes:keywords and media:keywords: comma-separated categories. */
void
parse_h_keywords(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t, *p, *w, *e;

	if (sc->feed || (t = parse_text(ctx, n)) == NULL)
		return;
	for (p = t; (w = strsep(&p, ",")) != NULL; ) {
		while (isspace((unsigned char)*w))
			w++;
		e = w + strlen(w);
		while (e > w && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (*w != '\0')
			item_add_category(sc->it, w);
	}
	free(t);
}
