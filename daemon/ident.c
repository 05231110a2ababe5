/*
 * ident.c — feeds whose item identities cannot be trusted (ident.h).
 *
 * Per feed we remember, from its last document, which id each link had
 * (both as 64-bit hashes).  The guids are broken when a document has
 * items without one (hash_item() marked them id_derived), the same one
 * on two items, or when at least IDENT_CHANGED_MIN items, and half of
 * those whose link the last document had too, come back under another
 * id.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "ident.h"
#include "log.h"
#include "xmalloc.h"

#define IDENT_CHANGED_MIN	2

struct ident_pair {
	uint64_t	 link, id;
};

struct ident_feed {
	char			*name;
	enum ident_mode		 mode;
	struct ident_pair	*last;		/* sorted by link */
	size_t			 nlast;
};

static struct ident_feed	*feeds;		/* sorted by name */
static size_t			 nfeeds, feeds_cap;

static uint64_t
ident_hash(const char *s)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	for (; s != NULL && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int
ident_cmp(const void *a, const void *b)
{
	const struct ident_pair	*x = a, *y = b;

	if (x->link != y->link)
		return x->link < y->link ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The state of the feed called name, made when new.  A binary search:
 * every stored document asks, so a linear one cost each cycle a time
 * that grew with the square of the number of feeds.  The pointer holds
 * until the next call.
 */
static struct ident_feed *
ident_feed(const char *name)
{
	struct ident_feed	*f;
	size_t			 lo = 0, hi = nfeeds, mid;
	int			 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(name, feeds[mid].name)) == 0)
			return &feeds[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (nfeeds == feeds_cap) {
		feeds_cap = feeds_cap == 0 ? 64 : 2 * feeds_cap;
		feeds = xreallocarray(feeds, feeds_cap, sizeof(*feeds));
	}
	f = &feeds[lo];
	memmove(f + 1, f, (nfeeds - lo) * sizeof(*feeds));
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	nfeeds++;
	return f;
}

/* The (link, id) pairs of doc's items that have both, sorted. */
static struct ident_pair *
ident_pairs(const struct feed_doc *doc, size_t *n)
{
	struct ident_pair	*p;
	size_t			 i;

	p = xreallocarray(NULL, doc->nitems + 1, sizeof(*p));
	for (i = *n = 0; i < doc->nitems; i++)
		if (doc->items[i].link && doc->items[i].id &&
		    !doc->items[i].id_derived) {
			p[*n].link = ident_hash(doc->items[i].link);
			p[(*n)++].id = ident_hash(doc->items[i].id);
		}
	qsort(p, *n, sizeof(*p), ident_cmp);
	return p;
}

/* Why doc's own ids are broken, or NULL when they look sound. */
static const char *
ident_broken(const struct ident_feed *f, const struct feed_doc *doc,
    const struct ident_pair *now, size_t nnow)
{
	uint64_t		*ids;
	struct ident_pair	*old;
	size_t			 i, j, n, same = 0, changed = 0;
	bool			 dup = false;

	for (i = 0; i < doc->nitems; i++)
		if (doc->items[i].id_derived)
			return "blank";
	ids = xreallocarray(NULL, doc->nitems + 1, sizeof(*ids));
	/* after hash_feed() every item has an id */
	for (i = 0; i < doc->nitems; i++)
		ids[i] = ident_hash(doc->items[i].id);
	for (i = 0; i < doc->nitems && !dup; i++)
		for (j = i + 1; j < doc->nitems && !dup; j++)
			dup = ids[i] == ids[j] &&
			    strcmp(doc->items[i].id, doc->items[j].id) == 0 &&
			    memcmp(doc->items[i].hash, doc->items[j].hash,
			    HASH_LEN) != 0;
	free(ids);
	if (dup)
		return "shared by several items";
	for (i = 0; i < nnow && f->nlast > 0; i++) {
		old = bsearch(&now[i], f->last, f->nlast, sizeof(*f->last),
		    ident_cmp);
		if (old != NULL) {
			same++;
			continue;
		}
		/* the link was there under another id? */
		for (n = 0; n < f->nlast && f->last[n].link != now[i].link; n++)
			;
		changed += n < f->nlast;
	}
	if (changed >= IDENT_CHANGED_MIN && changed >= same)
		return "different on every fetch";
	return NULL;
}

/* Every item has a link and no two share one. */
static bool
ident_links_unique(const struct feed_doc *doc)
{
	size_t	 i, j;

	for (i = 0; i < doc->nitems; i++) {
		if (doc->items[i].link == NULL || *doc->items[i].link == '\0')
			return false;
		for (j = i + 1; j < doc->nitems; j++)
			if (doc->items[j].link &&
			    strcmp(doc->items[i].link, doc->items[j].link) == 0)
				return false;
	}
	return true;
}

static void
ident_apply(enum ident_mode mode, struct feed_doc *doc)
{
	char	 hex[HASH_HEX_LEN];
	size_t	 i;

	for (i = 0; i < doc->nitems; i++) {
		if (mode == IDENT_LINK)
			item_set(&doc->items[i].id, doc->items[i].link);
		else {
			hash_hex(doc->items[i].hash, hex);
			item_take(&doc->items[i].id,
			    xasprintf("urn:feedd:content:%s", hex));
		}
	}
}

enum ident_mode
ident_check(const char *name, struct feed_doc *doc)
{
	struct ident_feed	*f = ident_feed(name);
	struct ident_pair	*now;
	const char		*why = NULL;
	enum ident_mode		 mode;
	size_t			 n;

	now = ident_pairs(doc, &n);
	if (f->mode == IDENT_GUID && doc->nitems > 0)
		why = ident_broken(f, doc, now, n);
	free(f->last);
	f->last = now;
	f->nlast = n;
	if (why != NULL) {
		f->mode = IDENT_LINK;
		log_warnx("identity %s: guids are %s; items are identified "
		    "by %s from now on", name, why, ident_links_unique(doc) ?
		    "link" : "content");
	}
	if (f->mode == IDENT_GUID)
		return IDENT_GUID;
	/* links can stop being usable later: content then, for that doc */
	mode = ident_links_unique(doc) ? IDENT_LINK : IDENT_CONTENT;
	ident_apply(mode, doc);
	return mode;
}

void
ident_reset(void)
{
	size_t	 i;

	for (i = 0; i < nfeeds; i++) {
		free(feeds[i].name);
		free(feeds[i].last);
	}
	free(feeds);
	feeds = NULL;
	nfeeds = feeds_cap = 0;
}
