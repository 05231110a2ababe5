/*
 * clean_embed.h — what a reader keeps of a formula or a drawing
 * (clean.c's helper).
 *
 * MathML and SVG are foreign content: a browser parses them by rules
 * libxml2's HTML parser does not follow (CDATA sections, a <style> or
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
 * sanitising markup that libxml2 and a browser read differently, so it
 * is dropped, as is everything else of the drawing.
 */
#ifndef FEEDD_CLEAN_EMBED_H
#define FEEDD_CLEAN_EMBED_H

#include <libxml/tree.h>

#include "clean_run.h"

/*
 * Calls fn on the pieces of the text a reader sees of n, a math or an
 * svg element, its text nodes read through runs (NULL: none hidden).
 */
void	 clean_embed_text(xmlNodePtr n, const struct clean_runs *runs,
	    clean_run_fn *fn, void *arg);

#endif
