/*
 * clean_embed.c — what a reader keeps of a formula or a drawing (see
 * clean_embed.h).
 *
 * libxml2's HTML parser knows neither MathML nor SVG: their elements
 * come as unknown ones, names lowercased (textPath is "textpath"), and
 * the content of a <script> or <style> inside them as CDATA, which is
 * never read here.
 */
#include <stdbool.h>
#include <string.h>

#include "clean_embed.h"

/* A walk over a formula or a drawing. */
struct embed_walk {
	const struct clean_runs *runs;
	clean_run_fn	*fn;
	void		*arg;
	bool		 seen;		/* a non-blank byte was given */
	bool		 texts;		/* svg: a <text> was given */
};

/* Elements whose content a browser does not show, in a formula or a
 * drawing's text. */
static const char *const embed_hidden[] = {
	"annotation", "annotation-xml", "desc", "foreignobject", "iframe",
	"noembed", "noframes", "noscript", "script", "select", "style",
	"template", "textarea", "title", "xmp",
};

static bool
embed_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcmp((const char *)n->name, name) == 0;
}

static bool
embed_is_hidden(xmlNodePtr n)
{
	size_t	 i;

	for (i = 0; i < sizeof(embed_hidden) / sizeof(*embed_hidden); i++)
		if (embed_is(n, embed_hidden[i]))
			return true;
	return false;
}

/* clean_run_fn: a piece passed on, noting whether it shows anything. */
static void
embed_piece(void *arg, const char *s, size_t n, const struct clean_run *run)
{
	struct embed_walk	*w = arg;

	if (n == 0)
		return;
	if (!w->seen && (run != NULL || strspn(s, " \t\n\r\f") < n))
		w->seen = true;
	w->fn(w->arg, s, n, run);
}

/* The text of n and its siblings, hidden elements skipped. */
static void
embed_text(struct embed_walk *w, xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			clean_runs_each(w->runs, (const char *)n->content,
			    embed_piece, w);
		else if (n->type == XML_ELEMENT_NODE && !embed_is_hidden(n))
			embed_text(w, n->children);
	}
}

/* The value of n's attribute name when it is plain text, or NULL. */
static const char *
embed_attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	 a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 &&
		    a->children != NULL && a->children->type == XML_TEXT_NODE &&
		    a->children->next == NULL && a->children->content != NULL)
			return (const char *)a->children->content;
	return NULL;
}

/* The first annotation under n and its siblings, or NULL. */
static xmlNodePtr
embed_annotation(xmlNodePtr n)
{
	xmlNodePtr	 a;

	for (; n != NULL; n = n->next) {
		if (embed_is(n, "annotation"))
			return n;
		if (n->type == XML_ELEMENT_NODE &&
		    (a = embed_annotation(n->children)) != NULL)
			return a;
	}
	return NULL;
}

static void
embed_math(struct embed_walk *w, xmlNodePtr math)
{
	const char	*alt;
	xmlNodePtr	 a;

	if ((alt = embed_attr(math, "alttext")) != NULL) {
		embed_piece(w, alt, strlen(alt), NULL);
		if (w->seen)
			return;
	}
	embed_text(w, math->children);
	if (!w->seen && (a = embed_annotation(math->children)) != NULL)
		embed_text(w, a->children);
}

/* The <text> elements under n and its siblings, a space between two. */
static void
embed_svg(struct embed_walk *w, xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || embed_is_hidden(n))
			continue;
		if (!embed_is(n, "text")) {
			embed_svg(w, n->children);
			continue;
		}
		if (w->texts)
			w->fn(w->arg, " ", 1, NULL);
		w->texts = true;
		embed_text(w, n->children);
	}
}

void
clean_embed_text(xmlNodePtr n, const struct clean_runs *runs,
    clean_run_fn *fn, void *arg)
{
	struct embed_walk	 w;

	memset(&w, 0, sizeof(w));
	w.runs = runs;
	w.fn = fn;
	w.arg = arg;
	if (embed_is(n, "math"))
		embed_math(&w, n);
	else if (embed_is(n, "svg"))
		embed_svg(&w, n->children);
}
