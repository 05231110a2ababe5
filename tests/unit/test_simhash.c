/*
 * test_simhash.c — near-duplicate signatures and their merge in store.
 *
 * Items go through clean_item() and hash_item() as in the daemon, then
 * into an in-memory store from two feeds; the labelled set in
 * tests/dedup/ measures the same on 277 pairs (make bench).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"
#include "feed.h"
#include "hash.h"
#include "simhash.h"
#include "store.h"
#include "unit.h"

#define STORY "<p>The city council voted 9 to 4 on Tuesday night to build " \
	"protected cycle lanes along the full length of Harbour Road, ending " \
	"a two-year dispute between residents and shop owners.</p><p>" \
	"Construction is expected to start in March and last about five " \
	"months.</p>"
#define OTHER "<p>The national weather service issued an amber heat " \
	"warning on Sunday for six southern regions, with temperatures " \
	"forecast to reach 38 degrees by Wednesday.</p><p>Hospitals have " \
	"been asked to prepare extra beds.</p>"
#define TITLE	"Council approves cycle lanes on Harbour Road"

static void
mk(struct item *it, const char *title, const char *html)
{
	memset(it, 0, sizeof(*it));
	item_set(&it->title, title);
	item_set(&it->content, html);
	item_set(&it->link, "https://news.example/story");
	clean_item(it, "https://news.example/");
	hash_item(it);
}

/* What store_put_item says of b after a, from another feed. */
static int
put_pair(const char *ta, const char *a, const char *tb, const char *b,
    int near)
{
	char			 err[STORE_ERR_LEN];
	struct store		*s;
	struct feed_state	 fa, fb;
	struct item		 ia, ib;
	int			 rc = -1;

	mk(&ia, ta, a);
	mk(&ib, tb, b);
	if ((s = store_open(":memory:", err, sizeof(err))) == NULL) {
		fprintf(stderr, "# %s\n", err);
		return -1;
	}
	store_set_near(s, near);
	if (store_feed(s, "a", "https://a.example/", &fa) == 0 &&
	    store_feed(s, "b", "https://b.example/", &fb) == 0) {
		if (store_put_item(s, fa.id, &ia, 1) == STORE_NEW)
			rc = store_put_item(s, fb.id, &ib, 2);
		feed_state_free(&fa);
		feed_state_free(&fb);
	}
	store_close(s);
	item_free(&ia);
	item_free(&ib);
	return rc;
}

static void
test_signature(void)
{
	struct item	 a, b, c, d;
	int64_t		 keys[SIMHASH_NKEYS];

	mk(&a, TITLE, STORY);
	mk(&b, TITLE, "<p>By Jane Holloway, Staff Reporter</p>" STORY);
	mk(&c, TITLE, OTHER);
	mk(&d, "Short", "<p>Firefox 121 is now available.</p>");
	CHECK(a.sim.hash != 0, "a story has a fingerprint");
	CHECK(d.sim.hash == 0, "a short item has none");
	CHECK_INT(simhash_keys(&d.sim, keys), 0, "and no keys");
	CHECK_INT(simhash_keys(&a.sim, keys), SIMHASH_NKEYS,
	    "bands, title, lead and tail are keys");
	CHECK(simhash_distance(a.sim.hash, b.sim.hash) <= SIMHASH_DISTANCE,
	    "a byline moves the fingerprint a few bits");
	CHECK(simhash_distance(a.sim.hash, c.sim.hash) > SIMHASH_DISTANCE_MAX,
	    "another story is far away");
	CHECK(a.sim.title == c.sim.title, "one title, one title key");
	CHECK(a.sim.lead != b.sim.lead, "a byline changes the lead key");
	item_free(&a);
	item_free(&b);
	item_free(&c);
	item_free(&d);
}

static void
test_store(void)
{
	CHECK_INT(put_pair(TITLE, STORY, TITLE, STORY, SIMHASH_DISTANCE),
	    STORE_MERGED, "exact duplicate merged");
	CHECK_INT(put_pair(TITLE, STORY, TITLE,
	    "<p>By Jane Holloway, Staff Reporter</p>" STORY, SIMHASH_DISTANCE),
	    STORE_MERGED, "same story with a byline merged as a source");
	CHECK_INT(put_pair(TITLE, STORY, "Update: " TITLE,
	    "<figure><img src=\"https://img.example/1.jpg\"><figcaption>"
	    "Photo: Example Press</figcaption></figure>" STORY,
	    SIMHASH_DISTANCE), STORE_MERGED,
	    "other title and a caption: merged");
	CHECK_INT(put_pair(TITLE, STORY, TITLE,
	    "<p>By Jane Holloway, Staff Reporter</p>" STORY, -1),
	    STORE_NEW, "near_duplicates off: kept apart");
	CHECK_INT(put_pair(TITLE, STORY, TITLE, OTHER, SIMHASH_DISTANCE),
	    STORE_NEW, "same headline, other story: kept apart");
	CHECK_INT(put_pair("Firefox 121 released",
	    "<p>Firefox 121 is now available for download.</p>",
	    "Firefox 122 released",
	    "<p>Firefox 122 is now available for download.</p>",
	    SIMHASH_DISTANCE_MAX), STORE_NEW,
	    "short items one word apart: kept apart");
}

/*
 * The key filter in store_near.c must never hide a stored key: b's
 * connection built its filter before a's connection stored the story,
 * so it has to notice the change (PRAGMA data_version) and rebuild.
 */
static void
test_two_connections(void)
{
	char			 path[] = "/tmp/feedd-test-near.XXXXXX";
	char			 err[STORE_ERR_LEN];
	struct store		*a, *b;
	struct feed_state	 fa, fb;
	struct item		 ia, ib, ic;
	int			 fd;

	if ((fd = mkstemp(path)) == -1) {
		CHECK(0, "mkstemp");
		return;
	}
	close(fd);
	mk(&ia, TITLE, STORY);
	mk(&ib, TITLE, "<p>By Jane Holloway, Staff Reporter</p>" STORY);
	mk(&ic, "Heat warning", OTHER);
	item_set(&ic.id, "urn:heat-warning");
	a = store_open(path, err, sizeof(err));
	b = store_open(path, err, sizeof(err));
	CHECK(a != NULL && b != NULL, "two connections to one database");
	if (a != NULL && b != NULL &&
	    store_feed(a, "a", "https://a.example/", &fa) == 0 &&
	    store_feed(b, "b", "https://b.example/", &fb) == 0) {
		CHECK_INT(store_put_item(b, fb.id, &ic, 1), STORE_NEW,
		    "b stores another story (its filter is built)");
		CHECK_INT(store_put_item(a, fa.id, &ia, 2), STORE_NEW,
		    "a stores the story");
		CHECK_INT(store_put_item(b, fb.id, &ib, 3), STORE_MERGED,
		    "b finds what a stored since its filter was built");
		feed_state_free(&fa);
		feed_state_free(&fb);
	}
	store_close(a);
	store_close(b);
	item_free(&ia);
	item_free(&ib);
	item_free(&ic);
	unlink(path);
}

/* Past the size the filter was built for, it grows without losing a
 * key: the first story is still found after a thousand more. */
static void
test_filter_growth(void)
{
	char			 err[STORE_ERR_LEN], title[64];
	struct store		*s;
	struct feed_state	 fa, fb;
	struct item		 ia, ib, it;
	int			 i, rc = -1;

	mk(&ia, TITLE, STORY);
	mk(&ib, TITLE, "<p>By Jane Holloway, Staff Reporter</p>" STORY);
	if ((s = store_open(":memory:", err, sizeof(err))) == NULL ||
	    store_feed(s, "a", "https://a.example/", &fa) == -1 ||
	    store_feed(s, "b", "https://b.example/", &fb) == -1) {
		CHECK(0, "store");
		return;
	}
	store_put_item(s, fa.id, &ia, 1);
	for (i = 0; i < 1000; i++) {
		memset(&it, 0, sizeof(it));
		snprintf(title, sizeof(title), "urn:filler:%d", i);
		item_set(&it.id, title);
		memset(it.hash, 0, HASH_LEN);
		memcpy(it.hash, &i, sizeof(i));
		it.hash[HASH_LEN - 1] = 0x5a;
		it.hashed = true;
		it.sim.hash = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1) | 1;
		it.sim.title = it.sim.hash * 3 | 1;
		it.sim.lead = it.sim.hash * 5 | 1;
		it.sim.tail = it.sim.hash * 7 | 1;
		if (store_put_item(s, fa.id, &it, 1) != STORE_NEW)
			break;
		item_free(&it);
	}
	CHECK_INT(i, 1000, "a thousand more stories stored");
	rc = store_put_item(s, fb.id, &ib, 2);
	CHECK_INT(rc, STORE_MERGED, "the first story is still found");
	feed_state_free(&fa);
	feed_state_free(&fb);
	store_close(s);
	item_free(&ia);
	item_free(&ib);
}

/*
 * Inside a transaction the index rows of new items wait for the commit
 * (store_pend.c), and a near duplicate is still found among them, from
 * the same feed or the next one; a rollback takes them all with the
 * transaction's items, and committed ones are in the table.
 */
static void
test_pending(void)
{
	char			 err[STORE_ERR_LEN], guid[16];
	struct store		*s;
	struct feed_state	 fa, fb;
	struct item		 ia, ib, ic;
	int64_t			 id;

	mk(&ia, TITLE, STORY);
	mk(&ib, TITLE, "<p>By Jane Holloway, Staff Reporter</p>" STORY);
	mk(&ic, "Heat warning for the south", OTHER);
	item_set(&ia.id, "a");
	item_set(&ib.id, "b");
	item_set(&ic.id, "c");
	if ((s = store_open(":memory:", err, sizeof(err))) == NULL ||
	    store_feed(s, "a", "https://a.example/", &fa) == -1 ||
	    store_feed(s, "b", "https://b.example/", &fb) == -1) {
		printf("not ok - store: %s\n", err);
		return;
	}
	CHECK_INT(store_begin(s), 0, "a batch begins");
	CHECK_INT(store_next_feed(s), 0, "feed a");
	CHECK_INT(store_put_item(s, fa.id, &ia, 1), STORE_NEW, "a story");
	CHECK_INT(store_next_feed(s), 0, "feed b");
	CHECK_INT(store_put_item(s, fb.id, &ib, 2), STORE_MERGED,
	    "its near duplicate found before the rows reach the table");
	CHECK_INT(store_put_item(s, fb.id, &ic, 2), STORE_NEW, "another");
	store_rollback(s);
	CHECK_INT(store_count_items(s), 0,
	    "the rollback takes every feed's items");
	CHECK_INT(store_find_near(s, &ia, &id), 0, "and their pending rows");
	CHECK_INT(store_begin(s), 0, "the batch again");
	CHECK_INT(store_next_feed(s), 0, "feed a");
	CHECK_INT(store_put_item(s, fa.id, &ia, 1), STORE_NEW, "a story");
	CHECK_INT(store_commit(s), 0, "commits");
	CHECK_INT(store_begin(s), 0, "next batch");
	CHECK_INT(store_find_near(s, &ib, &id), 1,
	    "committed rows are in the table");
	CHECK_INT(store_find_near(s, &ic, &id), 0,
	    "rolled-back rows are not");
	store_rollback(s);
	snprintf(guid, sizeof(guid), "%s", "b2");
	item_set(&ib.id, guid);
	CHECK_INT(store_put_item(s, fb.id, &ib, 3), STORE_MERGED,
	    "outside a transaction rows go in at once");
	item_free(&ia);
	item_free(&ib);
	item_free(&ic);
	feed_state_free(&fa);
	feed_state_free(&fb);
	store_close(s);
}

/*
 * Signatures stored by an earlier feedd must compare with new ones, so
 * simhash_sign() of a text never changes: a digest of the signatures
 * of 3,000 texts of random words (letters, UTF-8, punctuation at their
 * ends and inside, runs of spaces and newlines, words of 1 to 40
 * bytes) against the digest the byte-at-a-time word hash gave.
 */
static uint64_t
sig_digest(void)
{
	static const char *const pieces[] = {
		"a", "be", "cat", "story", "council", "harbour", "\xc3\xa9t\xc3\xa9",
		"na\xc3\xafve", "\xe2\x80\x94", "don't", "U.S.", "--", "...", "(a)",
		"\"quoted\"", "end.", "x,", "!", "#tag", "e-mail", "2024",
		"extraordinarily", "internationalisation", "antidisestablish"
		    "mentarianism", "a.b.c.d.e.f.g.h.i", "12345678", "1234567",
		"123456789", "abcdefgh,", "abcdefg.", "\xf0\x9f\x98\x80",
	};
	static const char *const gaps[] = { " ", " ", " ", "  ", "\n", " \n ",
	    "" };
	struct simhash_sig	 sig;
	char			 title[256], body[4096];
	uint64_t		 d = 0, r = 88172645463325252ULL;
	size_t			 i, j, n, tl, bl;

	for (i = 0; i < 3000; i++) {
		tl = bl = 0;
		for (j = 0; j < 2 * sizeof(title); j++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			n = r % (sizeof(pieces) / sizeof(*pieces));
			if (j < i % 9 && tl + 80 < sizeof(title))
				tl += (size_t)snprintf(title + tl, sizeof(title) -
				    tl, "%s%s", pieces[n], gaps[(r >> 32) % 7]);
			else if (bl + 80 < sizeof(body) && j < i % 300)
				bl += (size_t)snprintf(body + bl, sizeof(body) -
				    bl, "%s%s", pieces[n], gaps[(r >> 40) % 7]);
		}
		title[tl] = body[bl] = '\0';
		simhash_sign(&sig, title, body);
		d = simhash_mix(d ^ sig.hash) ^ simhash_mix(sig.title + 1) ^
		    simhash_mix(sig.lead + 2) ^ simhash_mix(sig.tail + 3);
	}
	return d;
}

static void
test_stable(void)
{
	CHECK(sig_digest() == 0xade690d217c68d62ULL,
	    "signatures of 3,000 texts unchanged");
}

/*
 * The word hashes as simhash.c first took them, one word at a time,
 * and the title key and lead they make: simhash.c now hashes two
 * halves of a text at once in pieces, which must not change a word.
 */
static int
ref_class(unsigned char c)
{
	if (c == '\0' || c == ' ' || c == '\n')
		return 2;
	return c < 0x80 && ispunct(c) ? 1 : 0;
}

static uint64_t
ref_next(const char **p)
{
	const unsigned char	*s = (const unsigned char *)*p;
	uint64_t		 h, kept;

	while (*s == ' ' || *s == '\n' || ref_class(*s) == 1)
		s++;
	if (*s == '\0') {
		*p = (const char *)s;
		return 0;
	}
	h = kept = 0xcbf29ce484222325ULL;
	for (; ref_class(*s) != 2; s++) {
		h = (h ^ *s) * 0x100000001b3ULL;
		if (ref_class(*s) == 0)
			kept = h;
	}
	*p = (const char *)s;
	return kept ? kept : 1;
}

/* The title key simhash_sign() gives text as a title: every word. */
static uint64_t
ref_title_key(const char *text, size_t *words)
{
	uint64_t	 h = 0, w;

	*words = 0;
	while ((w = ref_next(&text)) != 0) {
		h = simhash_mix(h ^ w);
		(*words)++;
	}
	return *words < 3 ? 0 : h | 1;
}

/* The key of the first 12 words of text, as simhash_sign()'s lead. */
static uint64_t
ref_lead(const char *text)
{
	uint64_t	 h = 0, w;
	size_t		 n = 0;

	while (n < 12 && (w = ref_next(&text)) != 0) {
		h = simhash_mix(h ^ w);
		n++;
	}
	return n < 12 ? 0 : h | 1;
}

/* Compares text as a title (with a body of enough words for a
 * signature) and as the end of a body; returns false on a difference. */
static bool
same_as_ref(const char *text, char *body, size_t bodylen)
{
	static const char	 filler[] = "one two three four five six seven "
	    "eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
	    "seventeen eighteen nineteen twenty";
	struct simhash_sig	 sig;
	size_t			 words;
	uint64_t		 key = ref_title_key(text, &words);

	simhash_sign(&sig, text, filler);
	if (sig.title != key)
		return false;
	snprintf(body, bodylen, "%s %s", text, filler);
	simhash_sign(&sig, "", body);
	return sig.lead == ref_lead(body);
}

static void
test_lanes(void)
{
	static const char	 alpha[] = { 'a', '.', ' ', '\n', '\xc3' };
	static char		 text[40000], body[40200];
	uint64_t		 r = 0x9e3779b97f4a7c15ULL;
	size_t			 len, i, k, bad = 0, n = 0;

	/* every text of up to 7 bytes over letter, punctuation, space,
	 * newline and a byte of UTF-8 */
	for (len = 0; len <= 7; len++) {
		for (k = 1, i = 0; i < len; i++)
			k *= sizeof(alpha);
		for (i = 0; i < k; i++, n++) {
			size_t	 j, v = i;

			for (j = 0; j < len; j++, v /= sizeof(alpha))
				text[j] = alpha[v % sizeof(alpha)];
			text[len] = '\0';
			bad += !same_as_ref(text, body, sizeof(body));
		}
	}
	CHECK_INT((long long)n, 97656, "every text of up to 7 bytes tried");
	CHECK_INT((long long)bad, 0, "and each hashes as one word at a time "
	    "did");
	/* long texts, cut into pieces: words up to 9,000 bytes long,
	 * lone spaces and punctuation at the cuts */
	for (bad = n = 0; n < 300; n++) {
		size_t	 total = n * 131 % sizeof(text);

		for (len = 0; len < total; ) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			k = r % 100 == 0 ? r % 9000 : r % 12;
			for (i = 0; i < k && len < total; i++)
				text[len++] = (char)('a' + (r >> 20) % 26);
			if (len < total)
				text[len++] = alpha[(r >> 8) % sizeof(alpha)];
		}
		text[len] = '\0';
		bad += !same_as_ref(text, body, sizeof(body));
	}
	CHECK_INT((long long)bad, 0, "300 texts of up to 40,000 bytes hash "
	    "as one word at a time did");
}

int
main(void)
{
	test_stable();
	test_lanes();
	test_signature();
	test_store();
	test_two_connections();
	test_filter_growth();
	test_pending();
	return unit_done();
}
