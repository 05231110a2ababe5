/*
 * parse_xml.h — what the RSS and Atom tree readers share (parse_int.h
 * is the parser's inside, parse.h its contract).
 *
 * parse_xml.c walks the tree: each child of a channel, an item or an
 * entry is looked up by (namespace, local name) in one sorted table of
 * handlers and stored in a field with a rank (parse_set).  The handlers
 * live in parse_rss.c (RSS and its modules: dc, content, media,
 * itunes, feedburner) and parse_atom.c (Atom 0.3/1.0 constructs); the
 * tree helpers they use (text, inline XHTML as HTML, URLs against
 * xml:base) are parse_xml.c's.
 */
#ifndef FEEDD_PARSE_XML_H
#define FEEDD_PARSE_XML_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "buf.h"
#include "feed.h"

#define NS_ATOM10	"http://www.w3.org/2005/Atom"
#define NS_ATOM03	"http://purl.org/atom/ns#"
#define NS_RSS10	"http://purl.org/rss/1.0/"
#define NS_RSS090	"http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF		"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC		"http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS	"http://purl.org/dc/terms/"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"
#define NS_FEEDBURNER	"http://rssnamespace.org/feedburner/ext/1.0"
#define NS_MEDIA	"http://search.yahoo.com/mrss/"
#define NS_ITUNES	"http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_XHTML	"http://www.w3.org/1999/xhtml"
#define NS_XML		"http://www.w3.org/XML/1998/namespace"

/* Namespace classes, in the order the element table is sorted by. */
enum ns {
	NS_NONE,		/* no namespace, or RSS 0.90/1.0's own */
	NS_ATOM,
	NS_DCE,
	NS_DCT,
	NS_CONT,
	NS_FB,
	NS_MRSS,
	NS_ITUNES_DTD,
	NS_XHTML_BODY,		/* XHTML: its <body> in an RSS item */
	NS_OTHER,
};

/* The fields a channel or an item fills, each with a rank. */
enum field {
	F_ID, F_TITLE, F_LINK, F_AUTHOR, F_SUMMARY, F_CONTENT,
	F_PUBLISHED, F_UPDATED, F_COUNT
};

struct parse_ctx {
	struct feed_doc	*doc;
	bool		 atom03;
	/* The root's own namespace, whatever it is, means the format's
	 * elements: RSS in Userland's namespace, Atom in none. */
	const char	*home_ns;
	enum ns		 home_class;
	struct buf	 tmp;		/* scratch, reset before each use */
	struct buf	 text;		/* scratch for node text */
};

/* One element being filled: the channel (into a scratch item) or an item. */
struct parse_scope {
	struct item	*it;
	int		 rank[F_COUNT];
	const char	*base;		/* absolute base in effect, or NULL */
	char		*html_base;	/* a content/summary's own xml:base */
	/* An item's own <link>: its id when it has no guid, even when
	 * feedburner:origLink becomes its link (the feed's word for it). */
	char		*link_id;
	/* An Atom id that is an http(s) URL: the link when there is none. */
	char		*id_link;
	/* A second summary-like text (itunes:summary, RSS <summary>):
	 * placed when the item ends (parse_aside), whatever the order. */
	char		*aside;
	bool		 feed;		/* channel level: items are children */
};

typedef void parse_handler(struct parse_ctx *, struct parse_scope *,
    xmlNode *);

/* Tree helpers (parse_xml.c). */
enum ns	parse_ns(const struct parse_ctx *ctx, const xmlNode *n);
const char	*parse_attr(const xmlNode *n, const char *name);
char	*parse_url(const xmlNode *n, const char *base, const char *ref);
char	*parse_text(struct parse_ctx *ctx, const xmlNode *n);
bool	parse_has_elements(const xmlNode *n);
char	*parse_inner_html(struct parse_ctx *ctx, const xmlNode *n);
bool	parse_looks_html(const char *s);
/* A whole number, white space around it allowed: its value (LLONG_MAX
 * when too large), or -1 when s is NULL or not such a number. */
long long	parse_whole(const char *s);
void	parse_set(struct parse_scope *sc, enum field f, int rank, char *value);
void	parse_html_base(struct parse_scope *sc, const xmlNode *n, bool content);
void	parse_enclosure(struct parse_scope *sc, const xmlNode *n,
	    const char *href, const char *type, const char *length);
/* At an item's end: its aside becomes the summary when it has none,
 * else the content when it has none (a podcast's long description). */
void	parse_aside(struct parse_scope *sc);

/* Element handlers: RSS and its modules (parse_rss.c). */
parse_handler	parse_h_title;
parse_handler	parse_h_link;
parse_handler	parse_h_origlink;
parse_handler	parse_h_guid;
parse_handler	parse_h_author;
parse_handler	parse_h_dc_creator;
parse_handler	parse_h_description;
parse_handler	parse_h_content_encoded;
parse_handler	parse_h_body;
parse_handler	parse_h_category;
parse_handler	parse_h_enclosure;
parse_handler	parse_h_media_content;
parse_handler	parse_h_media_description;
parse_handler	parse_h_media_group;
parse_handler	parse_h_media_title;
parse_handler	parse_h_itunes_author;
parse_handler	parse_h_itunes_subtitle;
parse_handler	parse_h_itunes_summary;
parse_handler	parse_h_rss_summary;
parse_handler	parse_h_itunes_category;
parse_handler	parse_h_keywords;

/* Element handlers: Atom (parse_atom.c). */
parse_handler	parse_h_atom_title;
parse_handler	parse_h_atom_link;
parse_handler	parse_h_atom_id;
parse_handler	parse_h_atom_author;
parse_handler	parse_h_atom_summary;
parse_handler	parse_h_atom_content;
parse_handler	parse_h_atom_category;

#endif
