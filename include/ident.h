/*
 * ident.h — feeds whose item identities cannot be trusted.
 *
 * Some feeds give every item a blank guid, one guid to several items of
 * a document, or new guids on every fetch for the same links.  Taken at
 * their word they flood the merged feed with copies.  ident_check()
 * looks at each fetched document of a feed (after hash_feed()) and,
 * once the feed's guids are seen to be broken, identifies its items by
 * their link instead (when every item has one and no two share it),
 * else by their content hash, from then on; it logs that once per feed.
 *
 * State is kept per feed name in memory, for the life of the process:
 * a restart only forgets what a first fetch shows again.  One thread.
 */
#ifndef FEEDD_IDENT_H
#define FEEDD_IDENT_H

#include "feed.h"

enum ident_mode {
	IDENT_GUID = 0,		/* the feed's own ids */
	IDENT_LINK,		/* each item's link */
	IDENT_CONTENT,		/* "urn:feedd:content:" + content hash */
};

enum ident_mode	 ident_check(const char *feed, struct feed_doc *);
/* Forgets every feed (tests, shutdown). */
void		 ident_reset(void);

#endif
