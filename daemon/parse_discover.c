/*
 * parse_discover.c — the feed an HTML page names (see parse_discover.h).
 *
 * The page is read with libxml2's HTML parser, as a browser would read
 * its head: the <link> elements may sit anywhere a broken page puts
 * them, so the whole tree is searched (to a bounded depth).  That parser
 * lower-cases element and attribute names, so parse_attr() finds them.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "log.h"
#include "parse_discover.h"
#include "parse_xml.h"
#include "url.h"

#define DISCOVER_DEPTH	32	/* deeper elements are not searched */
#define DISCOVER_OPTS	(HTML_PARSE_NONET | HTML_PARSE_NOERROR | \
	HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_COMPACT)

/* Media types of feeds, as pages announce them. */
static const char *const feed_types[] = {
	"application/rss+xml", "application/atom+xml", "application/feed+json",
	"application/rdf+xml", "application/json",
};

/* Whether the space-separated list has the token (case ignored). */
static bool
discover_has_token(const char *list, const char *token)
{
	size_t	 n = strlen(token), len;

	while (list != NULL && *list != '\0') {
		list += strspn(list, " \t\r\n\f");
		len = strcspn(list, " \t\r\n\f");
		if (len == n && strncasecmp(list, token, n) == 0)
			return true;
		list += len;
	}
	return false;
}

static bool
discover_is_feed(const xmlNode *n)
{
	const char	*type = parse_attr(n, "type");
	size_t		 i, len;

	if (type == NULL || !discover_has_token(parse_attr(n, "rel"),
	    "alternate"))
		return false;
	len = strcspn(type, " ;");	/* "application/rss+xml; charset=" */
	for (i = 0; i < sizeof(feed_types) / sizeof(feed_types[0]); i++)
		if (strlen(feed_types[i]) == len &&
		    strncasecmp(type, feed_types[i], len) == 0)
			return true;
	return false;
}

/* The first element named name below n, depth first, or NULL. */
static const xmlNode *
discover_find(const xmlNode *n, const char *name, bool feed, int depth)
{
	const xmlNode	*c, *f;

	if (depth > DISCOVER_DEPTH)
		return NULL;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)c->name, name) == 0 &&
		    (!feed || discover_is_feed(c)) &&
		    parse_attr(c, "href") != NULL)
			return c;
		if ((f = discover_find(c, name, feed, depth + 1)) != NULL)
			return f;
	}
	return NULL;
}

char *
parse_discover(const char *data, size_t len, const char *url)
{
	htmlDocPtr	 page;
	const xmlNode	*link, *base;
	char		*base_url = NULL, *feed = NULL;

	if (len > INT_MAX || (page = htmlReadMemory(data, (int)len, NULL,
	    NULL, DISCOVER_OPTS)) == NULL)
		return NULL;
	if ((link = discover_find((xmlNode *)page, "link", true, 0)) != NULL) {
		/* <base href> moves what the page's links resolve against */
		if ((base = discover_find((xmlNode *)page, "base", false, 0))
		    != NULL)
			base_url = url_clean(url, parse_attr(base, "href"));
		feed = url_clean(base_url != NULL ? base_url : url,
		    parse_attr(link, "href"));
		if (feed != NULL && strncasecmp(feed, "mailto:", 7) == 0) {
			free(feed);
			feed = NULL;
		}
	}
	if (feed != NULL)
		log_debug("parse: the html page names its feed %s", feed);
	free(base_url);
	xmlFreeDoc(page);
	return feed;
}
