/*
 * dump.c — the parse dump of DESIGN.md (dump.h), written with jansson.
 *
 * Objects are built in the documented key order and serialised with
 * JSON_PRESERVE_ORDER; UTF-8 is written as it is, not as \u escapes.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "date.h"
#include "dump.h"
#include "feed.h"
#include "log.h"
#include "xmalloc.h"

#define DUMP_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* A string, or null for NULL.  Fields are valid UTF-8 by feed.h's
 * contract; a broken one is shown as null rather than aborting. */
static json_t *
dump_str(const char *s)
{
	json_t	*j;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) == NULL)
		return json_null();
	return j;
}

static json_t *
dump_date(time_t t)
{
	char	 iso[DATE_ISO_LEN];

	if (t == DATE_NONE)
		return json_null();
	date_format_iso(t, iso);
	return json_string(iso);
}

static void
dump_set(json_t *obj, const char *key, json_t *value)
{
	if (value == NULL || json_object_set_new(obj, key, value) == -1)
		fatalx("dump: out of memory");
}

static void
dump_push(json_t *arr, json_t *value)
{
	if (value == NULL || json_array_append_new(arr, value) == -1)
		fatalx("dump: out of memory");
}

static json_t *
dump_object(void)
{
	json_t	*o;

	if ((o = json_object()) == NULL)
		fatalx("dump: out of memory");
	return o;
}

static json_t *
dump_array(void)
{
	json_t	*a;

	if ((a = json_array()) == NULL)
		fatalx("dump: out of memory");
	return a;
}

static json_t *
dump_enclosure(const struct enclosure *e)
{
	json_t	*o = dump_object();

	dump_set(o, "url", dump_str(e->url));
	dump_set(o, "type", dump_str(e->type));
	dump_set(o, "length", e->length >= 0 ?
	    json_integer((json_int_t)e->length) : json_null());
	return o;
}

static json_t *
dump_item(const struct item *it)
{
	json_t	*o = dump_object(), *cats = dump_array(), *encs = dump_array();
	size_t	 i;

	dump_set(o, "id", dump_str(it->id));
	dump_set(o, "title", dump_str(it->title));
	dump_set(o, "link", dump_str(it->link));
	dump_set(o, "published", dump_date(it->published));
	dump_set(o, "updated", dump_date(it->updated));
	dump_set(o, "author", dump_str(it->author));
	dump_set(o, "summary", dump_str(it->summary));
	dump_set(o, "content", dump_str(it->content));
	for (i = 0; i < it->ncategories; i++)
		if (it->categories[i] != NULL)
			dump_push(cats, dump_str(it->categories[i]));
	dump_set(o, "categories", cats);
	for (i = 0; i < it->nenclosures; i++)
		dump_push(encs, dump_enclosure(&it->enclosures[i]));
	dump_set(o, "enclosures", encs);
	return o;
}

char *
dump_feed(const struct feed_doc *doc)
{
	json_t	*o = dump_object(), *items = dump_array();
	char	*text, *out;
	size_t	 i, n;

	dump_set(o, "format", json_string(feed_format_name(doc->format)));
	dump_set(o, "title", dump_str(doc->title));
	dump_set(o, "link", dump_str(doc->link));
	dump_set(o, "description", dump_str(doc->description));
	dump_set(o, "updated", dump_date(doc->updated));
	for (i = 0; i < doc->nitems; i++)
		dump_push(items, dump_item(&doc->items[i]));
	dump_set(o, "items", items);
	if ((text = json_dumps(o, DUMP_FLAGS)) == NULL)
		fatalx("dump: json_dumps failed");
	json_decref(o);
	n = strlen(text);
	out = xmalloc(n + 2);
	memcpy(out, text, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	free(text);
	return out;
}
