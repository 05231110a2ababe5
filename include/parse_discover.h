/*
 * parse_discover.h — the feed an HTML page names (parse.c's helper).
 *
 * A feed URL in feeds.conf that turns out to be a site's home page is
 * the commonest mistake there is.  Such a page names its feeds in its
 * head (<link rel="alternate" type="application/rss+xml" href=...>,
 * the autodiscovery every reader follows); parse.c puts the first one
 * in its "not a feed: html page" error, so the log and `feedd status`
 * say which URL to configure.
 */
#ifndef FEEDD_PARSE_DISCOVER_H
#define FEEDD_PARSE_DISCOVER_H

#include <stddef.h>

/* The absolute http(s) URL of the first feed the page names, resolved
 * against its <base> and then url (may be NULL); malloc'd, or NULL. */
char	*parse_discover(const char *data, size_t len, const char *url);

#endif
