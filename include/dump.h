/*
 * dump.h — the parse dump of DESIGN.md, as JSON text.
 *
 * dump_feed() renders a cleaned, hashed feed_doc as the JSON object that
 * `feedd parse` prints: keys in the documented order, two-space indent,
 * a final newline.  Returns a malloc'd string.
 */
#ifndef FEEDD_DUMP_H
#define FEEDD_DUMP_H

#include "feed.h"

char	*dump_feed(const struct feed_doc *);

#endif
