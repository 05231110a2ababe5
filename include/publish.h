/*
 * publish.h — the merged feed, rendered and written.
 *
 * publish_atom() renders items (newest first, as store_recent returns
 * them) as an Atom 1.0 document (RFC 4287) with an atom:source on each
 * entry naming the feed it came from.  Returns a malloc'd document and
 * its length in *len.
 *
 * publish_write() replaces path atomically: it writes a temporary file
 * in the same directory, fsyncs it, renames it over path and fsyncs the
 * directory, so readers see the old document or the new one, never a
 * torn one.  Returns 0, or -1 with the reason in err.
 */
#ifndef FEEDD_PUBLISH_H
#define FEEDD_PUBLISH_H

#include <stddef.h>
#include <time.h>

#include "feed.h"

#define PUBLISH_ERR_LEN	256

struct publish_meta {
	const char	*title;		/* of the merged feed */
	const char	*base_url;	/* public URL of the server, or NULL */
	time_t		 now;		/* feed updated when there are no items */
};

char	*publish_atom(const struct publish_meta *, const struct item *items,
	    size_t n, size_t *len);
int	 publish_write(const char *path, const char *data, size_t len,
	    char *err, size_t errlen);

#endif
