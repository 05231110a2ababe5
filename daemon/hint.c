/*
 * hint.c — a feed's own polling hints (see hint.h).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "feed.h"
#include "hint.h"
#include "parse_xml.h"
#include "schedule.h"

#define NS_SY		"http://purl.org/rss/1.0/modules/syndication/"
#define HINT_MAX_TTL	(365L * 24 * 60)	/* minutes: a year will do */

static bool
hint_is(const xmlNode *n, const char *name, const char *ns)
{
	if (n->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)n->name, name) != 0)
		return false;
	if (ns == NULL)
		return true;
	return n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0;
}

/* The first text of n, NULL if none (libxml2's own, not a copy). */
static const char *
hint_text(const xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next)
		if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL)
			return (const char *)n->content;
	return NULL;
}

static void
hint_skip_hours(struct feed_doc *doc, const xmlNode *n)
{
	long	 h;

	for (n = n->children; n != NULL; n = n->next)
		if (hint_is(n, "hour", NULL) &&
		    (h = parse_whole(hint_text(n))) >= 0 && h <= 24)
			doc->skip_hours |= 1u << (h % 24);	/* 24 is 0 */
}

static void
hint_skip_days(struct feed_doc *doc, const xmlNode *n)
{
	static const char *const days[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	const char	*t;
	size_t		 i, len;

	for (n = n->children; n != NULL; n = n->next) {
		if (!hint_is(n, "day", NULL) || (t = hint_text(n)) == NULL)
			continue;
		while (isspace((unsigned char)*t))
			t++;
		len = strcspn(t, " \t\r\n");
		for (i = 0; i < 7; i++)
			if (len == strlen(days[i]) &&
			    strncasecmp(t, days[i], len) == 0)
				doc->skip_days |= 1u << i;
	}
}

/* The element holding the channel's children: <channel>, or the root. */
static const xmlNode *
hint_channel(const xmlNode *root)
{
	const xmlNode	*n;

	for (n = root->children; n != NULL; n = n->next)
		if (hint_is(n, "channel", NULL))
			return n;
	return NULL;
}

void
hint_read(struct feed_doc *doc, const xmlNode *root)
{
	const xmlNode	*ch, *n;
	const char	*period = NULL, *freq = NULL;
	long		 ttl = -1, sy;

	if (root == NULL || (ch = hint_channel(root)) == NULL)
		return;
	for (n = ch->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (hint_is(n, "updatePeriod", NS_SY))
			period = hint_text(n);
		else if (hint_is(n, "updateFrequency", NS_SY))
			freq = hint_text(n);
		else if (n->ns != NULL && n->ns->href != NULL &&
		    strcmp((const char *)n->ns->href, NS_SY) == 0)
			continue;
		else if (hint_is(n, "ttl", NULL))
			ttl = parse_whole(hint_text(n));
		else if (hint_is(n, "skipHours", NULL))
			hint_skip_hours(doc, n);
		else if (hint_is(n, "skipDays", NULL))
			hint_skip_days(doc, n);
	}
	/* RSS 1.0 puts sy: in its channel; some RSS 2.0 feeds too. */
	sy = sched_sy_period(period, freq);
	if (ttl > HINT_MAX_TTL)
		ttl = HINT_MAX_TTL;
	doc->hint = ttl > 0 ? ttl * 60 : 0;
	if (sy > doc->hint)
		doc->hint = sy;
}
