/*
 * feed.h — the item that flows through the pipeline, and its document.
 *
 * parse fills a feed_doc from bytes; clean rewrites its strings in place;
 * hash stamps each item with its identity and content hash; store
 * persists it.  Reading back for publishing fills the same struct item,
 * plus uid and sources.
 *
 * Every string field is either NULL or a malloc'd, NUL-terminated, valid
 * UTF-8 string owned by the struct that holds it; feed_doc_free() and
 * item_free() release them.  To replace a field, free the old value and
 * assign a new malloc'd one (item_set() does both).
 *
 * What each text field holds changes along the pipeline:
 *
 *   field              after parse                     after clean
 *   title, description HTML fragment (text constructs  plain text
 *                      of type text arrive escaped)
 *   summary, content   HTML as published (unsafe)      sanitized HTML
 *   author             text as published               plain text
 *   link, enclosures   as published (maybe relative)   absolute URLs
 *
 * Dates are UTC seconds since the epoch; DATE_NONE (0) means the feed
 * gave none or it could not be parsed.
 */
#ifndef FEEDD_FEED_H
#define FEEDD_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "simhash.h"

#define DATE_NONE	((time_t)0)
#define HASH_LEN	32		/* SHA-256, bytes */

enum feed_format {
	FORMAT_UNKNOWN = 0,
	FORMAT_RSS20,
	FORMAT_RSS10,
	FORMAT_RSS09X,
	FORMAT_ATOM10,
	FORMAT_ATOM03,
	FORMAT_JSONFEED1,
};

struct enclosure {
	char		*url;
	char		*type;		/* MIME type or NULL */
	long long	 length;	/* bytes, or -1 when unknown */
};

/* One feed that carried a stored item; filled only when read back. */
struct item_source {
	char		*name;		/* section name in feeds.conf */
	char		*title;		/* the source feed's title, plain text */
	char		*link;		/* the source feed's home page */
	char		*url;		/* the source feed's own URL */
};

struct item {
	char		*id;		/* identity in its feed (guid, atom:id,
					   else link, else derived by hash) */
	char		*title;
	char		*link;
	char		*author;
	char		*summary;
	char		*content;
	char		*base;		/* absolute xml:base in effect for the
					   item, or NULL: the document URL */
	time_t		 published;
	time_t		 updated;
	char		**categories;
	size_t		 ncategories;
	struct enclosure *enclosures;
	size_t		 nenclosures;

	unsigned char	 hash[HASH_LEN];	/* content hash (hash.h) */
	bool		 hashed;
	bool		 id_derived;	/* the feed gave no id: hash made it */
	struct simhash_sig sim;		/* near-duplicate signature
					   (simhash.h), set by hash */

	/* Filled by store when reading back for publishing. */
	char		*uid;		/* stable entry id of the merged feed */
	time_t		 first_seen;
	struct item_source *sources;
	size_t		 nsources;
};

struct feed_doc {
	enum feed_format format;
	char		*url;		/* where the document came from */
	char		*title;
	char		*link;
	char		*description;
	time_t		 updated;
	struct item	*items;
	size_t		 nitems;
	size_t		 itemcap;
	/* The publisher's polling hints (hint.h), 0 when none. */
	long		 hint;		/* seconds: RSS ttl, sy:updatePeriod */
	uint32_t	 skip_hours;	/* skipHours: bit h is hour h UTC */
	uint8_t		 skip_days;	/* skipDays: bit d is day d, 0 Sunday */
};

const char	*feed_format_name(enum feed_format);

void		 feed_doc_init(struct feed_doc *, const char *url);
void		 feed_doc_free(struct feed_doc *);
/* Appends a zeroed item and returns it; valid until the next call. */
struct item	*feed_doc_add_item(struct feed_doc *);

void		 item_free(struct item *);
/* Frees *field and stores a copy of value (NULL allowed). */
void		 item_set(char **field, const char *value);
/* Frees *field and stores value itself, which the item now owns. */
void		 item_take(char **field, char *value);
void		 item_add_category(struct item *, const char *);
void		 item_add_enclosure(struct item *, const char *url,
		    const char *type, long long length);
void		 item_add_source(struct item *, const char *name,
		    const char *title, const char *link, const char *url);

#endif
