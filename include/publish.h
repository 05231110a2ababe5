/*
 * publish.h — the merged feed, rendered and written.
 *
 * Each renderer takes items newest first, as store_recent returns them,
 * and returns a malloc'd document (NUL-terminated, its length in *len),
 * or NULL when rendering failed (logged).  All formats carry the same
 * entries with the same ids (the store's uid), so a reader may switch
 * formats without seeing duplicates:
 *
 *   publish_atom	Atom 1.0 (RFC 4287).  One atom:source per entry names
 *			the first feed that carried it; every further one
 *			is a link rel="via".
 *   publish_rss	RSS 2.0 with <source> for the first carrier and
 *			atom:link rel="via" for the rest.
 *   publish_json	JSON Feed 1.1; the carriers in the "_feedd"
 *			extension object of each item.
 *   publish_page	an HTML page (no scripts) of the newest entries with
 *			autodiscovery links to the three feeds.
 *
 * meta->stem is the feed's path without extension ("/feed" or
 * "/tag/NAME"); self links and ids are base_url + stem + ".atom" etc.
 * when base_url is set, else ids are stable urns and no self link is
 * given.  With hub set, every feed advertises it (rel="hub", WebSub).
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

#define PUBLISH_ERR_LEN		256
#define PUBLISH_STEM		"/feed"	/* the merged feed's path stem */
#define PUBLISH_PAGE_ENTRIES	50	/* on the HTML page */

#define PUBLISH_ATOM_TYPE	"application/atom+xml; charset=utf-8"
#define PUBLISH_RSS_TYPE	"application/rss+xml; charset=utf-8"
#define PUBLISH_JSON_TYPE	"application/feed+json; charset=utf-8"
#define PUBLISH_HTML_TYPE	"text/html; charset=utf-8"
#define PUBLISH_OPML_TYPE	"text/x-opml; charset=utf-8"

struct publish_meta {
	const char	*title;		/* of the merged feed */
	const char	*base_url;	/* public URL of the server, or NULL */
	time_t		 now;		/* feed updated when there are no items */
	const char	*stem;		/* NULL means PUBLISH_STEM */
	const char	*hub;		/* WebSub hub URL, or NULL */
};

char	*publish_atom(const struct publish_meta *, const struct item *items,
	    size_t n, size_t *len);
char	*publish_rss(const struct publish_meta *, const struct item *items,
	    size_t n, size_t *len);
char	*publish_json(const struct publish_meta *, const struct item *items,
	    size_t n, size_t *len);
char	*publish_page(const struct publish_meta *, const struct item *items,
	    size_t n, size_t *len);
int	 publish_write(const char *path, const char *data, size_t len,
	    char *err, size_t errlen);
/* Removes the temporary files a killed publish_write() left beside path
 * (".NAME.XXXXXX"); call once at start-up, before any write. */
void	 publish_sweep(const char *path);

/*
 * Shared by the renderers (publish*.c, page.c, opml.c), not for others.
 *
 * publish_xml wraps libxml2's xmlTextWriter: every string goes through
 * publish_chars() first, and a failed call is remembered, so callers
 * write straight on and check once in publish_xml_done(), which returns
 * the document (malloc'd) or NULL.
 */
struct publish_xml;

struct publish_xml *publish_xml_new(void);
char	*publish_xml_done(struct publish_xml *, size_t *len);
void	 publish_xml_start(struct publish_xml *, const char *name);
void	 publish_xml_end(struct publish_xml *);
void	 publish_xml_attr(struct publish_xml *, const char *name,
	    const char *value);
void	 publish_xml_text(struct publish_xml *, const char *text);
/* <name type="type">text</name>; nothing when text is NULL. */
void	 publish_xml_elem(struct publish_xml *, const char *name,
	    const char *type, const char *text);

/* A copy of s without the characters XML 1.0 forbids nor invalid UTF-8. */
char	*publish_chars(const char *s);
/* The item's title, else the start of its text, else "(untitled)". */
char	*publish_title(const struct item *);
/* updated, else published, else first seen, else now. */
time_t	 publish_updated(const struct item *, time_t now);
/* The entry id: the uid, else a urn from the item's identity. */
char	*publish_id(const struct item *);
/* "urn:feedd:<what>:" + hex SHA-256 of s. */
char	*publish_urn(const char *what, const char *s);
/* base + path without a doubled slash; NULL when base is NULL. */
char	*publish_url(const char *base, const char *path);
/* base_url + stem + ext, else NULL. */
char	*publish_self(const struct publish_meta *, const char *ext);
/* The feed's id: its Atom self URL, else a urn of title and stem. */
char	*publish_feed_id(const struct publish_meta *);
/* The newest publish_updated() of items, else now. */
time_t	 publish_feed_updated(const struct publish_meta *,
	    const struct item *items, size_t n);

#endif
