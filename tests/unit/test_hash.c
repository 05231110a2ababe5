/*
 * test_hash.c — the same story hashes the same whatever its markup;
 * different stories never; identities for items that have none.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "feed.h"
#include "hash.h"
#include "unit.h"

static const struct {
	const char	*html, *want;
} norm_cases[] = {
	{ "<p>Hello <b>World</b></p>", "hello world" },
	{ "<p>a</p><p>b</p>", "a b" },
	{ "a<br>b", "a b" },
	{ "<b>H</b>ello", "hello" },
	{ "it\xe2\x80\x99s \xe2\x80\x9cquoted\xe2\x80\x9d", "it's \"quoted\"" },
	{ "wait\xe2\x80\xa6 a\xe2\x80\x94" "b", "wait... a-b" },
	{ "\xef\xbc\xa1\xef\xbc\xa2", "ab" },		/* fullwidth, NFKC */
	{ "Stra\xc3\x9f" "e", "strasse" },		/* case fold */
	{ "soft\xc2\xad" "hyphen", "softhyphen" },
	{ "AT&amp;T &lt;x&gt; &#65;&#x42;", "at&t <x> ab" },
	{ "  lots\n\tof   space  ", "lots of space" },
	{ "", "" },
};

struct story {
	const char	*title, *content, *summary, *link;
};

/* Pairs that are the same story. */
static const struct story same[][2] = {
	{ { "Big News", "<p>The <em>quick</em> fox.</p>", NULL, "https://a/1" },
	  { "Big  News", "<p>The quick fox.</p>\n", NULL,
	    "https://a/1?utm_source=rss" } },
	{ { "It\xe2\x80\x99s here", "<div>Text &amp; more</div>", NULL, NULL },
	  { "It's here", "<p>Text &#38; more</p>", NULL, NULL } },
	{ { "T", NULL, "<p>only a summary</p>", NULL },
	  { "t", NULL, "only a   summary", NULL } },
	{ { "Caf\xc3\xa9", "x", NULL, NULL },
	  { "Cafe\xcc\x81", "X", NULL, NULL } },
};

/* Pairs that are different stories. */
static const struct story differ[][2] = {
	{ { "Big News", "<p>The quick fox.</p>", NULL, NULL },
	  { "Big News", "<p>The slow fox.</p>", NULL, NULL } },
	{ { "Big News", "<p>x</p>", NULL, NULL },
	  { "Small News", "<p>x</p>", NULL, NULL } },
	{ { "ab", "c", NULL, NULL },
	  { "a", "bc", NULL, NULL } },
	{ { "T", "<p>content</p>", "<p>s</p>", NULL },
	  { "T", "<p>s</p>", "<p>content</p>", NULL } },
};

static void
story_item(struct item *it, const struct story *s)
{
	memset(it, 0, sizeof(*it));
	item_set(&it->title, s->title);
	item_set(&it->content, s->content);
	item_set(&it->summary, s->summary);
	item_set(&it->link, s->link);
	item_set(&it->id, "id");
	clean_item(it, "https://feed.example/");
	hash_item(it);
}

static void
test_pairs(void)
{
	struct item	 a, b;
	size_t		 i;
	char		 what[160];

	for (i = 0; i < sizeof(same) / sizeof(*same); i++) {
		story_item(&a, &same[i][0]);
		story_item(&b, &same[i][1]);
		snprintf(what, sizeof(what), "same story: %s", same[i][0].title);
		CHECK(a.hashed && b.hashed &&
		    memcmp(a.hash, b.hash, HASH_LEN) == 0, what);
		item_free(&a);
		item_free(&b);
	}
	for (i = 0; i < sizeof(differ) / sizeof(*differ); i++) {
		story_item(&a, &differ[i][0]);
		story_item(&b, &differ[i][1]);
		snprintf(what, sizeof(what), "different stories: %s/%s",
		    differ[i][0].title, differ[i][1].title);
		CHECK(memcmp(a.hash, b.hash, HASH_LEN) != 0, what);
		item_free(&a);
		item_free(&b);
	}
}

static void
test_identity(void)
{
	struct item	 it;
	char		 first[128];

	memset(&it, 0, sizeof(it));
	item_set(&it.id, "guid-1");
	item_set(&it.link, "https://a/1");
	hash_item(&it);
	CHECK_STR(it.id, "guid-1", "identity: feed's id kept");
	item_free(&it);

	memset(&it, 0, sizeof(it));
	item_set(&it.id, "");
	item_set(&it.link, "https://a/1");
	hash_item(&it);
	CHECK_STR(it.id, "https://a/1", "identity: empty id becomes link");
	item_free(&it);

	memset(&it, 0, sizeof(it));
	item_set(&it.title, "T");
	it.published = 1700000000;
	hash_item(&it);
	CHECK(it.id && strncmp(it.id, "urn:feedd:", 10) == 0 &&
	    strlen(it.id) == 10 + 64, "identity: urn:feedd: + hex SHA-256");
	snprintf(first, sizeof(first), "%s", it.id ? it.id : "");
	item_free(&it);

	memset(&it, 0, sizeof(it));
	item_set(&it.title, "T");
	it.published = 1700000001;
	hash_item(&it);
	CHECK(it.id && strcmp(it.id, first) != 0,
	    "identity: another date, another id");
	item_free(&it);

	memset(&it, 0, sizeof(it));
	item_set(&it.title, "T");
	it.published = 1700000000;
	item_set(&it.content, "other text");
	hash_item(&it);
	CHECK_STR(it.id, first, "identity: same title and date, same id");
	item_free(&it);
}

static void
test_bytes(void)
{
	unsigned char	 h[HASH_LEN];
	char		 hex[HASH_HEX_LEN];

	hash_bytes("abc", 3, h);
	hash_hex(h, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "sha-256 of abc (FIPS 180-2)");
}

/*
 * The sixteen-byte fold against a byte at a time: 20,000 texts of
 * words in both cases, single and double spaces, controls, DEL, and
 * UTF-8 that folds (curly quotes, dashes, ligatures, a combining mark
 * after an ASCII letter, no-break space) at every offset.
 */
static void
test_fold(void)
{
	static const char *const pieces[] = {
		"word", "Word", "WORD", " ", "  ", "\t", "\n", "\x7f", "\x01",
		"\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x94", "\xef\xac\x81",
		"\xcc\x81", "e\xcc\x81", "\xc2\xa0", "\xc3\x89t\xc3\xa9", ".",
		"don't", "0123456789abcdef", "ABCDEFGHIJKLMNOP", "&amp;",
		"<p>", "</p>", "<b>", "&#x301;",
	};
	char		 text[600];
	char		*fast, *slow;
	uint64_t	 r = 0x5851f42d4c957f2dULL;
	size_t		 k, len, n, bad = 0;

	for (k = 0; k < 20000; k++) {
		for (len = 0; len < 500; len += strlen(text + len)) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			n = r % 8 < 5 ? r % 4 : 3 + (r >> 8) %
			    (sizeof(pieces) / sizeof(*pieces) - 3);
			snprintf(text + len, sizeof(text) - len, "%s",
			    pieces[n]);
			if (r % 97 == 0)
				break;
		}
		fast = hash_normalise(text);
		hash_fold_bytewise = true;
		slow = hash_normalise(text);
		hash_fold_bytewise = false;
		bad += strcmp(fast, slow) != 0;
		free(fast);
		free(slow);
	}
	CHECK_INT((long long)bad, 0, "20,000 texts fold alike sixteen "
	    "bytes and a byte at a time");
}

int
main(void)
{
	size_t	 i;
	char	*got, what[160];

	for (i = 0; i < sizeof(norm_cases) / sizeof(*norm_cases); i++) {
		got = hash_normalise(norm_cases[i].html);
		snprintf(what, sizeof(what), "normalise: %s", norm_cases[i].html);
		CHECK_STR(got, norm_cases[i].want, what);
		free(got);
	}
	test_fold();
	test_pairs();
	test_identity();
	test_bytes();
	return unit_done();
}
