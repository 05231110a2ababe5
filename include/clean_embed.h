/*
 * clean_embed.h — what a reader keeps of a formula or a drawing
 * (clean.c's helper).
 *
 * MathML and SVG are foreign content: a browser parses them by rules
 * html.c does not follow (CDATA sections, a <style> or
 * <title> holding markup, HTML elements breaking out of them), which
 * is what mutation XSS feeds on.  So none of their markup is kept, only
 * the text a reader sees of them, which clean.c escapes:
 *
 * math: its alttext attribute; else the text of its presentation (mi,
 * mn, mo, mtext...: all but annotation and annotation-xml, which a
 * browser does not show); else the text of its first annotation (TeX,
 * most often).
 *
 * svg: the text of its <text> elements (with the tspan, textPath and a
 * inside them), a space between two: the words a drawing shows.  Its
 * <title> and <desc> name a drawing that is not kept, like the alt of
 * an image we drop, and on the share and menu icons feeds inline they
 * would only add "Twitter" or "Menu" to the story.  A foreignObject's
 * content is HTML laid out inside the drawing: keeping it would mean
 * sanitising markup that html.c and a browser read differently, so it
 * is dropped, as is everything else of the drawing.
 */
#ifndef FEEDD_CLEAN_EMBED_H
#define FEEDD_CLEAN_EMBED_H

#include <stddef.h>

#include "html.h"

/* Takes a piece of text: n bytes at s, not terminated. */
typedef void	 clean_text_fn(void *arg, const char *s, size_t n);

/* Calls fn on the pieces of the text a reader sees of n, a math or an
 * svg element. */
void	 clean_embed_text(const struct html_node *n, clean_text_fn *fn,
	    void *arg);

#endif
