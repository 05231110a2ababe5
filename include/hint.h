/*
 * hint.h — what a feed document says about how often to poll it.
 *
 * hint_read() looks at the channel of an RSS 0.9x/2.0 or RSS 1.0
 * document: <ttl> (minutes), <skipHours><hour>, <skipDays><day>, and the
 * syndication module's sy:updatePeriod and sy:updateFrequency; it fills
 * doc->hint (seconds, the larger of ttl and sy, 0 if neither) and the
 * skip masks.  Atom has no such elements.  Unreadable values are ignored.
 */
#ifndef FEEDD_HINT_H
#define FEEDD_HINT_H

#include <libxml/tree.h>

#include "feed.h"

void	 hint_read(struct feed_doc *, const xmlNode *root);

#endif
