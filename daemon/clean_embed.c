/*
 * clean_embed.c — what a reader keeps of a formula or a drawing (see
 * clean_embed.h).
 *
 * html.c reads neither MathML nor SVG as such: their elements come as
 * unknown ones, names lowercased (textPath is "textpath"), and the
 * content of a <script> or <style> inside them as raw text, which is
 * never read here.
 */
#include <stdbool.h>
#include <string.h>

#include "clean_embed.h"

/* A walk over a formula or a drawing. */
struct embed_walk {
	clean_text_fn	*fn;
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
embed_is(const struct html_node *n, const char *name)
{
	return n->kind == HTML_ELEMENT && strcmp(n->name, name) == 0;
}

static bool
embed_is_hidden(const struct html_node *n)
{
	size_t	 i;

	for (i = 0; i < sizeof(embed_hidden) / sizeof(*embed_hidden); i++)
		if (embed_is(n, embed_hidden[i]))
			return true;
	return false;
}

/* A piece passed on, noting whether it shows anything. */
static void
embed_piece(struct embed_walk *w, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (!w->seen && strspn(s, " \t\n\r\f") < n)
		w->seen = true;
	w->fn(w->arg, s, n);
}

/* The text of n and its siblings, hidden elements skipped. */
static void
embed_text(struct embed_walk *w, const struct html_node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->kind == HTML_TEXT)
			embed_piece(w, n->text, n->len);
		else if (!embed_is_hidden(n))
			embed_text(w, n->children);
	}
}

/* The first annotation under n and its siblings, or NULL. */
static const struct html_node *
embed_annotation(const struct html_node *n)
{
	const struct html_node	*a;

	for (; n != NULL; n = n->next) {
		if (embed_is(n, "annotation"))
			return n;
		if (n->kind == HTML_ELEMENT &&
		    (a = embed_annotation(n->children)) != NULL)
			return a;
	}
	return NULL;
}

static void
embed_math(struct embed_walk *w, const struct html_node *math)
{
	const struct html_node	*a;
	const char		*alt;

	if ((alt = html_attr(math, "alttext")) != NULL) {
		embed_piece(w, alt, strlen(alt));
		if (w->seen)
			return;
	}
	embed_text(w, math->children);
	if (!w->seen && (a = embed_annotation(math->children)) != NULL)
		embed_text(w, a->children);
}

/* The <text> elements under n and its siblings, a space between two. */
static void
embed_svg(struct embed_walk *w, const struct html_node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->kind != HTML_ELEMENT || embed_is_hidden(n))
			continue;
		if (!embed_is(n, "text")) {
			embed_svg(w, n->children);
			continue;
		}
		if (w->texts)
			w->fn(w->arg, " ", 1);
		w->texts = true;
		embed_text(w, n->children);
	}
}

void
clean_embed_text(const struct html_node *n, clean_text_fn *fn, void *arg)
{
	struct embed_walk	 w;

	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.arg = arg;
	if (embed_is(n, "math"))
		embed_math(&w, n);
	else if (embed_is(n, "svg"))
		embed_svg(&w, n->children);
}
