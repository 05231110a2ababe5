/*
 * boiler.c — what publishing platforms glue onto items (see boiler.h).
 *
 * Text patterns are fnmatch(3) globs matched against a block's whole
 * text, white space collapsed, case ignored.  Selectors are the
 * simplest CSS ones: "tag", ".class", "#id", "tag.class", "tag#id".
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "boiler.h"

/* Class names of share, related-post, subscribe and footer widgets. */
static const char *const boiler_classes[] = {
	"a2a_kit", "addtoany_share_save_container", "blogger-post-footer",
	"comment-respond", "comments-area", "feedflare", "jp-relatedposts",
	"mf-viral", "more-link", "sharedaddy", "shareaholic-canvas",
	"sharing", "subscribe-widget", "subscription-widget-wrap",
	"wp-block-jetpack-related-posts", "yarpp-related",
};

/*
 * Whole texts of blocks and links nobody reads: the Yoast footer, the
 * excerpt tails of WordPress and Ghost, Medium's closing line, Substack's
 * buttons, the "Like this" and "Share this" of Jetpack.
 */
static const char *const boiler_texts[] = {
	"the post * appeared first on *",
	"the post * first appeared on *",
	"* was originally published in * on medium, where people are "
	    "continuing the conversation by highlighting and responding to "
	    "this story.",
	"continue reading*",
	"read more",
	"read more[!a-z0-9 ]*",
	"read more [!a-z0-9]*",
	"read more on *",
	"read the full article*",
	"read the full story*",
	"keep reading*",
	"\\[read more\\]",
	"(read more)",
	"like this:*",
	"share this:*",
	"related",
	"related posts",
	"related articles",
	"subscribe now",
	"share",
	"leave a comment",
	"comments",
};

/* Text of the block under test, white space collapsed; one per thread,
 * as the worker pool (work.h) cleans on several. */
static _Thread_local char	 gathered[BOILER_TEXT_MAX + 2];
static _Thread_local size_t	 ngathered;

static const char *
boiler_attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	 a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

/* Whether the space-separated list has the word w (length len). */
static bool
boiler_has_word(const char *list, const char *w, size_t len)
{
	const char	*p;
	size_t		 n;

	for (p = list; p != NULL && *p; p += n) {
		p += strspn(p, " \t\n\r\f");
		n = strcspn(p, " \t\n\r\f");
		if (n == len && strncmp(p, w, len) == 0)
			return true;
	}
	return false;
}

static bool
boiler_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The list read once, each word checked only against the names of
 * its length and first letter. */
bool
boiler_class_known(const char *list, size_t len)
{
	const char	*p, *e = list + len, *w;
	size_t		 n, i;

	for (p = list; p < e; ) {
		while (p < e && boiler_blank(*p))
			p++;
		for (w = p; p < e && *p != '\0' && !boiler_blank(*p); p++)
			;
		if ((n = (size_t)(p - w)) == 0)
			break;
		for (i = 0; i < sizeof(boiler_classes) /
		    sizeof(*boiler_classes); i++)
			if (boiler_classes[i][0] == w[0] &&
			    strlen(boiler_classes[i]) == n &&
			    strncmp(w, boiler_classes[i], n) == 0)
				return true;
	}
	return false;
}

bool
boiler_has_selectors(const struct boiler *b)
{
	return b != NULL && ((b->global && b->global->strip_element) ||
	    (b->feed && b->feed->strip_element));
}

bool
boiler_selector_valid(const char *sel)
{
	size_t	 n = strspn(sel, "abcdefghijklmnopqrstuvwxyz0123456789");

	if (sel[n] == '\0')
		return n > 0;
	if (sel[n] != '.' && sel[n] != '#')
		return false;
	sel += n + 1;
	return *sel != '\0' && strcspn(sel, " \t.#>[]:,") == strlen(sel);
}

static bool
boiler_selector(xmlNodePtr n, const char *sel, size_t len)
{
	size_t		 t = strcspn(sel, ".#");
	const char	*v;

	if (t > len)
		t = len;
	if (t > 0 && (strlen((const char *)n->name) != t ||
	    strncasecmp((const char *)n->name, sel, t) != 0))
		return false;
	if (t == len)
		return true;
	v = boiler_attr(n, sel[t] == '.' ? "class" : "id");
	if (sel[t] == '.')
		return boiler_has_word(v, sel + t + 1, len - t - 1);
	return v != NULL && strlen(v) == len - t - 1 &&
	    strncmp(v, sel + t + 1, len - t - 1) == 0;
}

/* Any line of lines a selector n matches. */
static bool
boiler_selectors(xmlNodePtr n, const char *lines)
{
	const char	*p;
	size_t		 len;

	for (p = lines; p != NULL && *p; p += len + (p[len] != '\0')) {
		len = strcspn(p, "\n");
		if (len > 0 && boiler_selector(n, p, len))
			return true;
	}
	return false;
}

bool
boiler_element(const struct boiler *b, xmlNodePtr n)
{
	const char	*cls;

	if (n->properties != NULL && (cls = boiler_attr(n, "class")) != NULL &&
	    boiler_class_known(cls, strlen(cls)))
		return true;
	if (b == NULL)
		return false;
	return (b->global && boiler_selectors(n, b->global->strip_element)) ||
	    (b->feed && boiler_selectors(n, b->feed->strip_element));
}

/* clean_run_fn: a piece of text, white space collapsed, into gathered
 * (past BOILER_TEXT_MAX: the block is too long to be boilerplate).  A
 * run's printable bytes all stay, which may tell that at once. */
static void
boiler_gather_piece(void *unused, const char *s, size_t n,
    const struct clean_run *run)
{
	const char	*e = s + n;

	(void)unused;
	if (run != NULL && ngathered + run->printable > BOILER_TEXT_MAX) {
		ngathered = BOILER_TEXT_MAX + 1;
		return;
	}
	for (; s < e && ngathered <= BOILER_TEXT_MAX; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f' || (s[0] == '\xc2' && s + 1 < e &&
		    s[1] == '\xa0')) {
			s += s[0] == '\xc2';
			if (ngathered && gathered[ngathered - 1] != ' ')
				gathered[ngathered++] = ' ';
		} else
			gathered[ngathered++] = *s;
	}
}

/* Text of a subtree, white space collapsed, into gathered; false once
 * it is longer than BOILER_TEXT_MAX. */
static bool
boiler_gather(const struct clean_runs *runs, xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			if (!boiler_gather(runs, n->children))
				return false;
			continue;
		}
		if (n->type != XML_TEXT_NODE || n->content == NULL)
			continue;
		clean_runs_each(runs, (const char *)n->content,
		    boiler_gather_piece, NULL);
		if (ngathered > BOILER_TEXT_MAX)
			return false;
	}
	return true;
}

static bool
boiler_patterns(const char *text, const char *lines)
{
	char		 pat[BOILER_TEXT_MAX + 1];
	const char	*p;
	size_t		 len;

	for (p = lines; p != NULL && *p; p += len + (p[len] != '\0')) {
		len = strcspn(p, "\n");
		if (len == 0 || len > BOILER_TEXT_MAX)
			continue;
		memcpy(pat, p, len);
		pat[len] = '\0';
		if (fnmatch(pat, text, FNM_CASEFOLD) == 0)
			return true;
	}
	return false;
}

/* "By admin", "Posted by admin": a byline repeating the author field. */
static bool
boiler_byline(const char *text, const char *author)
{
	static const char *const lead[] = { "posted by ", "written by ",
	    "by " };
	size_t	 i, n;

	if (author == NULL)
		return false;
	for (i = 0; i < sizeof(lead) / sizeof(*lead); i++) {
		n = strlen(lead[i]);
		if (strncasecmp(text, lead[i], n) == 0)
			return strcasecmp(text + n, author) == 0;
	}
	return false;
}

bool
boiler_text(const struct boiler *b, xmlNodePtr n)
{
	const char	*text;
	size_t		 i;
	char		 first;

	ngathered = 0;
	if (!boiler_gather(b != NULL ? b->runs : NULL, n->children))
		return false;
	if (ngathered > 0 && gathered[ngathered - 1] == ' ')
		ngathered--;
	gathered[ngathered] = '\0';
	text = gathered + (gathered[0] == ' ');
	if (*text == '\0')
		return false;
	first = (char)tolower((unsigned char)*text);
	for (i = 0; i < sizeof(boiler_texts) / sizeof(*boiler_texts); i++)
		/* most start with a letter the text must start with too */
		if ((!islower((unsigned char)boiler_texts[i][0]) ||
		    boiler_texts[i][0] == first) &&
		    fnmatch(boiler_texts[i], text, FNM_CASEFOLD) == 0)
			return true;
	if (b == NULL)
		return false;
	return boiler_byline(text, b->author) ||
	    (b->global && boiler_patterns(text, b->global->strip_text)) ||
	    (b->feed && boiler_patterns(text, b->feed->strip_text));
}
