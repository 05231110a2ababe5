/*
 * parse_xml.c — the RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 tree libxml2 built,
 * to a feed_doc (parse_int.h): the walk, the handler table, the tree
 * helpers (parse_xml.h); the handlers are in parse_rss.c and parse_atom.c.
 *
 * Each child of a channel or an item is looked up by (namespace, local
 * name) in a sorted table; each hit stores its value in one field with a
 * rank, and a later element replaces a field only when its rank is
 * higher (feedburner:origLink beats <link>, a guid beats rdf:about).
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "hint.h"
#include "parse_int.h"
#include "parse_xml.h"
#include "url.h"
#include "xmalloc.h"

#define PARSE_EMBED_DEPTH	8	/* how deep a page may hide its feed */

struct parse_elem {
	enum ns		 ns;
	const char	*name;
	parse_handler	*fn;
};

static void	parse_children(struct parse_ctx *, struct parse_scope *,
		    xmlNode *);

/*
 * A namespace URI with a typo ("http://purl.org/dc/elements/1.1" without
 * its slash, "http://purl.org/rss/1.0/modules/content") still means the
 * module its usual prefix names: readers go by the prefix too.
 */
static enum ns
parse_ns_by_prefix(const xmlChar *prefix)
{
	static const struct {
		const char	*prefix;
		enum ns		 ns;
	} known[] = {
		{ "atom", NS_ATOM }, { "atom10", NS_ATOM },
		{ "content", NS_CONT }, { "dc", NS_DCE }, { "dcterms", NS_DCT },
		{ "feedburner", NS_FB }, { "itunes", NS_ITUNES_DTD },
		{ "media", NS_MRSS },
	};
	size_t	 i;

	if (prefix == NULL)
		return NS_OTHER;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp((const char *)prefix, known[i].prefix) == 0)
			return known[i].ns;
	return NS_OTHER;
}

enum ns
parse_ns(const struct parse_ctx *ctx, const xmlNode *n)
{
	const char	*href;

	if (n->ns == NULL || n->ns->href == NULL)
		return ctx->home_ns == NULL ? ctx->home_class : NS_NONE;
	href = (const char *)n->ns->href;
	if (ctx->home_ns != NULL && strcmp(href, ctx->home_ns) == 0)
		return ctx->home_class;
	if (strcmp(href, NS_ATOM10) == 0 || strcmp(href, NS_ATOM03) == 0)
		return NS_ATOM;
	if (strcmp(href, NS_RSS10) == 0 || strcmp(href, NS_RSS090) == 0)
		return NS_NONE;
	if (strcmp(href, NS_DC) == 0)
		return NS_DCE;
	if (strcmp(href, NS_DCTERMS) == 0)
		return NS_DCT;
	if (strcmp(href, NS_CONTENT) == 0)
		return NS_CONT;
	if (strcmp(href, NS_FEEDBURNER) == 0)
		return NS_FB;
	if (strcmp(href, NS_MEDIA) == 0)
		return NS_MRSS;
	if (strcasecmp(href, NS_ITUNES) == 0)
		return NS_ITUNES_DTD;
	if (strcmp(href, NS_XHTML) == 0)
		return NS_XHTML_BODY;
	return parse_ns_by_prefix(n->ns->prefix);
}

const char *
parse_attr(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0 &&
		    a->children != NULL && a->children->content != NULL)
			return (const char *)a->children->content;
	}
	return NULL;
}

static const char *
parse_xml_base(const xmlNode *n)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL && a->ns->href != NULL &&
		    strcmp((const char *)a->ns->href, NS_XML) == 0 &&
		    strcmp((const char *)a->name, "base") == 0 &&
		    a->children != NULL && a->children->content != NULL)
			return (const char *)a->children->content;
	}
	return NULL;
}

/* The base in effect inside n: its xml:base resolved against the outer
 * one.  Returns a malloc'd string, or NULL when n sets no base. */
static char *
parse_base(const xmlNode *n, const char *outer)
{
	const char	*b;
	char		*r;

	if ((b = parse_xml_base(n)) == NULL)
		return NULL;
	if ((r = url_resolve(outer, b)) == NULL)
		r = xstrdup(outer != NULL ? outer : b);
	return r;
}

/* A URL as published, resolved against the base in effect at n. */
char *
parse_url(const xmlNode *n, const char *base, const char *ref)
{
	char	*own, *r;

	while (ref != NULL && isspace((unsigned char)*ref))
		ref++;
	if (ref == NULL || *ref == '\0')
		return NULL;
	own = parse_base(n, base);
	r = url_resolve(own != NULL ? own : base, ref);
	free(own);
	if (r == NULL)
		r = xstrdup(ref);
	/* url_resolve copies; trailing blanks of ref do not reach it */
	return r;
}

/* An entity reference the parser kept: an internal entity gives its
 * declared text, not expanded further; an external one gives nothing. */
static void
parse_entity_text(struct buf *b, const xmlNode *n)
{
	const xmlEntity	*ent = (const xmlEntity *)n->children;

	if (ent == NULL || ent->type != XML_ENTITY_DECL ||
	    ent->etype != XML_INTERNAL_GENERAL_ENTITY || ent->content == NULL)
		return;
	buf_puts(b, (const char *)ent->content);
}

/* All text below n, in document order. */
static void
parse_text_into(struct buf *b, const xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content != NULL)
				buf_puts(b, (const char *)n->content);
			break;
		case XML_ENTITY_REF_NODE:
			parse_entity_text(b, n);
			break;
		case XML_ELEMENT_NODE:
			parse_text_into(b, n);
			break;
		default:
			break;
		}
	}
}

/* Text with the blanks around it trimmed; NULL when nothing is left. */
static char *
parse_trimmed(struct buf *b)
{
	const char	*s, *e;

	if (b->len == 0)
		return NULL;
	s = buf_str(b);
	e = s + b->len;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (s == e)
		return NULL;
	return xstrndup(s, (size_t)(e - s));
}

char *
parse_text(struct parse_ctx *ctx, const xmlNode *n)
{
	buf_reset(&ctx->text);
	parse_text_into(&ctx->text, n);
	return parse_trimmed(&ctx->text);
}

static void
parse_escape(struct buf *b, const char *s, bool attr)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, attr ? "&quot;" : "\"");
			break;
		default:
			buf_putc(b, *p);
			break;
		}
	}
}

static bool
parse_void_element(const char *name)
{
	static const char *const voids[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input",
		"link", "meta", "param", "source", "track", "wbr",
	};
	size_t	 i;

	for (i = 0; i < sizeof(voids) / sizeof(voids[0]); i++)
		if (strcasecmp(name, voids[i]) == 0)
			return true;
	return false;
}

static void	parse_html_children(struct parse_ctx *, struct buf *,
		    const xmlNode *);

/* Inline XHTML as HTML: local names, no namespace declarations. */
static void
parse_html_element(struct parse_ctx *ctx, struct buf *b, const xmlNode *n)
{
	const xmlAttr	*a;
	const char	*name = (const char *)n->name;

	buf_printf(b, "<%s", name);
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL)
			continue;
		buf_printf(b, " %s=\"", (const char *)a->name);
		buf_reset(&ctx->tmp);
		parse_text_into(&ctx->tmp, (const xmlNode *)a);
		parse_escape(b, buf_str(&ctx->tmp), true);
		buf_putc(b, '"');
	}
	buf_putc(b, '>');
	if (parse_void_element(name))
		return;
	parse_html_children(ctx, b, n);
	buf_printf(b, "</%s>", name);
}

static void
parse_html_children(struct parse_ctx *ctx, struct buf *b, const xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content != NULL)
				parse_escape(b, (const char *)n->content,
				    false);
			break;
		case XML_ENTITY_REF_NODE:
			buf_reset(&ctx->tmp);
			parse_entity_text(&ctx->tmp, n);
			parse_escape(b, buf_str(&ctx->tmp), false);
			break;
		case XML_ELEMENT_NODE:
			parse_html_element(ctx, b, n);
			break;
		default:
			break;
		}
	}
}

bool
parse_has_elements(const xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

/* Markup inside n as HTML; an XHTML div wrapper (Atom 1.0 section
 * 3.1.1.3) is not part of the content. */
char *
parse_inner_html(struct parse_ctx *ctx, const xmlNode *n)
{
	struct buf	 b;
	const xmlNode	*c, *div = NULL;
	char		*html;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (div != NULL || strcmp((const char *)c->name,
			    "div") != 0 || c->ns == NULL ||
			    strcmp((const char *)c->ns->href, NS_XHTML) != 0) {
				div = NULL;
				break;
			}
			div = c;
		}
	}
	buf_init(&b, 0);
	parse_html_children(ctx, &b, div != NULL ? div : n);
	html = parse_trimmed(&b);
	buf_free(&b);
	return html;
}

char *
parse_escaped(const char *text)
{
	struct buf	 b;

	if (text == NULL)
		return NULL;
	buf_init(&b, 0);
	parse_escape(&b, text, false);
	return buf_take(&b);
}

/* Does text already read as HTML: a tag or an entity reference? */
bool
parse_looks_html(const char *s)
{
	const char	*p, *q;

	for (p = s; (p = strpbrk(p, "<&")) != NULL; p++) {
		if (*p == '<' && (isalpha((unsigned char)p[1]) ||
		    (p[1] == '/' && isalpha((unsigned char)p[2])) ||
		    p[1] == '!') && strchr(p, '>') != NULL)
			return true;
		if (*p == '&') {
			/* q stays on the string: p++ must not pass its NUL */
			for (q = p + 1; isalnum((unsigned char)*q) ||
			    *q == '#'; q++)
				;
			if (q > p + 1 && *q == ';')
				return true;
		}
	}
	return false;
}

static char **
parse_field(struct item *it, enum field f)
{
	switch (f) {
	case F_ID:	return &it->id;
	case F_TITLE:	return &it->title;
	case F_LINK:	return &it->link;
	case F_AUTHOR:	return &it->author;
	case F_SUMMARY:	return &it->summary;
	case F_CONTENT:	return &it->content;
	default:	break;
	}
	return NULL;
}

/* Stores value (owned) in field f unless a better-ranked value is there. */
void
parse_set(struct parse_scope *sc, enum field f, int rank, char *value)
{
	if (value == NULL)
		return;
	if (rank <= sc->rank[f]) {
		free(value);
		return;
	}
	sc->rank[f] = rank;
	item_take(parse_field(sc->it, f), value);
}

static void
parse_set_date(struct parse_ctx *ctx, struct parse_scope *sc, enum field f,
    int rank, const xmlNode *n)
{
	char	*s;
	time_t	 t;

	if (rank <= sc->rank[f] || (s = parse_text(ctx, n)) == NULL)
		return;
	t = date_parse(s);
	free(s);
	if (t == DATE_NONE)
		return;
	sc->rank[f] = rank;
	if (f == F_PUBLISHED)
		sc->it->published = t;
	else
		sc->it->updated = t;
}

/*
 * HTML with its own xml:base (Atom content often has one): clean
 * resolves the item's HTML against item->base, so that base becomes
 * the item's.  Content's base wins over the summary's.
 */
void
parse_html_base(struct parse_scope *sc, const xmlNode *n, bool content)
{
	char	*b;

	if ((b = parse_base(n, sc->base)) == NULL)
		return;
	if (sc->html_base != NULL && !content) {
		free(b);
		return;
	}
	free(sc->html_base);
	sc->html_base = b;
}

long long
parse_whole(const char *s)
{
	char		*end;
	long long	 v;

	if (s == NULL)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtoll(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' ? v : -1;
}

/* An enclosure length; one too large to hold is no length at all. */
static long long
parse_length(const char *s)
{
	long long	 v = parse_whole(s);

	return v != LLONG_MAX ? v : -1;
}

void
parse_enclosure(struct parse_scope *sc, const xmlNode *n, const char *href,
    const char *type, const char *length)
{
	char	*url;
	size_t	 i;

	if (sc->feed || (url = parse_url(n, sc->base, href)) == NULL)
		return;
	for (i = 0; i < sc->it->nenclosures; i++)
		if (strcmp(sc->it->enclosures[i].url, url) == 0)
			break;
	if (i == sc->it->nenclosures)
		item_add_enclosure(sc->it, url,
		    type != NULL && *type != '\0' ? type : NULL,
		    parse_length(length));
	free(url);
}

static void
parse_h_published(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set_date(ctx, sc, F_PUBLISHED, 2, n);
}

static void
parse_h_updated(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set_date(ctx, sc, F_UPDATED, 2, n);
}

static void
parse_h_dc_date(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set_date(ctx, sc, F_UPDATED, 1, n);
}

/* RSS 1.0 items name themselves with rdf:about. */
static const char *
parse_rdf_about(const xmlNode *n)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->ns != NULL && strcmp((const char *)a->ns->href,
		    NS_RDF) == 0 && strcmp((const char *)a->name, "about") == 0 &&
		    a->children != NULL && a->children->content != NULL)
			return (const char *)a->children->content;
	return NULL;
}

static void
parse_h_item(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	struct parse_scope	 is;
	const char		*about;
	char			*base;

	if (!sc->feed)
		return;
	memset(&is, 0, sizeof(is));
	base = parse_base(n, sc->base);
	is.base = base != NULL ? base : sc->base;
	is.it = feed_doc_add_item(ctx->doc);
	if ((about = parse_rdf_about(n)) != NULL && *about != '\0')
		parse_set(&is, F_ID, 1, xstrdup(about));
	parse_children(ctx, &is, n);
	parse_aside(&is);
	if (is.it->id == NULL && is.link_id != NULL) {
		is.it->id = is.link_id;
		is.it->id_derived = true;	/* not a guid (ident.c) */
		is.link_id = NULL;
	}
	free(is.link_id);
	parse_set(&is, F_LINK, 1, is.id_link);
	if (is.html_base != NULL)
		item_take(&is.it->base, is.html_base);
	else if (is.base != NULL && (ctx->doc->url == NULL ||
	    strcmp(is.base, ctx->doc->url) != 0))
		item_set(&is.it->base, is.base);
	free(base);
}

/* RSS <channel>: its children belong to the feed; its base nests. */
static void
parse_h_channel(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*outer = sc->base;
	char		*base;

	if (!sc->feed)
		return;
	base = parse_base(n, outer);
	if (base != NULL)
		sc->base = base;
	parse_children(ctx, sc, n);
	sc->base = outer;
	free(base);
}

/* Sorted by namespace class, then name (strcmp), for bsearch. */
static const struct parse_elem parse_elems[] = {
	{ NS_NONE, "author",		parse_h_author },
	{ NS_NONE, "body",		parse_h_body },
	{ NS_NONE, "category",		parse_h_category },
	{ NS_NONE, "channel",		parse_h_channel },
	{ NS_NONE, "description",	parse_h_description },
	{ NS_NONE, "enclosure",		parse_h_enclosure },
	{ NS_NONE, "fullitem",		parse_h_body },
	{ NS_NONE, "guid",		parse_h_guid },
	{ NS_NONE, "item",		parse_h_item },
	{ NS_NONE, "lastBuildDate",	parse_h_updated },
	{ NS_NONE, "link",		parse_h_link },
	{ NS_NONE, "pubDate",		parse_h_published },
	{ NS_NONE, "summary",		parse_h_rss_summary },
	{ NS_NONE, "tags",		parse_h_keywords },
	{ NS_NONE, "title",		parse_h_title },
	{ NS_ATOM, "author",		parse_h_atom_author },
	{ NS_ATOM, "category",		parse_h_atom_category },
	{ NS_ATOM, "content",		parse_h_atom_content },
	{ NS_ATOM, "entry",		parse_h_item },
	{ NS_ATOM, "id",		parse_h_atom_id },
	{ NS_ATOM, "issued",		parse_h_published },
	{ NS_ATOM, "item",		parse_h_item },
	{ NS_ATOM, "link",		parse_h_atom_link },
	{ NS_ATOM, "modified",		parse_h_updated },
	{ NS_ATOM, "published",		parse_h_published },
	{ NS_ATOM, "subtitle",		parse_h_atom_summary },
	{ NS_ATOM, "summary",		parse_h_atom_summary },
	{ NS_ATOM, "tagline",		parse_h_atom_summary },
	{ NS_ATOM, "title",		parse_h_atom_title },
	{ NS_ATOM, "updated",		parse_h_updated },
	{ NS_DCE, "author",		parse_h_dc_creator },
	{ NS_DCE, "creator",		parse_h_dc_creator },
	{ NS_DCE, "date",		parse_h_dc_date },
	{ NS_DCE, "description",	parse_h_description },
	{ NS_DCE, "subject",		parse_h_category },
	{ NS_DCE, "title",		parse_h_title },
	{ NS_DCT, "issued",		parse_h_published },
	{ NS_DCT, "modified",		parse_h_updated },
	{ NS_CONT, "encoded",		parse_h_content_encoded },
	{ NS_FB, "origLink",		parse_h_origlink },
	{ NS_MRSS, "category",		parse_h_category },
	{ NS_MRSS, "content",		parse_h_media_content },
	{ NS_MRSS, "description",	parse_h_media_description },
	{ NS_MRSS, "group",		parse_h_media_group },
	{ NS_MRSS, "keywords",		parse_h_keywords },
	{ NS_MRSS, "title",		parse_h_media_title },
	{ NS_ITUNES_DTD, "author",	parse_h_itunes_author },
	{ NS_ITUNES_DTD, "category",	parse_h_itunes_category },
	{ NS_ITUNES_DTD, "keywords",	parse_h_keywords },
	{ NS_ITUNES_DTD, "subtitle",	parse_h_itunes_subtitle },
	{ NS_ITUNES_DTD, "summary",	parse_h_itunes_summary },
	{ NS_XHTML_BODY, "body",	parse_h_body },
};

static int
parse_elem_cmp(const void *a, const void *b)
{
	const struct parse_elem	*x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

#define PARSE_NELEMS	(sizeof(parse_elems) / sizeof(parse_elems[0]))

/*
 * <itunes:subtitle> or <dc:creator> whose prefix the document never
 * declared: libxml2 recovers the element as one named "dc:creator" in
 * no namespace.  A well-known prefix still says what it is.
 */
static const struct parse_elem *
parse_elem_undeclared(const char *name)
{
	const char		*colon = strchr(name, ':');
	struct parse_elem	 key;
	char			 prefix[16];	/* the known ones are short */
	size_t			 n;

	if (colon == NULL || (n = (size_t)(colon - name)) == 0 ||
	    n >= sizeof(prefix))
		return NULL;
	memcpy(prefix, name, n);
	prefix[n] = '\0';
	if ((key.ns = parse_ns_by_prefix((const xmlChar *)prefix)) == NS_OTHER)
		return NULL;
	key.name = colon + 1;
	return bsearch(&key, parse_elems, PARSE_NELEMS, sizeof(parse_elems[0]),
	    parse_elem_cmp);
}

/*
 * The handler of an element.  RSS without a namespace is matched with
 * case ignored when nothing matches as written: hand-made feeds and
 * old generators write <Title> or <PubDate>, which iTunes and the
 * reference read (an Atom or module name is matched exactly).
 */
static const struct parse_elem *
parse_elem_find(enum ns ns, const char *name)
{
	const struct parse_elem	 key = { .ns = ns, .name = name };
	const struct parse_elem	*e;
	size_t			 i;

	e = bsearch(&key, parse_elems, PARSE_NELEMS, sizeof(parse_elems[0]),
	    parse_elem_cmp);
	if (e != NULL || ns != NS_NONE)
		return e;
	for (i = 0; i < PARSE_NELEMS && parse_elems[i].ns == NS_NONE; i++)
		if (strcasecmp(parse_elems[i].name, name) == 0)
			return &parse_elems[i];
	return parse_elem_undeclared(name);
}

static void
parse_children(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const struct parse_elem	*e;

	for (n = n->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		e = parse_elem_find(parse_ns(ctx, n), (const char *)n->name);
		if (e != NULL)
			e->fn(ctx, sc, n);
	}
}

static bool
parse_ns_is(const xmlNode *n, const char *href)
{
	if (n->ns == NULL || n->ns->href == NULL)
		return href == NULL;
	return href != NULL && strcmp((const char *)n->ns->href, href) == 0;
}

/* RDF root: RSS 1.0, or Netscape's RSS 0.90, told by the channel's
 * namespace; -1 for an RDF document that is not a feed. */
static int
parse_rdf_format(const xmlNode *root)
{
	const xmlNode	*c;
	xmlNs		*ns;

	for (c = root->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (parse_ns_is(c, NS_RSS10))
			return FORMAT_RSS10;
		if (parse_ns_is(c, NS_RSS090))
			return FORMAT_RSS09X;
	}
	/* no children to tell: the default namespace still does */
	if ((ns = xmlSearchNs(root->doc, (xmlNode *)(uintptr_t)root, NULL))
	    != NULL && ns->href != NULL) {
		if (strcmp((const char *)ns->href, NS_RSS10) == 0)
			return FORMAT_RSS10;
		if (strcmp((const char *)ns->href, NS_RSS090) == 0)
			return FORMAT_RSS09X;
	}
	return -1;
}

/* The format named by the root element, or -1 with err set. */
int
parse_xml_format(const xmlNode *root, char *err, size_t errlen)
{
	const char	*name = (const char *)root->name;
	const char	*v;

	/* <RSS> too, as its children are matched (parse_elem_find) */
	if (strcmp(name, "rss") == 0 ||
	    (strcasecmp(name, "rss") == 0 && root->ns == NULL)) {
		v = parse_attr(root, "version");
		return v != NULL && strncmp(v, "0.9", 3) == 0 ?
		    FORMAT_RSS09X : FORMAT_RSS20;
	}
	if (strcmp(name, "RDF") == 0 && parse_ns_is(root, NS_RDF) &&
	    parse_rdf_format(root) != -1)
		return parse_rdf_format(root);
	if (strcmp(name, "feed") == 0 || strcmp(name, "entry") == 0) {
		if (parse_ns_is(root, NS_ATOM10))
			return FORMAT_ATOM10;
		if (parse_ns_is(root, NS_ATOM03))
			return FORMAT_ATOM03;
		/* no namespace or an unknown one: Atom all the same, as
		 * readers assume */
		v = parse_attr(root, "version");
		return v != NULL && strcmp(v, "0.3") == 0 ?
		    FORMAT_ATOM03 : FORMAT_ATOM10;
	}
	if (strcasecmp(name, "html") == 0)
		snprintf(err, errlen, "not a feed: html page");
	else
		snprintf(err, errlen, "not a feed: root element <%s>", name);
	return -1;
}

/*
 * An XHTML page that carries a whole feed inside it (a blog engine's
 * template around its Atom): the first <rss>, or <feed> in an Atom
 * namespace, below the root, searched depth first to a bounded depth.
 */
xmlNode *
parse_xml_embedded(xmlNode *n, int depth)
{
	xmlNode	*c, *f;

	if (depth > PARSE_EMBED_DEPTH)
		return NULL;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "rss") == 0 ||
		    (strcmp((const char *)c->name, "feed") == 0 &&
		    (parse_ns_is(c, NS_ATOM10) || parse_ns_is(c, NS_ATOM03))))
			return c;
		if ((f = parse_xml_embedded(c, depth + 1)) != NULL)
			return f;
	}
	return NULL;
}

/* The channel's fields go to the document, the rest is dropped. */
static void
parse_document(struct parse_ctx *ctx, xmlNode *root)
{
	struct parse_scope	 fs;
	struct item		 chan;
	struct feed_doc		*doc = ctx->doc;
	char			*base;

	memset(&fs, 0, sizeof(fs));
	memset(&chan, 0, sizeof(chan));
	fs.it = &chan;
	fs.feed = true;
	base = parse_base(root, doc->url);
	fs.base = base != NULL ? base : doc->url;
	if (strcmp((const char *)root->name, "entry") == 0)
		parse_h_item(ctx, &fs, root);
	else
		parse_children(ctx, &fs, root);
	item_take(&doc->title, chan.title);
	parse_set(&fs, F_LINK, 1, fs.id_link);
	item_take(&doc->link, chan.link);
	item_take(&doc->description, chan.summary);
	doc->updated = chan.updated;
	chan.title = chan.link = chan.summary = NULL;
	item_free(&chan);
	free(fs.html_base);
	free(base);
}

void
parse_xml_document(struct feed_doc *doc, xmlNode *root, int format)
{
	struct parse_ctx	 ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.doc = doc;
	ctx.atom03 = format == FORMAT_ATOM03;
	ctx.home_ns = root->ns != NULL ? (const char *)root->ns->href : NULL;
	ctx.home_class = format == FORMAT_ATOM10 || format == FORMAT_ATOM03 ?
	    NS_ATOM : NS_NONE;
	if (format == FORMAT_RSS10 || format == FORMAT_RSS09X)
		ctx.home_ns = NULL;	/* RDF: the channel's own namespace */
	buf_init(&ctx.tmp, 0);
	buf_init(&ctx.text, 0);
	doc->format = (enum feed_format)format;
	parse_document(&ctx, root);
	hint_read(doc, root);
	buf_free(&ctx.tmp);
	buf_free(&ctx.text);
}
