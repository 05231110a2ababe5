/*
 * parse_atom.c — Atom 0.3 and 1.0 elements (parse_xml.h): text
 * constructs of type text, html and xhtml (and 0.3's MIME types, modes
 * and base64), links by rel, ids, person constructs, categories.
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
 * decoded bytes are HTML only when the type says so; Atom 0.3's default
 * type is text/plain, and bytes of another media type are shown as text,
 * never run as markup.  parse.c's last pass makes them valid UTF-8. */
static char *
parse_base64_text(struct parse_ctx *ctx, const xmlNode *n, const char *type)
{
	char	*t, *d, *e;

	if ((t = parse_text(ctx, n)) == NULL)
		return NULL;
	d = parse_base64(t);
	free(t);
	if (d == NULL || (type != NULL && (strcasecmp(type, "html") == 0 ||
	    strcasecmp(type, "text/html") == 0 ||
	    strcasecmp(type, "xhtml") == 0 ||
	    strcasecmp(type, "application/xhtml+xml") == 0)))
		return d;
	e = parse_escaped(d);
	free(d);
	return e;
}

/*
 * Type html holding an XHTML <div> of text alone (TypePad wrapped its
 * escaped HTML so): the div is a wrapper, its text the escaped HTML.
 */
static const xmlNode *
parse_escaped_div(const xmlNode *n, const char *type)
{
	const xmlNode	*c, *div = NULL;

	if (type == NULL || strcasecmp(type, "html") != 0)
		return NULL;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (div != NULL || c->ns == NULL || c->ns->href == NULL ||
			    strcmp((const char *)c->ns->href, NS_XHTML) != 0 ||
			    strcmp((const char *)c->name, "div") != 0)
				return NULL;
			div = c;
		} else if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL &&
		    c->content[strspn((const char *)c->content, " \t\r\n")] !=
		    '\0')
			return NULL;
	}
	if (div == NULL || parse_has_elements(div))
		return NULL;
	return div;
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
	const xmlNode	*div;
	char		*t, *e;

	if ((mode != NULL && strcasecmp(mode, "base64") == 0) ||
	    parse_is_binary_type(type))
		return parse_base64_text(ctx, n, type);
	if ((div = parse_escaped_div(n, type)) != NULL)
		return parse_text(ctx, div);
	if (parse_has_elements(n))
		return parse_inner_html(ctx, n);
	if (type != NULL && (strcasecmp(type, "html") == 0 ||
	    strcasecmp(type, "text/html") == 0 ||
	    (ctx->atom03 && mode != NULL && strcasecmp(mode, "escaped") == 0 &&
	    strcasecmp(type, "text/plain") != 0)))
		return parse_text(ctx, n);
	/* a media type other than text is none we can show; a type that
	 * is no media type ("", "plain") is read as the default, text */
	if (type != NULL && strchr(type, '/') != NULL &&
	    strncasecmp(type, "text/", 5) != 0 &&
	    strcasecmp(type, "application/xhtml+xml") != 0)
		return NULL;
	if ((t = parse_text(ctx, n)) == NULL)
		return NULL;
	e = parse_escaped(t);
	free(t);
	return e;
}

void
parse_h_atom_title(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	parse_set(sc, F_TITLE, 2, parse_atom_text(ctx, n));
}

/* Atom link: rel alternate (the default) is the link, rel enclosure an
 * enclosure (RFC 4287 section 4.2.7.2); HTML alternates win.  A link
 * written RSS-style, its URL as text and no href, is read all the same. */
void
parse_h_atom_link(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	const char	*rel = parse_attr(n, "rel");
	const char	*type = parse_attr(n, "type");
	const char	*href = parse_attr(n, "href");
	char		*text = NULL;
	int		 rank;

	if (href == NULL && (href = text = parse_text(ctx, n)) == NULL)
		return;
	if (rel != NULL && strcasecmp(rel, "enclosure") == 0)
		parse_enclosure(sc, n, href, type, parse_attr(n, "length"));
	else if (rel == NULL || strcasecmp(rel, "alternate") == 0) {
		rank = type == NULL || strcasecmp(type, "text/html") == 0 ||
		    strcasecmp(type, "application/xhtml+xml") == 0 ? 2 : 1;
		parse_set(sc, F_LINK, rank, parse_url(n, sc->base, href));
	}
	free(text);
}

void
parse_h_atom_id(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	char	*t;

	if ((t = parse_text(ctx, n)) == NULL)
		return;
	/* an http(s) id is where the entry lives when no link says */
	if ((strncasecmp(t, "http://", 7) == 0 ||
	    strncasecmp(t, "https://", 8) == 0) && sc->id_link == NULL)
		sc->id_link = parse_url(n, sc->base, t);
	parse_set(sc, F_ID, 2, t);
}

/* Atom person construct: the name, else the address. */
void
parse_h_atom_author(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
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

void
parse_h_atom_summary(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (!sc->feed)
		parse_html_base(sc, n, false);
	parse_set(sc, F_SUMMARY, 2, parse_atom_text(ctx, n));
}

void
parse_h_atom_content(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
{
	if (parse_attr(n, "src") != NULL)
		return;
	parse_html_base(sc, n, true);
	parse_set(sc, F_CONTENT, 2, parse_atom_text(ctx, n));
}

void
parse_h_atom_category(struct parse_ctx *ctx, struct parse_scope *sc, xmlNode *n)
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
