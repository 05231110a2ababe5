/*
 * hash.h — identity and content hash of a cleaned item.
 *
 * The content hash is SHA-256 over the item's normalised title and
 * visible text (tags dropped, entities decoded, NFKC, case-folded,
 * whitespace collapsed, quote and dash variants unified), so the same
 * story carried by two feeds, or re-served with other markup, tracking
 * parameters or whitespace, hashes the same.  The visible text is the
 * content's, or the summary's when there is no content.
 *
 * hash_item() sets it->hash and it->hashed and, when the feed gave no
 * identity, sets it->id: the link, else "urn:feedd:" + hex SHA-256 of
 * title and date.  Call it after clean_item().
 */
#ifndef FEEDD_HASH_H
#define FEEDD_HASH_H

#include <stdbool.h>
#include <stddef.h>

#include "feed.h"

#define HASH_HEX_LEN	(HASH_LEN * 2 + 1)

void	 hash_item(struct item *);
void	 hash_feed(struct feed_doc *);
/* Normalised visible text of an HTML fragment, malloc'd ("" if none). */
char	*hash_normalise(const char *html);
void	 hash_bytes(const void *, size_t, unsigned char out[HASH_LEN]);
void	 hash_hex(const unsigned char hash[HASH_LEN], char out[HASH_HEX_LEN]);
/* Set, text is folded a byte at a time, without the sixteen-byte path
 * (the tests and the fuzzer compare the two). */
extern bool	 hash_fold_bytewise;
/* Releases the calling thread's scratch text and digest context (kept
 * across calls, one set per thread); a worker calls it as it exits. */
void	 hash_thread_cleanup(void);

#endif
