/*
 * opml.c — subscription lists in and out (see opml.h).
 *
 * Export writes OPML 2.0 with the same xmlTextWriter helpers as the
 * feeds.  Import reads with libxml2 without network access or entity
 * expansion (an OPML file comes from elsewhere), walks every outline and
 * keeps those with an http(s) xmlUrl; the outlines around a feed are its
 * folders, which become tags, as do the names in its category attribute
 * ("/a/b,c" gives a, b and c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "log.h"
#include "opml.h"
#include "publish.h"
#include "xmalloc.h"

#define OPML_NAME_MAX	48	/* bytes of a section name made from a title */
#define OPML_DEPTH_MAX	32	/* folders deep */

static const struct feed_state *
opml_state(const struct feed_state *states, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; states && i < n; i++)
		if (strcmp(states[i].name, name) == 0)
			return &states[i];
	return NULL;
}

char *
opml_export(const struct conf *c, const struct feed_state *states,
    size_t nstates, size_t *len)
{
	struct publish_xml	*x;
	const struct feed_state	*st;
	const struct feed_conf	*fc;
	char			*cat, *p;
	size_t			 i;

	x = publish_xml_new();
	publish_xml_start(x, "opml");
	publish_xml_attr(x, "version", "2.0");
	publish_xml_start(x, "head");
	/* No dateCreated: the same feeds give the same bytes, and so the
	 * same ETag. */
	publish_xml_elem(x, "title", NULL, c->title);
	publish_xml_elem(x, "docs", NULL, "http://opml.org/spec2.opml");
	publish_xml_end(x);
	publish_xml_start(x, "body");
	for (i = 0; i < c->nfeeds; i++) {
		fc = &c->feeds[i];
		st = opml_state(states, nstates, fc->name);
		publish_xml_start(x, "outline");
		publish_xml_attr(x, "type", "rss");
		publish_xml_attr(x, "text", st && st->title ? st->title :
		    fc->name);
		if (st && st->title)
			publish_xml_attr(x, "title", st->title);
		publish_xml_attr(x, "xmlUrl", fc->url);
		if (st && st->link)
			publish_xml_attr(x, "htmlUrl", st->link);
		if (fc->tags && *fc->tags) {
			cat = xstrdup(fc->tags);
			for (p = cat; *p; p++)
				if (*p == ' ')
					*p = ',';
			publish_xml_attr(x, "category", cat);
			free(cat);
		}
		publish_xml_end(x);
	}
	publish_xml_end(x);
	publish_xml_end(x);
	return publish_xml_done(x, len);
}

/* Section or tag name from free text: runs of other characters become
 * one '-', lowercased; "" when nothing is left. */
static char *
opml_name(const char *text)
{
	char	*out, *o;
	int	 dash = 0;

	out = o = xmalloc(OPML_NAME_MAX + 1);
	for (; text && *text && o - out < OPML_NAME_MAX; text++) {
		if (isalnum((unsigned char)*text) || *text == '_' ||
		    *text == '.') {
			if (dash && o != out)
				*o++ = '-';
			dash = 0;
			*o++ = (char)tolower((unsigned char)*text);
		} else
			dash = 1;
	}
	*o = '\0';
	return out;
}

struct opml_import {
	FILE		*out;
	char		**names;	/* sections printed so far */
	size_t		 nnames;
	char		*folders[OPML_DEPTH_MAX];
	int		 depth;
};

static int
opml_taken(const struct opml_import *im, const char *name)
{
	size_t	 i;

	for (i = 0; i < im->nnames; i++)
		if (strcmp(im->names[i], name) == 0)
			return 1;
	return 0;
}

/* A section name from the outline's title, unique in this import. */
static char *
opml_section(struct opml_import *im, const char *title, const char *url)
{
	char	*base, *name;
	int	 n;

	base = opml_name(title);
	if (*base == '\0') {
		free(base);
		base = opml_name(url);
	}
	if (*base == '\0') {
		free(base);
		base = xstrdup("feed");
	}
	name = xstrdup(base);
	for (n = 2; opml_taken(im, name); n++) {
		free(name);
		name = xasprintf("%s-%d", base, n);
	}
	free(base);
	im->names = xreallocarray(im->names, im->nnames + 1,
	    sizeof(*im->names));
	im->names[im->nnames++] = xstrdup(name);
	return name;
}

/* Appends tag to b unless it is empty or there already. */
static void
opml_add_tag(struct buf *b, const char *text)
{
	char	*t, *p;
	size_t	 n;

	t = opml_name(text);
	n = strlen(t);
	for (p = b->len ? b->data : NULL; p && n > 0;
	    p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL)
		if (strncmp(p, t, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			n = 0;
	if (n > 0) {
		if (b->len)
			buf_putc(b, ' ');
		buf_puts(b, t);
	}
	free(t);
}

static void
opml_feed(struct opml_import *im, xmlNodePtr n, const char *url)
{
	xmlChar		*title, *cat;
	struct buf	 tags;
	char		*name, *c, *tok, *save;
	int		 i;

	if ((title = xmlGetProp(n, (const xmlChar *)"title")) == NULL)
		title = xmlGetProp(n, (const xmlChar *)"text");
	name = opml_section(im, (const char *)title, url);
	buf_init(&tags, 0);
	for (i = 0; i < im->depth; i++)
		opml_add_tag(&tags, im->folders[i]);
	if ((cat = xmlGetProp(n, (const xmlChar *)"category")) != NULL) {
		c = xstrdup((const char *)cat);
		for (tok = strtok_r(c, ",/", &save); tok;
		    tok = strtok_r(NULL, ",/", &save))
			opml_add_tag(&tags, tok);
		free(c);
		xmlFree(cat);
	}
	fprintf(im->out, "\n[%s]\n", name);
	if (title)
		fprintf(im->out, "# %s\n", (const char *)title);
	fprintf(im->out, "url = %s\n", url);
	if (tags.len)
		fprintf(im->out, "tags = %s\n", buf_str(&tags));
	buf_free(&tags);
	free(name);
	xmlFree(title);
}

static int
opml_walk(struct opml_import *im, xmlNodePtr parent)
{
	xmlNodePtr	 n;
	xmlChar		*url, *text;
	int		 count = 0;

	for (n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(n->name, (const xmlChar *)"outline"))
			continue;
		url = xmlGetProp(n, (const xmlChar *)"xmlUrl");
		if (url && (strncmp((const char *)url, "http://", 7) == 0 ||
		    strncmp((const char *)url, "https://", 8) == 0)) {
			opml_feed(im, n, (const char *)url);
			count++;
		} else if (url)
			fprintf(im->out, "\n# skipped, not http(s): %s\n",
			    (const char *)url);
		else if (n->children && im->depth < OPML_DEPTH_MAX) {
			if ((text = xmlGetProp(n, (const xmlChar *)"text")) ==
			    NULL)
				text = xmlGetProp(n, (const xmlChar *)"title");
			im->folders[im->depth++] = xstrdup(text ?
			    (const char *)text : "");
			xmlFree(text);
			count += opml_walk(im, n);
			free(im->folders[--im->depth]);
		}
		xmlFree(url);
	}
	return count;
}

int
opml_import(const char *path, FILE *out, char *err, size_t errlen)
{
	struct opml_import	 im;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, body;
	const xmlError		*e;
	size_t			 i;
	int			 count;

	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (doc == NULL) {
		e = xmlGetLastError();
		snprintf(err, errlen, "%s: not XML: %s", path,
		    e && e->message ? e->message : "cannot read");
		err[strcspn(err, "\n")] = '\0';
		return -1;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !xmlStrEqual(root->name, (const xmlChar *)"opml")) {
		snprintf(err, errlen, "%s: not OPML (no <opml> root)", path);
		xmlFreeDoc(doc);
		return -1;
	}
	for (body = root->children; body; body = body->next)
		if (body->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(body->name, (const xmlChar *)"body"))
			break;
	memset(&im, 0, sizeof(im));
	im.out = out;
	fprintf(out, "# feeds imported from %s\n", path);
	count = body ? opml_walk(&im, body) : 0;
	for (i = 0; i < im.nnames; i++)
		free(im.names[i]);
	free(im.names);
	xmlFreeDoc(doc);
	return count;
}
