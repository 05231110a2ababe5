/*
 * opml.h — subscription lists in and out (OPML 2.0, opml.org/spec2).
 *
 * opml_export() renders the configured feeds as an OPML 2.0 document,
 * one <outline type="rss"> per feed with its xmlUrl, its title and home
 * page from states when known (matched by name; states may be NULL) and
 * its tags as a category.  Returns a malloc'd document, its length in
 * *len, or NULL (logged).
 *
 * opml_import() reads an OPML file and prints a feeds.conf section to
 * out for every outline with an http(s) xmlUrl: the section name made
 * from its title (letters, digits, '-', '_', '.'; made unique), its url,
 * and as tags the folders (enclosing outlines) and categories it is in.
 * Returns the number of feeds printed, or -1 with the reason in err.
 */
#ifndef FEEDD_OPML_H
#define FEEDD_OPML_H

#include <stddef.h>
#include <stdio.h>

#include "conf.h"
#include "store.h"

#define OPML_ERR_LEN	256

char	*opml_export(const struct conf *, const struct feed_state *states,
	    size_t nstates, size_t *len);
int	 opml_import(const char *path, FILE *out, char *err, size_t errlen);

#endif
