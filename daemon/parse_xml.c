/*
 * parse_xml.c — the RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 tree libxml2 built,
 * to a feed_doc (parse_int.h).
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
#include "url.h"
#include "xmalloc.h"

#define NS_ATOM10	"http://www.w3.org/2005/Atom"
#define NS_ATOM03	"http://purl.org/atom/ns#"
#define NS_RSS10	"http://purl.org/rss/1.0/"
#define NS_RSS090	"http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF		"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC		"http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS	"http://purl.org/dc/terms/"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"
#define NS_FEEDBURNER	"http://rssnamespace.org/feedburner/ext/1.0"
#define NS_MEDIA	"http://search.yahoo.com/mrss/"
#define NS_ITUNES	"http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_XHTML	"http://www.w3.org/1999/xhtml"
#define NS_XML		"http://www.w3.org/XML/1998/namespace"

/* Namespace classes, in the order the element table is sorted by. */
enum ns {
	NS_NONE,		/* no namespace, or RSS 0.90/1.0's own */
	NS_ATOM,
	NS_DCE,
	NS_DCT,
	NS_CONT,
	NS_FB,
	NS_MRSS,
	NS_ITUNES_DTD,
	NS_XHTML_BODY,		/* XHTML: its <body> in an RSS item */
	NS_OTHER,
};

/* The fields a channel or an item fills, each with a rank. */
enum field {
	F_ID, F_TITLE, F_LINK, F_AUTHOR, F_SUMMARY, F_CONTENT,
	F_PUBLISHED, F_UPDATED, F_COUNT
};

struct parse_ctx {
	struct feed_doc	*doc;
	bool		 atom03;
	/* The root's own namespace, whatever it is, means the format's
	 * elements: RSS in Userland's namespace, Atom in none. */
	const char	*home_ns;
	enum ns		 home_class;
	struct buf	 tmp;		/* scratch, reset before each use */
	struct buf	 text;		/* scratch for node text */
};

/* One element being filled: the channel (into a scratch item) or an item. */
struct parse_scope {
	struct item	*it;
	int		 rank[F_COUNT];
	const char	*base;		/* absolute base in effect, or NULL */
	char		*html_base;	/* a content/summary's own xml:base */
	bool		 feed;		/* channel level: items are children */
};

typedef void parse_handler(struct parse_ctx *, struct parse_scope *,
    xmlNode *);

struct parse_elem {
	enum ns		 ns;
	const char	*name;
	parse_handler	*fn;
};

static void	parse_children(struct parse_ctx *, struct parse_scope *,
		    xmlNode *);

static enum ns
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
	return NS_OTHER;
}

static const char *
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
static char *
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

static char *
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

static bool
parse_has_elements(const xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

/* Markup inside n as HTML; an XHTML div wrapper (Atom 1.0 section
 * 3.1.1.3) is not part of the content. */
static char *
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
static bool
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

/* A media type that is neither text nor XML: Atom 1.0 says the content
 * is then base64 (RFC 4287 section 4.1.3.3, rule 5). */
static bool
parse_is_binary_type(const char *type)
{
	size_t	 n;

	if (type == NULL || strchr(type, '/') == NULL ||
	    strncasecmp(type, "text/", 5) == 0)
		return false;
	n = strlen(type);
	return !(n >= 4 && (strcasecmp(type + n - 4, "+xml") == 0 ||
	    strcasecmp(type + n - 4, "/xml") == 0));
}

static int
parse_b64_value(int c)
{
	const char	*alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char	*p;

	if (c == '\0' || (p = strchr(alpha, c)) == NULL)
		return -1;
	return (int)(p - alpha);
}

/* Base64 text decoded, blanks skipped; NULL when it is not base64. */
static char *
parse_base64(const char *s)
{
	struct buf	 b;
	unsigned int	 acc = 0;
	int		 bits = 0, v;

	buf_init(&b, 0);
	for (; *s != '\0' && *s != '='; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if ((v = parse_b64_value((unsigned char)*s)) == -1) {
			buf_free(&b);
			return NULL;
		}
		acc = (acc << 6 | (unsigned int)v) & 0xffffff;
		if ((bits += 6) >= 8) {
			bits -= 8;
			if ((acc >> bits & 0xff) != 0)	/* a NUL ends nothing */
				buf_putc(&b, (int)(acc >> bits & 0xff));
		}
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* Base64 content (Atom 0.3 mode="base64", Atom 1.0 binary types): the
 * decoded bytes are text when the type says text/plain, else HTML
 * (the sanitizer sees them either way).  parse.c's last pass makes
 * them valid UTF-8. */
static char *
parse_base64_text(struct parse_ctx *ctx, const xmlNode *n, const char *type)
{
	char	*t, *d, *e;

	if ((t = parse_text(ctx, n)) == NULL)
		return NULL;
	d = parse_base64(t);
	free(t);
	if (d == NULL || type == NULL || strcasecmp(type, "text/plain") != 0 ||
	    strcasecmp(type, "text") == 0)
		return d;
	e = parse_escaped(d);
	free(d);
	return e;
}

/*
 * An Atom text construct (RFC 4287 section 3.1) as an HTML fragment:
 * type text is escaped, html is taken as is, xhtml is serialised.
 * Atom 0.3 writes MIME types and a mode; inline markup means xhtml in
 * both, whatever the type says.
 */
static char *
parse_atom_text(struct parse_ctx *ctx, const xmlNode *n)
{
	const char	*type = parse_attr(n, "type");
	const char	*mode = parse_attr(n, "mode");
	char		*t, *e;

	if ((mode != NULL && strcasecmp(mode, "base64") == 0) ||
	    parse_is_binary_type(type))
		return parse_base64_text(ctx, n, type);
	if (parse_has_elements(n))
		return parse_inner_html(ctx, n);
	if (type != NULL && (strcasecmp(type, "html") == 0 ||
	    strcasecmp(type, "text/html") == 0 ||
	    (ctx->atom03 && mode != NULL && strcasecmp(mode, "escaped") == 0 &&
	    strcasecmp(type, "text/plain") != 0)))
		return parse_text(ctx, n);
	if (type != NULL && strcasecmp(type, "text") != 0 &&
	    strcasecmp(type, "xhtml") != 0 &&
	    strncasecmp(type, "text/", 5) != 0 &&
	    strcasecmp(type, "application/xhtml+xml") != 0)
		return NULL;	/* a media type: not text we can show */
	if ((t = parse_text(ctx, n)) == NULL)
		return NULL;
	e = parse_escaped(t);
	free(t);
	return e;
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
static void
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
static void
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

static void
h_title(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set(sc, F_TITLE, n->ns == NULL || parse_ns(ctx, n) == NS_NONE ? 2 : 1,
	    parse_rss_title(ctx, n));
}

static void
h_atom_title(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set(sc, F_TITLE, 2, parse_atom_text(ctx, n));
}

static void
h_link(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t;

	if ((t = parse_text(ctx, n)) == NULL)
		return;
	parse_set(sc, F_LINK, 2, parse_url(n, sc->base, t));
	free(t);
}

static void
h_origlink(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t;

	if ((t = parse_text(ctx, n)) == NULL)
		return;
	parse_set(sc, F_LINK, 3, parse_url(n, sc->base, t));
	free(t);
}

static long long
parse_length(const char *s)
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
	return *end == '\0' && v >= 0 && v != LLONG_MAX ? v : -1;
}

static void
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

/* Atom link: rel alternate (the default) is the link, rel enclosure an
 * enclosure (RFC 4287 section 4.2.7.2); HTML alternates win. */
static void
h_atom_link(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*rel = parse_attr(n, "rel");
	const char	*type = parse_attr(n, "type");
	const char	*href = parse_attr(n, "href");
	int		 rank;

	(void)ctx;
	if (href == NULL)
		return;
	if (rel != NULL && strcasecmp(rel, "enclosure") == 0) {
		parse_enclosure(sc, n, href, type, parse_attr(n, "length"));
		return;
	}
	if (rel != NULL && strcasecmp(rel, "alternate") != 0)
		return;
	rank = type == NULL || strcasecmp(type, "text/html") == 0 ||
	    strcasecmp(type, "application/xhtml+xml") == 0 ? 2 : 1;
	parse_set(sc, F_LINK, rank, parse_url(n, sc->base, href));
}

static bool
parse_is_http(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0;
}

/* A guid is the id; a permalink guid is also the link when there is no
 * <link> (RSS 2.0 spec, "isPermaLink"). */
static void
h_guid(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
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

static void
h_atom_id(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set(sc, F_ID, 2, parse_text(ctx, n));
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

static void
h_author(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t, *copy;

	if ((t = parse_text(ctx, n)) == NULL)
		return;
	copy = xstrdup(t);
	parse_author_name(t);
	if (*t == '\0') {
		free(t);
		t = copy;
	} else
		free(copy);
	parse_set(sc, F_AUTHOR, 1, t);
}

static void
h_dc_creator(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set(sc, F_AUTHOR, 2, parse_text(ctx, n));
}

/* Atom person construct: the name, else the address. */
static void
h_atom_author(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	xmlNode	*c, *email = NULL;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "name") == 0) {
			parse_set(sc, F_AUTHOR, 2, parse_text(ctx, c));
			return;
		}
		if (strcmp((const char *)c->name, "email") == 0)
			email = c;
	}
	if (email != NULL)
		parse_set(sc, F_AUTHOR, 1, parse_text(ctx, email));
}

static void
h_description(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (!sc->feed)
		parse_html_base(sc, n, false);
	parse_set(sc, F_SUMMARY, parse_ns(ctx, n) == NS_NONE ? 2 : 1,
	    parse_rss_html(ctx, n));
}

static void
h_atom_summary(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (!sc->feed)
		parse_html_base(sc, n, false);
	parse_set(sc, F_SUMMARY, 2, parse_atom_text(ctx, n));
}

static void
h_content_encoded(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_html_base(sc, n, true);
	parse_set(sc, F_CONTENT, 2, parse_rss_html(ctx, n));
}

/* Older RSS full text: <fullitem> (escaped HTML) and XHTML <body>;
 * content:encoded wins over both. */
static void
h_body(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (sc->feed)
		return;
	parse_html_base(sc, n, true);
	parse_set(sc, F_CONTENT, 1, parse_has_elements(n) ?
	    parse_inner_html(ctx, n) : parse_text(ctx, n));
}

static void
h_atom_content(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (parse_attr(n, "src") != NULL)
		return;
	parse_html_base(sc, n, true);
	parse_set(sc, F_CONTENT, 2, parse_atom_text(ctx, n));
}

static void
h_published(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set_date(ctx, sc, F_PUBLISHED, 2, n);
}

static void
h_updated(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set_date(ctx, sc, F_UPDATED, 2, n);
}

static void
h_dc_date(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set_date(ctx, sc, F_UPDATED, 1, n);
}

static void
h_category(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t;

	if (sc->feed || (t = parse_text(ctx, n)) == NULL)
		return;
	item_add_category(sc->it, t);
	free(t);
}

static void
h_atom_category(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*term = parse_attr(n, "term");

	(void)ctx;
	if (term == NULL)
		term = parse_attr(n, "label");
	while (term != NULL && isspace((unsigned char)*term))
		term++;
	if (!sc->feed && term != NULL && *term != '\0')
		item_add_category(sc->it, term);
}

static void
h_enclosure(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*url = parse_attr(n, "url");

	(void)ctx;
	if (url != NULL)
		parse_enclosure(sc, n, url, parse_attr(n, "type"),
		    parse_attr(n, "length"));
}

static void
h_media_content(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*url = parse_attr(n, "url");

	(void)ctx;
	if (url != NULL)
		parse_enclosure(sc, n, url, parse_attr(n, "type"),
		    parse_attr(n, "fileSize"));
}

/* media:description: a summary when the item has none (YouTube). */
static void
h_media_description(struct parse_ctx *ctx, struct parse_scope *sc,
    xmlNode *n)
{
	const char	*type = parse_attr(n, "type");
	char		*t, *e;

	if (sc->feed || sc->rank[F_SUMMARY] >= 1 ||
	    (t = parse_text(ctx, n)) == NULL)
		return;
	if (type != NULL && strcasecmp(type, "html") == 0) {
		parse_set(sc, F_SUMMARY, 1, t);
		return;
	}
	e = parse_escaped(t);
	free(t);
	parse_set(sc, F_SUMMARY, 1, e);
}

static void
h_media_group(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || parse_ns(ctx, c) != NS_MRSS)
			continue;
		if (strcmp((const char *)c->name, "content") == 0)
			h_media_content(ctx, sc, c);
		else if (strcmp((const char *)c->name, "description") == 0)
			h_media_description(ctx, sc, c);
	}
}

/* A podcast's author and long description stand in for missing ones. */
static void
h_itunes_author(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (!sc->feed)
		parse_set(sc, F_AUTHOR, 1, parse_text(ctx, n));
}

static void
h_itunes_summary(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t, *e;

	if (sc->feed || sc->rank[F_CONTENT] >= 1 ||
	    (t = parse_text(ctx, n)) == NULL)
		return;
	e = parse_escaped(t);
	free(t);
	parse_set(sc, F_CONTENT, 1, e);
}

/* itunes:category names itself in an attribute and nests. */
static void
h_itunes_category(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
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
			h_itunes_category(ctx, sc, c);
}

/* itunes:keywords and media:keywords: comma-separated categories. */
static void
h_keywords(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
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
h_item(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
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
	if (is.html_base != NULL)
		item_take(&is.it->base, is.html_base);
	else if (is.base != NULL && (ctx->doc->url == NULL ||
	    strcmp(is.base, ctx->doc->url) != 0))
		item_set(&is.it->base, is.base);
	free(base);
}

/* RSS <channel>: its children belong to the feed; its base nests. */
static void
h_channel(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
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
	{ NS_NONE, "author",		h_author },
	{ NS_NONE, "body",		h_body },
	{ NS_NONE, "category",		h_category },
	{ NS_NONE, "channel",		h_channel },
	{ NS_NONE, "description",	h_description },
	{ NS_NONE, "enclosure",		h_enclosure },
	{ NS_NONE, "fullitem",		h_body },
	{ NS_NONE, "guid",		h_guid },
	{ NS_NONE, "item",		h_item },
	{ NS_NONE, "lastBuildDate",	h_updated },
	{ NS_NONE, "link",		h_link },
	{ NS_NONE, "pubDate",		h_published },
	{ NS_NONE, "title",		h_title },
	{ NS_ATOM, "author",		h_atom_author },
	{ NS_ATOM, "category",		h_atom_category },
	{ NS_ATOM, "content",		h_atom_content },
	{ NS_ATOM, "entry",		h_item },
	{ NS_ATOM, "id",		h_atom_id },
	{ NS_ATOM, "issued",		h_published },
	{ NS_ATOM, "link",		h_atom_link },
	{ NS_ATOM, "modified",		h_updated },
	{ NS_ATOM, "published",		h_published },
	{ NS_ATOM, "subtitle",		h_atom_summary },
	{ NS_ATOM, "summary",		h_atom_summary },
	{ NS_ATOM, "tagline",		h_atom_summary },
	{ NS_ATOM, "title",		h_atom_title },
	{ NS_ATOM, "updated",		h_updated },
	{ NS_DCE, "author",		h_dc_creator },
	{ NS_DCE, "creator",		h_dc_creator },
	{ NS_DCE, "date",		h_dc_date },
	{ NS_DCE, "description",	h_description },
	{ NS_DCE, "subject",		h_category },
	{ NS_DCE, "title",		h_title },
	{ NS_DCT, "issued",		h_published },
	{ NS_DCT, "modified",		h_updated },
	{ NS_CONT, "encoded",		h_content_encoded },
	{ NS_FB, "origLink",		h_origlink },
	{ NS_MRSS, "category",		h_category },
	{ NS_MRSS, "content",		h_media_content },
	{ NS_MRSS, "description",	h_media_description },
	{ NS_MRSS, "group",		h_media_group },
	{ NS_MRSS, "keywords",		h_keywords },
	{ NS_ITUNES_DTD, "author",	h_itunes_author },
	{ NS_ITUNES_DTD, "category",	h_itunes_category },
	{ NS_ITUNES_DTD, "keywords",	h_keywords },
	{ NS_ITUNES_DTD, "summary",	h_itunes_summary },
	{ NS_XHTML_BODY, "body",	h_body },
};

static int
parse_elem_cmp(const void *a, const void *b)
{
	const struct parse_elem	*x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
parse_children(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	struct parse_elem	 key;
	const struct parse_elem	*e;

	for (n = n->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		key.ns = parse_ns(ctx, n);
		key.name = (const char *)n->name;
		e = bsearch(&key, parse_elems, sizeof(parse_elems) /
		    sizeof(parse_elems[0]), sizeof(parse_elems[0]),
		    parse_elem_cmp);
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

	if (strcmp(name, "rss") == 0) {
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
		h_item(ctx, &fs, root);
	else
		parse_children(ctx, &fs, root);
	item_take(&doc->title, chan.title);
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
