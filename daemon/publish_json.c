/*
 * publish_json.c — the merged feed as JSON Feed 1.1 (see publish.h).
 *
 * jsonfeed.org/version/1.1 requires version, title and items on the
 * feed, id and one of content_html/content_text on each item.  summary
 * is plain text there, so a summary beside the content is given as its
 * text.  Which feeds carried an item goes in an extension object,
 * "_feedd" (the spec's rule: names starting with an underscore), with
 * the same fields as atom:source.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clean.h"
#include "date.h"
#include "log.h"
#include "publish.h"
#include "xmalloc.h"

#define JSON_VERSION	"https://jsonfeed.org/version/1.1"
#define JSON_NO_TYPE	"application/octet-stream"

/* Sets key to the string s, when there is one, through the same
 * filter as the XML formats (no C0 controls but tab and newlines, no
 * invalid UTF-8), so that every format says the same. */
static void
json_put(json_t *o, const char *key, const char *s)
{
	json_t	*v;
	char	*c;

	if (s == NULL)
		return;
	c = publish_chars(s);
	if ((v = json_string(c)) != NULL)
		json_object_set_new(o, key, v);
	free(c);
}

/* A JSON string of s through publish_chars, or null. */
static json_t *
json_chars(const char *s)
{
	json_t	*v;
	char	*c;

	c = publish_chars(s);
	v = json_string(c);
	free(c);
	return v ? v : json_null();
}

static void
json_put_date(json_t *o, const char *key, time_t t)
{
	char	 iso[DATE_ISO_LEN];

	date_format_iso(t, iso);
	json_put(o, key, iso);
}

static json_t *
json_author(const char *name)
{
	json_t	*a, *o;

	a = json_array();
	o = json_object();
	json_put(o, "name", name);
	json_array_append_new(a, o);
	return a;
}

static json_t *
json_sources(const struct item *it)
{
	json_t	*ext, *srcs, *o;
	size_t	 i;

	srcs = json_array();
	for (i = 0; i < it->nsources; i++) {
		o = json_object();
		json_put(o, "name", it->sources[i].name);
		json_put(o, "title", it->sources[i].title);
		json_put(o, "home_page_url", it->sources[i].link);
		json_put(o, "feed_url", it->sources[i].url);
		json_array_append_new(srcs, o);
	}
	ext = json_object();
	json_object_set_new(ext, "sources", srcs);
	return ext;
}

static json_t *
json_attachments(const struct item *it)
{
	json_t	*a, *o;
	size_t	 i;

	a = json_array();
	for (i = 0; i < it->nenclosures; i++) {
		if (it->enclosures[i].url == NULL)
			continue;
		o = json_object();
		json_put(o, "url", it->enclosures[i].url);
		json_put(o, "mime_type", it->enclosures[i].type ?
		    it->enclosures[i].type : JSON_NO_TYPE);
		if (it->enclosures[i].length >= 0)
			json_object_set_new(o, "size_in_bytes",
			    json_integer(it->enclosures[i].length));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
json_item(const struct publish_meta *m, const struct item *it)
{
	json_t	*o, *tags;
	char	*s;
	size_t	 i;

	o = json_object();
	s = publish_id(it);
	json_put(o, "id", s);
	free(s);
	json_put(o, "url", it->link);
	s = publish_title(it);
	json_put(o, "title", s);
	free(s);
	json_put(o, "content_html", it->content ? it->content :
	    it->summary ? it->summary : "");
	if (it->content && it->summary) {
		s = clean_text(it->summary);
		json_put(o, "summary", s);
		free(s);
	}
	if (it->published != DATE_NONE)
		json_put_date(o, "date_published", it->published);
	json_put_date(o, "date_modified", publish_updated(it, m->now));
	if (it->author && *it->author)
		json_object_set_new(o, "authors", json_author(it->author));
	if (it->ncategories > 0) {
		tags = json_array();
		for (i = 0; i < it->ncategories; i++)
			if (it->categories[i] && *it->categories[i])
				json_array_append_new(tags,
				    json_chars(it->categories[i]));
		json_object_set_new(o, "tags", tags);
	}
	if (it->nenclosures > 0)
		json_object_set_new(o, "attachments", json_attachments(it));
	if (it->nsources > 0)
		json_object_set_new(o, "_feedd", json_sources(it));
	return o;
}

static json_t *
json_head(const struct publish_meta *m)
{
	const char	*title = m->title ? m->title : "feedd";
	json_t		*o, *hubs, *hub;
	char		*url;

	o = json_object();
	json_put(o, "version", JSON_VERSION);
	json_put(o, "title", title);
	url = publish_url(m->base_url, "/");
	json_put(o, "home_page_url", url);
	free(url);
	url = publish_self(m, ".json");
	json_put(o, "feed_url", url);
	free(url);
	/* No feed-level authors: readers give them to every item without
	 * its own (JSON Feed 1.1), which would invent authorship. */
	if (m->hub) {
		hubs = json_array();
		hub = json_object();
		json_put(hub, "type", "WebSub");
		json_put(hub, "url", m->hub);
		json_array_append_new(hubs, hub);
		json_object_set_new(o, "hubs", hubs);
	}
	return o;
}

char *
publish_json(const struct publish_meta *m, const struct item *items,
    size_t n, size_t *len)
{
	json_t	*feed, *arr;
	char	*out;
	size_t	 i;

	feed = json_head(m);
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_item(m, &items[i]));
	json_object_set_new(feed, "items", arr);
	out = json_dumps(feed, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(feed);
	if (out == NULL) {
		log_warnx("publish: json_dumps failed");
		return NULL;
	}
	*len = strlen(out);
	return out;
}
