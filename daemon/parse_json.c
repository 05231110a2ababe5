/*
 * parse_json.c — JSON Feed 1.0 and 1.1 (jsonfeed.org) to a feed_doc
 * (parse_int.h), with jansson.
 *
 * Fields map as readers map them: content_html is the content and
 * content_text, escaped, stands in when there is none; summary is text;
 * an item without an author of its own takes the feed's (1.1 section
 * "authors": items inherit them).  1.0's "author" object and 1.1's
 * "authors" array are both read.  An id may be a number, as some
 * generators write it; it is then its decimal text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "date.h"
#include "feed.h"
#include "parse_int.h"
#include "url.h"
#include "xmalloc.h"

#define JSONFEED_PREFIX	"https://jsonfeed.org/version/"

/* A string member, or NULL when absent, not a string, or blank. */
static const char *
pj_str(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);
	const char	*s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	return s[strspn(s, " \t\r\n")] == '\0' ? NULL : s;
}

static char *
pj_url(const char *base, const char *ref)
{
	char	*r;

	if (ref == NULL)
		return NULL;
	ref += strspn(ref, " \t\r\n");
	if ((r = url_resolve(base, ref)) == NULL)
		r = xstrdup(ref);
	return r;
}

/* The first named author of an "authors" array or an "author" object. */
static const char *
pj_author(const json_t *o)
{
	const json_t	*a, *one;
	const char	*name;
	size_t		 i;

	a = json_object_get(o, "authors");
	if (json_is_array(a)) {
		json_array_foreach(a, i, one) {
			if ((name = pj_str(one, "name")) != NULL)
				return name;
		}
	}
	return pj_str(json_object_get(o, "author"), "name");
}

static time_t
pj_date(const json_t *o, const char *key)
{
	const char	*s = pj_str(o, key);

	return s != NULL ? date_parse(s) : DATE_NONE;
}

static void
pj_id(struct item *it, const json_t *o)
{
	const json_t	*v = json_object_get(o, "id");
	const char	*s;
	char		 num[32];

	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		item_set(&it->id, num);
	} else if ((s = pj_str(o, "id")) != NULL)
		item_set(&it->id, s);
}

static void
pj_attachments(struct item *it, const json_t *o, const char *base)
{
	const json_t	*a, *one, *size;
	char		*url;
	size_t		 i;

	a = json_object_get(o, "attachments");
	if (!json_is_array(a))
		return;
	json_array_foreach(a, i, one) {
		if ((url = pj_url(base, pj_str(one, "url"))) == NULL)
			continue;
		size = json_object_get(one, "size_in_bytes");
		item_add_enclosure(it, url, pj_str(one, "mime_type"),
		    json_is_integer(size) && json_integer_value(size) >= 0 ?
		    (long long)json_integer_value(size) : -1);
		free(url);
	}
}

static void
pj_tags(struct item *it, const json_t *o)
{
	const json_t	*a, *one;
	size_t		 i;

	a = json_object_get(o, "tags");
	if (!json_is_array(a))
		return;
	json_array_foreach(a, i, one) {
		if (json_is_string(one) && *json_string_value(one) != '\0')
			item_add_category(it, json_string_value(one));
	}
}

static void
pj_item(struct feed_doc *doc, const json_t *o, const char *feed_author)
{
	struct item	*it;
	const char	*s, *author;

	if (!json_is_object(o))
		return;
	it = feed_doc_add_item(doc);
	pj_id(it, o);
	if ((s = pj_str(o, "title")) != NULL)
		item_take(&it->title, parse_escaped(s));
	if ((s = pj_str(o, "url")) == NULL)
		s = pj_str(o, "external_url");
	item_take(&it->link, pj_url(doc->url, s));
	if ((s = pj_str(o, "content_html")) != NULL)
		item_set(&it->content, s);
	else if ((s = pj_str(o, "content_text")) != NULL)
		item_take(&it->content, parse_escaped(s));
	if ((s = pj_str(o, "summary")) != NULL)
		item_take(&it->summary, parse_escaped(s));
	it->published = pj_date(o, "date_published");
	it->updated = pj_date(o, "date_modified");
	if ((author = pj_author(o)) == NULL)
		author = feed_author;
	item_set(&it->author, author);
	pj_tags(it, o);
	pj_attachments(it, o, doc->url);
}

int
parse_json(const char *data, size_t len, struct feed_doc *doc, char *err,
    size_t errlen)
{
	json_t		*root, *items, *one;
	json_error_t	 jerr;
	const char	*version, *s, *author;
	size_t		 i;

	if ((root = json_loadb(data, len, 0, &jerr)) == NULL) {
		snprintf(err, errlen, "json error at line %d: %s", jerr.line,
		    jerr.text);
		return -1;
	}
	version = pj_str(root, "version");
	if (!json_is_object(root) || version == NULL || strncmp(version,
	    JSONFEED_PREFIX, strlen(JSONFEED_PREFIX)) != 0) {
		snprintf(err, errlen, "not a feed: json without a JSON Feed "
		    "version");
		json_decref(root);
		return -1;
	}
	doc->format = FORMAT_JSONFEED1;
	if ((s = pj_str(root, "title")) != NULL)
		item_take(&doc->title, parse_escaped(s));
	item_take(&doc->link, pj_url(doc->url, pj_str(root, "home_page_url")));
	if ((s = pj_str(root, "description")) != NULL)
		item_take(&doc->description, parse_escaped(s));
	items = json_object_get(root, "items");
	author = pj_author(root);
	if (json_is_array(items)) {
		json_array_foreach(items, i, one)
			pj_item(doc, one, author);
	}
	json_decref(root);
	return 0;
}
