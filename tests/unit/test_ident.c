/*
 * test_ident.c — feeds with broken guids fall back to link, then
 * content, and sound feeds keep their own ids.
 */
#include <stdio.h>
#include <string.h>

#include "feed.h"
#include "hash.h"
#include "ident.h"
#include "unit.h"

/* A document of n items: guid (NULL for none), link, text. */
static void
doc_make(struct feed_doc *doc, size_t n, const char *const guids[],
    const char *const links[], const char *const texts[])
{
	struct item	*it;
	size_t		 i;

	feed_doc_init(doc, "https://f.example/feed");
	for (i = 0; i < n; i++) {
		it = feed_doc_add_item(doc);
		item_set(&it->id, guids[i]);
		item_set(&it->link, links[i]);
		item_set(&it->title, texts[i]);
	}
	hash_feed(doc);
}

/*
 * Many feeds, made in no order: each keeps its own state.  Odd ones get
 * a document without guids (link from then on), even ones sound guids;
 * a second sound document must find each feed's mode again.
 */
static void
test_many_feeds(const char *const links[], const char *const texts[],
    const char *const good[], const char *const blank[])
{
	struct feed_doc	 d;
	char		 name[32];
	size_t		 i, k, wrong = 0, n = 1000;

	for (k = 0; k < 2; k++)
		for (i = 0; i < n; i++) {
			/* 617 is prime to 1000: every i once, shuffled */
			size_t	 f = i * 617 % n;

			snprintf(name, sizeof(name), "feed-%zu", f);
			doc_make(&d, 3, k == 0 && f % 2 ? blank : good, links,
			    texts);
			if (ident_check(name, &d) != (f % 2 ? IDENT_LINK :
			    IDENT_GUID))
				wrong++;
			feed_doc_free(&d);
		}
	CHECK_INT(wrong, 0, "1000 feeds made in no order keep their own state");
	ident_reset();
}

int
main(void)
{
	static const char *const links[] = { "https://f.example/1",
	    "https://f.example/2", "https://f.example/3" };
	static const char *const same[] = { "https://f.example/1",
	    "https://f.example/1", "https://f.example/1" };
	static const char *const texts[] = { "One", "Two", "Three" };
	static const char *const good[] = { "g1", "g2", "g3" };
	static const char *const blank[] = { "", NULL, "" };
	static const char *const shared[] = { "x", "x", "y" };
	static const char *const fresh1[] = { "r1", "r2", "r3" };
	static const char *const fresh2[] = { "s1", "s2", "s3" };
	struct feed_doc	 d;

	doc_make(&d, 3, good, links, texts);
	CHECK_INT(ident_check("good", &d), IDENT_GUID, "sound guids kept");
	CHECK_STR(d.items[1].id, "g2", "own id kept");
	feed_doc_free(&d);
	doc_make(&d, 3, good, links, texts);
	CHECK_INT(ident_check("good", &d), IDENT_GUID,
	    "same guids next fetch: still kept");
	feed_doc_free(&d);

	doc_make(&d, 3, blank, links, texts);
	CHECK_INT(ident_check("blank", &d), IDENT_LINK, "blank guids: link");
	CHECK_STR(d.items[0].id, "https://f.example/1", "id is the link");
	feed_doc_free(&d);

	doc_make(&d, 3, shared, links, texts);
	CHECK_INT(ident_check("shared", &d), IDENT_LINK,
	    "one guid on several stories: link");
	CHECK_STR(d.items[1].id, "https://f.example/2", "each item its link");
	feed_doc_free(&d);

	doc_make(&d, 3, shared, same, texts);
	CHECK_INT(ident_check("shared-links", &d), IDENT_CONTENT,
	    "shared guids and links: content");
	CHECK(strncmp(d.items[0].id, "urn:feedd:content:", 18) == 0 &&
	    strcmp(d.items[0].id, d.items[1].id) != 0,
	    "content ids tell the stories apart");
	feed_doc_free(&d);

	doc_make(&d, 3, fresh1, links, texts);
	CHECK_INT(ident_check("rotating", &d), IDENT_GUID,
	    "first fetch: nothing to compare");
	feed_doc_free(&d);
	doc_make(&d, 3, fresh2, links, texts);
	CHECK_INT(ident_check("rotating", &d), IDENT_LINK,
	    "new guids for the same links: link");
	CHECK_STR(d.items[2].id, "https://f.example/3", "rotating: id is link");
	feed_doc_free(&d);
	doc_make(&d, 3, fresh1, links, texts);
	CHECK_INT(ident_check("rotating", &d), IDENT_LINK,
	    "and it stays so");
	feed_doc_free(&d);

	doc_make(&d, 3, good, links, texts);
	CHECK_INT(ident_check("good", &d), IDENT_GUID,
	    "other feeds are not affected");
	feed_doc_free(&d);
	ident_reset();
	test_many_feeds(links, texts, good, blank);
	return unit_done();
}
