/*
 * clean.h — what a reader of the merged feed wants to see.
 *
 * clean_html() runs an allowlist sanitizer over the parse of a fragment
 * (html.h): only harmless elements and attributes survive, every URL is
 * made absolute against base and must be http, https or mailto, tracking
 * parameters are stripped, trackers and boilerplate (boiler.h) are
 * removed.  The result is well-formed, re-parseable HTML.
 *
 * clean_text() turns an HTML fragment into plain text: tags dropped,
 * entities decoded, control characters removed, whitespace collapsed and
 * trimmed, Unicode NFC.
 *
 * Both return a malloc'd string, or NULL when nothing is left.
 * clean_feed() applies them to every field of a parsed document in
 * place (feed.h: "after clean").
 */
#ifndef FEEDD_CLEAN_H
#define FEEDD_CLEAN_H

#include "feed.h"

char	*clean_html(const char *html, const char *base);
char	*clean_text(const char *html);
/* Plain text as published (not HTML): control characters removed,
 * whitespace collapsed, NFC.  For authors and categories. */
char	*clean_plain(const char *text);
void	 clean_item(struct item *, const char *doc_url);
void	 clean_feed(struct feed_doc *);
/* Releases the calling thread's parser and scratch buffers (kept across
 * calls, one set per thread); a worker calls it as it exits. */
void	 clean_thread_cleanup(void);

/*
 * A user's boilerplate rules (feeds.conf strip_text, strip_element):
 * each NULL or lines of fnmatch(3) patterns a short block's whole text
 * must match (case ignored) / simple selectors (tag, .class, #id,
 * tag.class, tag#id).  Matching blocks and elements are removed.
 */
struct clean_rules {
	char	*strip_text;		/* owned by whoever fills it (conf) */
	char	*strip_element;
};

/* clean_feed() with the global and the feed's own rules (each may be
 * NULL) added to the built-in ones. */
void	 clean_feed_rules(struct feed_doc *, const struct clean_rules *global,
	    const struct clean_rules *feed);

#endif
