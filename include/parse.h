/*
 * parse.h — feed bytes to a feed_doc.
 *
 * Reads RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 with libxml2's
 * parser, never touching the network, never loading a DTD or external
 * entity, within libxml2's limits on depth and entity expansion; and
 * JSON Feed 1.0/1.1 with jansson.  Format detection looks at the
 * document, not at the Content-Type.  Every string in doc is valid
 * UTF-8 (bytes that are not become U+FFFD), and so is err.
 *
 * url is where the bytes came from (xml:base resolves against it); it
 * may be NULL.  charset is the HTTP Content-Type charset, or NULL.
 *
 * Dates far in the future are clamped to now (parse_clamp_dates).
 *
 * On success returns 0 and doc (initialised by the caller with
 * feed_doc_init) holds the feed with its items in document order, fields
 * as feed.h describes "after parse".  On failure returns -1, writes a
 * one-line reason ("not a feed: html page", "xml error at line 3: ...")
 * to err, and doc holds whatever was read before the failure (nothing a
 * caller should store).
 */
#ifndef FEEDD_PARSE_H
#define FEEDD_PARSE_H

#include <stddef.h>
#include <time.h>

#include "feed.h"

#define PARSE_ERR_LEN	256

int	parse_feed(const char *data, size_t len, const char *url,
	    const char *charset, struct feed_doc *doc, char *err, size_t errlen);
/* Dates more than a day after now (a wrong clock, a typo: 2108 for
 * 2018) become now, so an item cannot sit above all others for ever
 * (DESIGN.md); parse_feed() does this with the time it runs, which
 * follows the fetch at once. */
void	parse_clamp_dates(struct feed_doc *doc, time_t now);
/* Once at startup, before any thread: libxml2's global set-up. */
void	parse_init(void);
void	parse_cleanup(void);

#endif
