/*
 * feed.c — constructors and destructors of the pipeline types (feed.h).
 */
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "xmalloc.h"

#define FEED_MIN_ITEMS	16

const char *
feed_format_name(enum feed_format f)
{
	switch (f) {
	case FORMAT_RSS20:	return "rss2.0";
	case FORMAT_RSS10:	return "rss1.0";
	case FORMAT_RSS09X:	return "rss0.9x";
	case FORMAT_ATOM10:	return "atom1.0";
	case FORMAT_ATOM03:	return "atom0.3";
	case FORMAT_JSONFEED1:	return "jsonfeed1";
	case FORMAT_UNKNOWN:	break;
	}
	return "unknown";
}

void
feed_doc_init(struct feed_doc *doc, const char *url)
{
	memset(doc, 0, sizeof(*doc));
	doc->url = xstrdup(url);
}

void
feed_doc_free(struct feed_doc *doc)
{
	size_t	 i;

	for (i = 0; i < doc->nitems; i++)
		item_free(&doc->items[i]);
	free(doc->items);
	free(doc->url);
	free(doc->title);
	free(doc->link);
	free(doc->description);
	memset(doc, 0, sizeof(*doc));
}

struct item *
feed_doc_add_item(struct feed_doc *doc)
{
	struct item	*it;

	if (doc->nitems == doc->itemcap) {
		doc->itemcap = doc->itemcap ? doc->itemcap * 2 : FEED_MIN_ITEMS;
		doc->items = xreallocarray(doc->items, doc->itemcap,
		    sizeof(*doc->items));
	}
	it = &doc->items[doc->nitems++];
	memset(it, 0, sizeof(*it));
	return it;
}

void
item_free(struct item *it)
{
	size_t	 i;

	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	free(it->base);
	for (i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (i = 0; i < it->nenclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	free(it->uid);
	for (i = 0; i < it->nsources; i++) {
		free(it->sources[i].name);
		free(it->sources[i].title);
		free(it->sources[i].link);
		free(it->sources[i].url);
	}
	free(it->sources);
	memset(it, 0, sizeof(*it));
}

void
item_set(char **field, const char *value)
{
	item_take(field, xstrdup(value));
}

void
item_take(char **field, char *value)
{
	free(*field);
	*field = value;
}

void
item_add_category(struct item *it, const char *term)
{
	it->categories = xreallocarray(it->categories, it->ncategories + 1,
	    sizeof(*it->categories));
	it->categories[it->ncategories++] = xstrdup(term);
}

void
item_add_enclosure(struct item *it, const char *url, const char *type,
    long long length)
{
	struct enclosure	*e;

	it->enclosures = xreallocarray(it->enclosures, it->nenclosures + 1,
	    sizeof(*it->enclosures));
	e = &it->enclosures[it->nenclosures++];
	e->url = xstrdup(url);
	e->type = xstrdup(type);
	e->length = length;
}

void
item_add_source(struct item *it, const char *name, const char *title,
    const char *link, const char *url)
{
	struct item_source	*s;

	it->sources = xreallocarray(it->sources, it->nsources + 1,
	    sizeof(*it->sources));
	s = &it->sources[it->nsources++];
	s->name = xstrdup(name);
	s->title = xstrdup(title);
	s->link = xstrdup(link);
	s->url = xstrdup(url);
}
