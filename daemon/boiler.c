/*
 * boiler.c — what publishing platforms glue onto items (see boiler.h).
 *
 * Text patterns are fnmatch(3) globs matched against a block's whole
 * text, white space collapsed, case ignored, with and without the
 * punctuation and symbols around it ("Read more \xc2\xbb", "(comments)").
 * Selectors are the simplest CSS ones: "tag", ".class", "#id",
 * "tag.class", "tag#id".
 *
 * A link or other inline element is boilerplate only where it stands
 * alone: nothing but punctuation and white space around it on its line
 * (its block's text between two block boundaries or <br>).  The one
 * exception is a "Continue reading" or "Read more" tail after a
 * finished sentence (boiler_tails): a link that ends the line after a
 * full stop is no part of the sentence.  A link in running text --
 * "the <a>comments</a> on my blog", "working order. <a>Read more on
 * the product blog</a>." -- is the article's own words and stays.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "boiler.h"
#include "vec16.h"

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

/* Texts (punctuation around them aside) of the links that may also end
 * a line after a finished sentence: the excerpt tails. */
static const char *const boiler_tails[] = {
	"continue reading*", "keep reading*", "read more",
	"read the full article*", "read the full story*", "read the rest*",
};

/* Elements that start a line (a new block, or <br>): the edges of the
 * line an inline element must stand alone on, and the blocks holding
 * it.  Sorted. */
static const char *const boiler_breaks[] = {
	"article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt",
	"figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
	"header", "hr", "li", "ol", "p", "pre", "section", "table", "td",
	"th", "tr", "ul",
};

/* What boiler_inline() finds before the element under test, on its
 * line. */
struct boiler_line {
	bool		 words_before;	/* letters or digits */
	int32_t		 last;		/* last non-blank code point, '\n'
					   (blank) while none */
};

/* Longer than any built-in text that ends in a word ("related
 * articles"). */
#define BOILER_BARE_MAX	32

/* Text of the block under test, white space collapsed; one per thread,
 * as the worker pool (work.h) cleans on several. */
static _Thread_local char	 gathered[BOILER_TEXT_MAX + 2];
static _Thread_local size_t	 ngathered;

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
static bool
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
boiler_selector(const struct html_node *n, const char *sel, size_t len)
{
	size_t		 t = strcspn(sel, ".#");
	const char	*v;

	if (t > len)
		t = len;
	if (t > 0 && (strlen(n->name) != t ||
	    strncasecmp(n->name, sel, t) != 0))
		return false;
	if (t == len)
		return true;
	v = html_attr(n, sel[t] == '.' ? "class" : "id");
	if (sel[t] == '.')
		return boiler_has_word(v, sel + t + 1, len - t - 1);
	return v != NULL && strlen(v) == len - t - 1 &&
	    strncmp(v, sel + t + 1, len - t - 1) == 0;
}

/* Any line of lines a selector n matches. */
static bool
boiler_selectors(const struct html_node *n, const char *lines)
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
boiler_element(const struct boiler *b, const struct html_node *n)
{
	const char	*cls;

	if (n->attrs != NULL && (cls = html_attr(n, "class")) != NULL &&
	    boiler_class_known(cls, strlen(cls)))
		return true;
	if (b == NULL)
		return false;
	return (b->global && boiler_selectors(n, b->global->strip_element)) ||
	    (b->feed && boiler_selectors(n, b->feed->strip_element));
}

/* How many of the sixteen bytes at s collapse to themselves after
 * what was gathered: none a control or 0xc2 (which may start a
 * no-break space), no second space of two, no space after the last one
 * kept. */
static unsigned
boiler_plain16(const char *s)
{
	vec16		 x = v16_load(s);
	unsigned	 sp = v16_bits(v16_eq(x, ' ')), stop;

	stop = v16_bits(v16_or(v16_below(x, ' '), v16_eq(x, 0xc2))) |
	    (sp & sp >> 1) << 1 | 0x10000;
	if ((sp & 1) && (ngathered == 0 || gathered[ngathered - 1] == ' '))
		stop |= 1;
	return (unsigned)__builtin_ctz(stop);
}

/* A piece of text, white space collapsed, into gathered (past
 * BOILER_TEXT_MAX: the block is too long to be boilerplate).  Sixteen
 * bytes at a time are copied and as many kept as were plain. */
static void
boiler_gather_piece(const char *s, size_t n)
{
	const char	*e = s + n;
	unsigned	 k;

	for (; s < e && ngathered <= BOILER_TEXT_MAX; s++) {
		while (e - s >= 16 && ngathered + 16 <= BOILER_TEXT_MAX + 1) {
			memcpy(gathered + ngathered, s, 16);
			k = boiler_plain16(s);
			ngathered += k;
			s += k;
			if (k < 16)
				break;
		}
		if (s == e || ngathered > BOILER_TEXT_MAX)
			break;
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

/* A plain piece (html.h) is itself, but for a space leading it where
 * one was last or none yet: it is copied, or found too long at once. */
static void
boiler_gather_plain(const char *s, size_t n)
{
	if (n > 0 && *s == ' ' && (ngathered == 0 ||
	    gathered[ngathered - 1] == ' ')) {
		s++;
		n--;
	}
	if (n > BOILER_TEXT_MAX + 1 - ngathered) {
		ngathered = BOILER_TEXT_MAX + 1;
		return;
	}
	memcpy(gathered + ngathered, s, n);
	ngathered += n;
}

/* Text of a subtree, white space collapsed, into gathered; false once
 * it is longer than BOILER_TEXT_MAX. */
static bool
boiler_gather(const struct html_node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->kind == HTML_ELEMENT) {
			if (!boiler_gather(n->children))
				return false;
			continue;
		}
		if (n->plain)
			boiler_gather_plain(n->text, n->len);
		else
			boiler_gather_piece(n->text, n->len);
		if (ngathered > BOILER_TEXT_MAX)
			return false;
	}
	return true;
}

/*
 * Whether pattern (len bytes) is worth trying on a text cut to its
 * first and last word (cut), or on one whose opening marks were not
 * cut either (again): a pattern ending in a mark cannot match a text
 * ending in a word, one ending in '*' matched it with its closing
 * marks or not at all.
 */
static bool
boiler_worth(const char *pattern, size_t len, bool cut, bool again)
{
	char	 last = pattern[len - 1];

	if (!cut || isalnum((unsigned char)last))
		return true;
	return last == '*' && !again;
}

/*
 * A glob and its literal end after its last '*' (none when that holds
 * a special character), found once: boiler_glob() checks it before
 * fnmatch(3).
 */
struct boiler_glob {
	const char	*pattern;
	size_t		 len;
	size_t		 tail;		/* bytes of literal end, or 0 */
};

static void
boiler_glob_init(struct boiler_glob *g, const char *pattern)
{
	const char	*star = strrchr(pattern, '*');

	g->pattern = pattern;
	g->len = strlen(pattern);
	g->tail = star != NULL && strcspn(star + 1, "*?[]\\") ==
	    strlen(star + 1) ? strlen(star + 1) : 0;
}

/*
 * fnmatch(pattern, text, FNM_CASEFOLD) == 0 (text tlen bytes), with
 * what must hold checked first: the pattern's literal start (up to its
 * first special character, a backslash escaping the next one), and its
 * literal end.  Most texts tried fail there, without fnmatch's set-up
 * and its backtracking through a text of 240 bytes; a pattern with no
 * special character is decided there.  In the C locale (feedd never
 * calls setlocale) FNM_CASEFOLD folds ASCII alone, as tolower() and
 * strncasecmp() do.
 */
static bool
boiler_glob(const struct boiler_glob *g, const char *text, size_t tlen)
{
	const char	*p = g->pattern, *t = text;

	for (; *p != '\0' && *p != '*' && *p != '?' && *p != '['; p++, t++) {
		if (*p == '\\') {
			if (p[1] == '\0')
				break;	/* a trailing one: fnmatch's to read */
			p++;
		}
		if (tolower((unsigned char)*p) != tolower((unsigned char)*t))
			return false;
	}
	if (*p == '\0')
		return *t == '\0';
	if (g->tail > 0 && (tlen < g->tail ||
	    strncasecmp(text + tlen - g->tail, g->pattern + g->len - g->tail,
	    g->tail) != 0))
		return false;
	return fnmatch(g->pattern, text, FNM_CASEFOLD) == 0;
}

#define NTEXTS	(sizeof(boiler_texts) / sizeof(*boiler_texts))
#define NTAILS	(sizeof(boiler_tails) / sizeof(*boiler_tails))
static struct boiler_glob	 glob_texts[NTEXTS], glob_tails[NTAILS];
static pthread_once_t		 globs_once = PTHREAD_ONCE_INIT;

static void
boiler_globs_init(void)
{
	size_t	 i;

	for (i = 0; i < NTEXTS; i++)
		boiler_glob_init(&glob_texts[i], boiler_texts[i]);
	for (i = 0; i < NTAILS; i++)
		boiler_glob_init(&glob_tails[i], boiler_tails[i]);
}

static bool
boiler_patterns(const char *text, size_t tlen, const char *lines, bool cut,
    bool again)
{
	char			 pat[BOILER_TEXT_MAX + 1];
	struct boiler_glob	 g;
	const char		*p;
	size_t			 len;

	for (p = lines; p != NULL && *p; p += len + (p[len] != '\0')) {
		len = strcspn(p, "\n");
		if (len == 0 || len > BOILER_TEXT_MAX ||
		    !boiler_worth(p, len, cut, again))
			continue;
		memcpy(pat, p, len);
		pat[len] = '\0';
		boiler_glob_init(&g, pat);
		if (boiler_glob(&g, text, tlen))
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

	if (author == NULL || strchr("pPwWbB", *text) == NULL || *text == '\0')
		return false;
	for (i = 0; i < sizeof(lead) / sizeof(*lead); i++) {
		n = strlen(lead[i]);
		if (strncasecmp(text, lead[i], n) == 0)
			return strcasecmp(text + n, author) == 0;
	}
	return false;
}

/* The code point at s (n > 0 bytes); *len its length. */
static int32_t
boiler_cp(const char *s, size_t n, size_t *len)
{
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 r;

	if ((unsigned char)*s < 0x80) {
		*len = 1;
		return (unsigned char)*s;
	}
	r = utf8proc_iterate((const utf8proc_uint8_t *)s,
	    n > 4 ? 4 : (utf8proc_ssize_t)n, &cp);
	*len = r > 0 ? (size_t)r : 1;
	return r > 0 ? cp : 0xfffd;
}

/* A letter, a mark or a digit: part of a word, not punctuation. */
static bool
boiler_is_word(int32_t cp)
{
	utf8proc_category_t	 cat;

	if (cp < 0x80)
		return isalnum(cp);
	cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

/* text with the punctuation, symbols and spaces around it cut, into
 * out (BOILER_TEXT_MAX + 2 bytes); false when there were none. */
static bool
boiler_trim(const char *text, char *out)
{
	const char	*s = text, *e = text + strlen(text), *p;
	size_t		 len;

	while (s < e && !boiler_is_word(boiler_cp(s, (size_t)(e - s), &len)))
		s += len;
	while (e > s) {
		for (p = e - 1; p > s && ((unsigned char)*p & 0xc0) == 0x80;
		    p--)
			;
		if (boiler_is_word(boiler_cp(p, (size_t)(e - p), &len)))
			break;
		e = p;
	}
	if (s == text && *e == '\0')
		return false;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return true;
}

static bool
boiler_has_user_texts(const struct boiler *b)
{
	return b != NULL && (b->author != NULL ||
	    (b->global && b->global->strip_text) ||
	    (b->feed && b->feed->strip_text));
}

/*
 * Whether text is boilerplate by a built-in or a user's rule.  cut:
 * text has been cut to its first and last word, again: at its end
 * only, after the whole text was tried (boiler_worth()).
 */
static bool
boiler_match(const struct boiler *b, const char *text, bool cut,
    bool again)
{
	const struct boiler_glob	*g;
	size_t				 tlen = strlen(text);
	char				 first;

	pthread_once(&globs_once, boiler_globs_init);
	first = (char)tolower((unsigned char)*text);
	for (g = glob_texts; g < glob_texts + NTEXTS; g++) {
		/* most start with a letter the text must start with too */
		if (islower((unsigned char)g->pattern[0]) &&
		    g->pattern[0] != first)
			continue;
		if (boiler_worth(g->pattern, g->len, cut, again) &&
		    boiler_glob(g, text, tlen))
			return true;
	}
	if (b == NULL)
		return false;
	return boiler_byline(text, b->author) ||
	    (b->global && boiler_patterns(text, tlen,
	    b->global->strip_text, cut, again)) ||
	    (b->feed && boiler_patterns(text, tlen, b->feed->strip_text, cut,
	    again));
}

/*
 * n's text, white space collapsed, into gathered; NULL when it is
 * empty or too long to be boilerplate.  *trimmed: the same without the
 * punctuation around it, or "" when there was none to cut.
 */
static const char *
boiler_text_of(const struct boiler *b, const struct html_node *n,
    char *trimmed)
{
	const char	*text;

	ngathered = 0;
	if (!boiler_gather(n->children))
		return NULL;
	if (ngathered > 0 && gathered[ngathered - 1] == ' ')
		ngathered--;
	gathered[ngathered] = '\0';
	text = gathered + (gathered[0] == ' ');
	if (*text == '\0')
		return NULL;
	/* the built-in texts that end in a word are all short: a longer
	 * text is tried again without its marks only if they led it or
	 * a user's rule may want it (fewer fnmatch calls) */
	if (!boiler_trim(text, trimmed) || (trimmed[0] == text[0] &&
	    strlen(trimmed) > BOILER_BARE_MAX && !boiler_has_user_texts(b)))
		trimmed[0] = '\0';
	return text;
}

bool
boiler_text(const struct boiler *b, const struct html_node *n)
{
	char		 trimmed[BOILER_TEXT_MAX + 2];
	const char	*text;

	if ((text = boiler_text_of(b, n, trimmed)) == NULL)
		return false;
	return boiler_match(b, text, false, false) || (trimmed[0] != '\0' &&
	    boiler_match(b, trimmed, true, trimmed[0] == text[0]));
}

static bool
boiler_is_blank(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == 0xa0;
}

static bool
boiler_is_break(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(boiler_breaks) / sizeof(*boiler_breaks); i++)
		if (boiler_breaks[i][0] == name[0] &&
		    strcmp(boiler_breaks[i], name) == 0)
			return true;
	return false;
}

/*
 * The walks out from the element under test go node by node, text and
 * empty elements, in document order or against it, and end at a break
 * or at block, the element's nearest ancestor that starts a line: a
 * line's text is read only as far as its first word on either side.
 * (A walk over the whole block from its start made a paragraph of
 * 20,000 "Read more" links take 22 s.)
 */
static const struct html_node *
boiler_before(const struct html_node *n, const struct html_node *block)
{
	while (n->prev == NULL)
		if ((n = n->parent) == block || boiler_is_break(n->name))
			return NULL;
	for (n = n->prev; n->kind == HTML_ELEMENT && n->last != NULL;
	    n = n->last)
		if (boiler_is_break(n->name))
			return NULL;
	return n->kind == HTML_ELEMENT && boiler_is_break(n->name) ? NULL : n;
}

static const struct html_node *
boiler_after(const struct html_node *n, const struct html_node *block)
{
	while (n->next == NULL)
		if ((n = n->parent) == block || boiler_is_break(n->name))
			return NULL;
	for (n = n->next; n->kind == HTML_ELEMENT && n->children != NULL;
	    n = n->children)
		if (boiler_is_break(n->name))
			return NULL;
	return n->kind == HTML_ELEMENT && boiler_is_break(n->name) ? NULL : n;
}

/* Text before the element, read backwards into l; true once it has
 * a word (nothing further back matters). */
static bool
boiler_back_piece(struct boiler_line *l, const char *s, size_t n)
{
	const char	*p = s + n, *c;
	size_t		 len;
	int32_t		 cp;

	while (p > s) {
		for (c = p - 1; c > s && ((unsigned char)*c & 0xc0) == 0x80;
		    c--)
			;
		cp = boiler_cp(c, (size_t)(p - c), &len);
		p = c;
		if (boiler_is_blank(cp))
			continue;
		if (l->last == '\n')
			l->last = cp;
		if (boiler_is_word(cp))
			return l->words_before = true;
	}
	return false;
}

/* Whether text after the element has a word. */
static bool
boiler_has_words(const char *s, size_t n)
{
	const char	*e = s + n;
	size_t		 len;

	for (; s < e; s += len)
		if (boiler_is_word(boiler_cp(s, (size_t)(e - s), &len)))
			return true;
	return false;
}

/* What ends a sentence, or a line. */
static bool
boiler_is_end(int32_t cp)
{
	return cp == '\n' || (cp < 0x80 && strchr(".!?:;])\"'", cp)) ||
	    cp == 0x2026 || cp == 0x2019 || cp == 0x201d || cp == 0xbb;
}

bool
boiler_inline(const struct boiler *b, const struct html_node *n)
{
	const struct html_node	*block, *p;
	char			 trimmed[BOILER_TEXT_MAX + 2];
	const char		*text, *key;
	struct boiler_line	 l;
	size_t			 i, len;
	bool			 bracketed;

	if ((text = boiler_text_of(b, n, trimmed)) == NULL ||
	    (!boiler_match(b, text, false, false) && (trimmed[0] == '\0' ||
	    !boiler_match(b, trimmed, true, trimmed[0] == text[0]))))
		return false;
	key = trimmed[0] != '\0' ? trimmed : text;
	/* "[Read more]", "(more...)": a link set apart by its own marks */
	bracketed = trimmed[0] != '\0' && !boiler_is_word(boiler_cp(text,
	    strlen(text), &len));
	/* the nearest ancestor that starts a line, or the body */
	for (block = n->parent; block->parent != NULL &&
	    !boiler_is_break(block->name); block = block->parent)
		;
	for (p = n; (p = boiler_after(p, block)) != NULL; )
		if (p->kind == HTML_TEXT && boiler_has_words(p->text, p->len))
			return false;
	memset(&l, 0, sizeof(l));
	l.last = '\n';
	for (p = n; (p = boiler_before(p, block)) != NULL; )
		if (p->kind == HTML_TEXT && boiler_back_piece(&l, p->text,
		    p->len))
			break;
	if (!l.words_before)
		return true;
	if (!boiler_is_end(l.last) && !bracketed)
		return false;
	pthread_once(&globs_once, boiler_globs_init);
	for (i = 0; i < NTAILS; i++)
		if (boiler_glob(&glob_tails[i], key, strlen(key)))
			return true;
	return false;
}
