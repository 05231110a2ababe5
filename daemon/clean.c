/*
 * clean.c — what a reader of the merged feed wants to see (see clean.h).
 *
 * Fragments are parsed by html.c (which decodes entities and recovers
 * from any tag soup the way libxml2's HTML parser did, and a 2000s
 * browser) and the tree is serialised again by our own walker through
 * an allowlist.  The output is built only from names in the tables
 * below and escaped text, so what the parser made of the input cannot
 * reach the output except as text: no element or attribute we did not
 * name, no raw-text element (script, style, textarea, noscript, xmp)
 * or foreign content (svg, math: only their text is kept,
 * clean_embed.h) whose re-parse by a browser could differ from ours.  An <object> gives way to its
 * fallback content, sanitised like the rest.
 *
 * class and id are never kept: class only matters to stylesheets we do
 * not ship, and id can clobber the reader's DOM.  Before they go, class
 * is read to recognise share widgets.
 *
 * The parse tree, scratch buffers and the rules in effect (tree,
 * scratch_*, rules; boiler.c's gathered) are kept across calls to save
 * their allocation, one set per thread: the worker pool (work.h) cleans
 * on several.  clean_thread_cleanup() releases a thread's set.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "boiler.h"
#include "buf.h"
#include "clean.h"
#include "clean_embed.h"
#include "clean_prep.h"
#include "clean_url.h"
#include "html.h"
#include "names.h"
#include "url.h"
#include "vec16.h"
#include "xmalloc.h"

/* What becomes of an element and its subtree. */
enum clean_action {
	KEEP,		/* element kept, attributes filtered, children walked */
	UNWRAP,		/* element dropped, children walked (font, center) */
	DROP,		/* element and everything in it dropped */
	TEXT,		/* element dropped, the text a reader sees of it
			   kept (math, svg: clean_embed.h) */
};

/* Attributes we keep; an element lists the ones it may carry. */
enum clean_attr {
	AT_TITLE, AT_LANG, AT_DIR, AT_HREF, AT_SRC, AT_ALT, AT_WIDTH,
	AT_HEIGHT, AT_SRCSET, AT_SIZES, AT_COLSPAN, AT_ROWSPAN, AT_SCOPE,
	AT_CITE, AT_DATETIME, AT_START, AT_REVERSED, AT_TYPE, AT_VALUE,
	AT_SPAN, AT_POSTER, AT_CONTROLS, AT_MEDIA, AT_OPEN, AT_ABBR,
	AT_LOOP, AT_MUTED, AT_PRELOAD, AT_COUNT
};

enum clean_kind {
	K_TEXT,		/* any text, escaped */
	K_LINK,		/* URL: http, https or mailto */
	K_MEDIA,	/* URL: http or https only */
	K_SRCSET,	/* list of http(s) URLs with descriptors */
	K_NUMBER,	/* decimal digits */
	K_DIR,		/* ltr, rtl, auto */
	K_BOOL,		/* present or not */
	K_TOKEN,	/* a short word: scope, preload, ol type, MIME type */
};

struct clean_attr_def {
	const char	*name;
	enum clean_kind	 kind;
	size_t		 len;		/* strlen(name) */
};

static const struct clean_attr_def attr_defs[AT_COUNT] = {
	[AT_TITLE] = { "title", K_TEXT, 5 },
	[AT_LANG] = { "lang", K_TOKEN, 4 },
	[AT_DIR] = { "dir", K_DIR, 3 },
	[AT_HREF] = { "href", K_LINK, 4 },
	[AT_SRC] = { "src", K_MEDIA, 3 },
	[AT_ALT] = { "alt", K_TEXT, 3 },
	[AT_WIDTH] = { "width", K_NUMBER, 5 },
	[AT_HEIGHT] = { "height", K_NUMBER, 6 },
	[AT_SRCSET] = { "srcset", K_SRCSET, 6 },
	[AT_SIZES] = { "sizes", K_TEXT, 5 },
	[AT_COLSPAN] = { "colspan", K_NUMBER, 7 },
	[AT_ROWSPAN] = { "rowspan", K_NUMBER, 7 },
	[AT_SCOPE] = { "scope", K_TOKEN, 5 },
	[AT_CITE] = { "cite", K_MEDIA, 4 },
	[AT_DATETIME] = { "datetime", K_TEXT, 8 },
	[AT_START] = { "start", K_NUMBER, 5 },
	[AT_REVERSED] = { "reversed", K_BOOL, 8 },
	[AT_TYPE] = { "type", K_TOKEN, 4 },
	[AT_VALUE] = { "value", K_NUMBER, 5 },
	[AT_SPAN] = { "span", K_NUMBER, 4 },
	[AT_POSTER] = { "poster", K_MEDIA, 6 },
	[AT_CONTROLS] = { "controls", K_BOOL, 8 },
	[AT_MEDIA] = { "media", K_TEXT, 5 },
	[AT_OPEN] = { "open", K_BOOL, 4 },
	[AT_ABBR] = { "abbr", K_TEXT, 4 },
	[AT_LOOP] = { "loop", K_BOOL, 4 },
	[AT_MUTED] = { "muted", K_BOOL, 5 },
	[AT_PRELOAD] = { "preload", K_TOKEN, 7 },
};

#define A(x)		(1u << (x))
#define A_GLOBAL	(A(AT_TITLE) | A(AT_LANG) | A(AT_DIR))
#define A_IMG		(A(AT_SRC) | A(AT_ALT) | A(AT_WIDTH) | A(AT_HEIGHT) | \
			 A(AT_SRCSET) | A(AT_SIZES))
#define A_CELL		(A(AT_COLSPAN) | A(AT_ROWSPAN) | A(AT_SCOPE) | A(AT_ABBR))
#define A_MEDIA		(A(AT_SRC) | A(AT_WIDTH) | A(AT_HEIGHT) | \
			 A(AT_POSTER) | A(AT_CONTROLS) | A(AT_LOOP) | \
			 A(AT_MUTED) | A(AT_PRELOAD))

/* Element flags. */
#define E_VOID		0x01	/* no end tag (HTML void element): what
				   html.c put in it (bgsound) follows it */
#define E_EMPTYDROP	0x02	/* dropped when nothing is left inside */
#define E_BLOCK		0x04	/* separates words in clean_text */
#define E_VISIBLE	0x08	/* counts as something to see by itself */
#define E_CLOSESP	0x10	/* its start tag closes an open <p> (HTML
				   13.2.6.4.7), so it cannot be kept in one */
#define E_TABLEPART	0x20	/* kept only in its place in a <table> */
#define E_LISTITEM	0x40	/* an item's start tag closes an open one */
#define E_BOILER	0x80	/* dropped when its text is boilerplate */
/* What the walk notes on entering an element (clean_element_children). */
#define E_LIST		0x100	/* ul, ol, dl: items inside are new */
#define E_TABLE		0x200	/* table */
#define E_ROW		0x400	/* tr */
#define E_CELL		0x800	/* td, th */
#define E_CAPTION	0x1000	/* caption: a cell's content model */

/* Where in a table the walk is: what may be kept there. */
enum clean_tstate {
	T_NONE,		/* not in a table, or in a cell */
	T_TABLE,	/* in table, tbody, thead, tfoot: rows and sections */
	T_ROW,		/* in tr: cells only */
};

struct clean_elem {
	const char		*name;
	enum clean_action	 action;
	unsigned		 attrs;
	unsigned		 flags;
};

/* Anything not here is UNWRAPped. */
static const struct clean_elem elems[] = {
	{ "a",		KEEP, A(AT_HREF), E_EMPTYDROP | E_BOILER },
	{ "abbr",	KEEP, 0, 0 },
	{ "address",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "applet",	DROP, 0, 0 },
	{ "area",	DROP, 0, E_VOID },
	{ "article",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "aside",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "audio",	KEEP, A_MEDIA, E_BLOCK | E_VISIBLE },
	{ "b",		KEEP, 0, E_EMPTYDROP },
	{ "base",	DROP, 0, E_VOID },
	{ "basefont",	DROP, 0, E_VOID },
	{ "bdi",	KEEP, 0, 0 },
	{ "bdo",	KEEP, 0, 0 },
	{ "bgsound",	DROP, 0, E_VOID },
	{ "blockquote",	KEEP, A(AT_CITE), E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "br",		KEEP, 0, E_VOID | E_BLOCK },
	{ "button",	DROP, 0, 0 },
	{ "canvas",	DROP, 0, 0 },
	{ "caption",	KEEP, 0, E_BLOCK | E_TABLEPART | E_CAPTION },
	{ "cite",	KEEP, 0, E_EMPTYDROP },
	{ "code",	KEEP, 0, E_EMPTYDROP },
	{ "col",	KEEP, A(AT_SPAN), E_VOID | E_TABLEPART },
	{ "colgroup",	KEEP, A(AT_SPAN), E_TABLEPART },
	{ "command",	DROP, 0, 0 },
	{ "data",	KEEP, 0, 0 },
	{ "datalist",	DROP, 0, 0 },
	{ "dd",		KEEP, 0, E_BLOCK | E_CLOSESP | E_LISTITEM },
	{ "del",	KEEP, A(AT_CITE) | A(AT_DATETIME), 0 },
	{ "details",	KEEP, A(AT_OPEN), E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "dfn",	KEEP, 0, 0 },
	{ "dialog",	DROP, 0, 0 },
	{ "div",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "dl",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_LIST },
	{ "dt",		KEEP, 0, E_BLOCK | E_CLOSESP | E_LISTITEM },
	{ "em",		KEEP, 0, E_EMPTYDROP | E_BOILER },
	{ "embed",	DROP, 0, E_VOID },
	{ "fieldset",	DROP, 0, 0 },
	{ "figcaption",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "figure",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "footer",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "form",	DROP, 0, 0 },
	{ "frame",	DROP, 0, E_VOID },
	{ "frameset",	DROP, 0, 0 },
	{ "h1",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "h2",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "h3",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "h4",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "h5",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "h6",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "head",	DROP, 0, 0 },
	{ "header",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "hr",		KEEP, 0, E_VOID | E_BLOCK | E_CLOSESP },
	{ "i",		KEEP, 0, E_EMPTYDROP },
	{ "iframe",	DROP, 0, 0 },
	{ "ilayer",	DROP, 0, 0 },
	{ "img",	KEEP, A_IMG, E_VOID | E_VISIBLE },
	{ "input",	DROP, 0, E_VOID },
	{ "ins",	KEEP, A(AT_CITE) | A(AT_DATETIME), 0 },
	{ "isindex",	DROP, 0, E_VOID },
	{ "kbd",	KEEP, 0, E_EMPTYDROP },
	{ "keygen",	DROP, 0, E_VOID },
	{ "label",	DROP, 0, 0 },
	{ "layer",	DROP, 0, 0 },
	{ "legend",	DROP, 0, 0 },
	{ "li",		KEEP, A(AT_VALUE), E_BLOCK | E_CLOSESP | E_LISTITEM | E_BOILER },
	{ "link",	DROP, 0, E_VOID },
	{ "listing",	DROP, 0, 0 },
	{ "main",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "map",	DROP, 0, 0 },
	{ "mark",	KEEP, 0, E_EMPTYDROP },
	{ "math",	TEXT, 0, 0 },
	{ "menu",	DROP, 0, 0 },
	{ "meta",	DROP, 0, E_VOID },
	{ "meter",	DROP, 0, 0 },
	{ "nav",	DROP, 0, 0 },
	{ "noembed",	DROP, 0, 0 },
	{ "noframes",	DROP, 0, 0 },
	{ "noscript",	DROP, 0, 0 },
	{ "object",	UNWRAP, 0, 0 },	/* its fallback content */
	{ "ol",		KEEP, A(AT_START) | A(AT_REVERSED) | A(AT_TYPE),
			    E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_LIST },
	{ "optgroup",	DROP, 0, 0 },
	{ "option",	DROP, 0, 0 },
	{ "output",	DROP, 0, 0 },
	{ "p",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "param",	DROP, 0, E_VOID },
	{ "picture",	KEEP, 0, E_EMPTYDROP },
	{ "plaintext",	DROP, 0, 0 },
	{ "portal",	DROP, 0, 0 },
	{ "pre",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP },
	{ "progress",	DROP, 0, 0 },
	{ "q",		KEEP, A(AT_CITE), E_EMPTYDROP },
	{ "rp",		KEEP, 0, 0 },
	{ "rt",		KEEP, 0, 0 },
	{ "ruby",	KEEP, 0, 0 },
	{ "s",		KEEP, 0, E_EMPTYDROP },
	{ "samp",	KEEP, 0, E_EMPTYDROP },
	{ "script",	DROP, 0, 0 },
	{ "section",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_BOILER },
	{ "select",	DROP, 0, 0 },
	{ "slot",	DROP, 0, 0 },
	{ "small",	KEEP, 0, E_EMPTYDROP | E_BOILER },
	{ "source",	KEEP, A(AT_SRC) | A(AT_SRCSET) | A(AT_TYPE) |
			    A(AT_MEDIA) | A(AT_SIZES), E_VOID },
	{ "span",	KEEP, 0, E_EMPTYDROP | E_BOILER },
	{ "strike",	KEEP, 0, E_EMPTYDROP },
	{ "strong",	KEEP, 0, E_EMPTYDROP | E_BOILER },
	{ "style",	DROP, 0, 0 },
	{ "sub",	KEEP, 0, E_EMPTYDROP },
	{ "summary",	KEEP, 0, E_BLOCK },
	{ "sup",	KEEP, 0, E_EMPTYDROP },
	{ "svg",	TEXT, 0, 0 },
	{ "table",	KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_TABLE },
	{ "tbody",	KEEP, 0, E_TABLEPART },
	{ "td",		KEEP, A_CELL, E_BLOCK | E_TABLEPART | E_CELL },
	{ "template",	DROP, 0, 0 },
	{ "textarea",	DROP, 0, 0 },
	{ "tfoot",	KEEP, 0, E_TABLEPART },
	{ "th",		KEEP, A_CELL, E_BLOCK | E_TABLEPART | E_CELL },
	{ "thead",	KEEP, 0, E_TABLEPART },
	{ "time",	KEEP, A(AT_DATETIME), 0 },
	{ "title",	DROP, 0, 0 },
	{ "tr",		KEEP, 0, E_BLOCK | E_TABLEPART | E_ROW },
	{ "track",	DROP, 0, E_VOID },
	{ "tt",		KEEP, 0, E_EMPTYDROP },
	{ "u",		KEEP, 0, E_EMPTYDROP },
	{ "ul",		KEEP, 0, E_BLOCK | E_EMPTYDROP | E_CLOSESP | E_LIST },
	{ "var",	KEEP, 0, E_EMPTYDROP },
	{ "video",	KEEP, A_MEDIA, E_BLOCK | E_VISIBLE },
	{ "wbr",	KEEP, 0, E_VOID },
	{ "xml",	DROP, 0, 0 },
	{ "xmp",	DROP, 0, 0 },
};

/* Placeholder images lazy loaders put in src until the real one comes. */
static const char *const lazy_attrs[] = {
	"data-src", "data-lazy-src", "data-original", "data-lazy",
};

struct clean_ctx {
	struct buf	*out;
	const char	*base;
	size_t		 visible;	/* text characters and media kept */
	bool		 in_link;	/* inside a kept <a> */
	bool		 in_para;	/* inside a kept <p> */
	bool		 in_item;	/* in a kept li, dd or dt */
	enum clean_tstate tstate;
	const struct boiler *boiler;	/* rules in effect, or NULL */
};

static _Thread_local struct html_tree *tree;
static _Thread_local struct buf	 scratch_in;	/* the fragment as we feed it */
static _Thread_local struct buf	 scratch_out;	/* clean_html() output */
static _Thread_local struct boiler rules;	/* of the item being cleaned */

static void	clean_children(struct clean_ctx *, const struct html_node *);

static struct names	 elem_names;
static pthread_once_t	 elem_names_once = PTHREAD_ONCE_INIT;

static void
elem_names_init(void)
{
	names_init(&elem_names, elems, sizeof(elems) / sizeof(*elems),
	    sizeof(*elems));
}

static const struct clean_elem *
elem_find(const char *k)
{
	long	 i;

	pthread_once(&elem_names_once, elem_names_init);
	return (i = names_find(&elem_names, k)) < 0 ? NULL : &elems[i];
}

/* Parses a fragment into tree; returns its body.  A fragment of valid
 * UTF-8 without bogus comments (what the feed parser gives) is parsed
 * where it is, others from a mended copy. */
static const struct html_node *
clean_parse(const char *html)
{
	size_t	 len = strlen(html);

	if (tree == NULL)
		tree = html_tree_new();
	if (clean_fit(html, len))
		return html_parse(tree, html, len);
	buf_reset(&scratch_in);
	clean_utf8(&scratch_in, html, len);
	if (clean_has_bogus(scratch_in.data, scratch_in.len))
		clean_bogus_comments(&scratch_in, 0);
	return html_parse(tree, scratch_in.data, scratch_in.len);
}

/*
 * Appends text escaped for HTML, without control characters (XML 1.0,
 * which the published feeds are, cannot carry C0 controls, U+FFFE or
 * U+FFFF).  attr escapes for a double-quoted attribute value as well.
 */
#define CLEAN_X8	1, 1, 1, 1, 1, 1, 1, 1
/* Bytes clean_escape_n() looks at: controls, markup, DEL, and 0xef,
 * which starts U+FFFE and U+FFFF. */
static const unsigned char clean_esc_bytes[256] = {
	CLEAN_X8, CLEAN_X8, CLEAN_X8, CLEAN_X8,
	['"'] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, [0x7f] = 1, [0xef] = 1,
};
#undef CLEAN_X8

/* How many bytes from p on clean_esc_bytes does not name (most:
 * letters, digits, most UTF-8), sixteen at a time. */
static size_t
clean_esc_span(const unsigned char *p, const unsigned char *e)
{
	const unsigned char	*s = p;
	vec16			 x;
	unsigned		 m;

	for (; e - p >= 16; p += 16) {
		x = v16_load(p);
		m = v16_bits(v16_or(v16_or(v16_or(v16_below(x, 0x20),
		    v16_eq(x, '"')), v16_or(v16_eq(x, '&'), v16_eq(x, '<'))),
		    v16_or(v16_or(v16_eq(x, '>'), v16_eq(x, 0x7f)),
		    v16_eq(x, 0xef))));
		if (m != 0)
			return (size_t)(p - s) + (size_t)__builtin_ctz(m);
	}
	while (p < e && !clean_esc_bytes[*p])
		p++;
	return (size_t)(p - s);
}

static void
clean_escape_n(struct buf *b, const char *s, size_t n, bool attr)
{
	const unsigned char	*p = (const unsigned char *)s, *run = p;
	const unsigned char	*e = p + n;
	const char		*rep;

	for (; (p += clean_esc_span(p, e)) < e; p++) {
		switch (*p) {
		case '&':	rep = "&amp;"; break;
		case '<':	rep = "&lt;"; break;
		case '>':	rep = "&gt;"; break;
		case '"':	rep = attr ? "&quot;" : NULL; break;
		case '\t': case '\n': case '\r':
				rep = NULL; break;
		case 0xef:
			rep = e - p > 2 && p[1] == 0xbf &&
			    (p[2] == 0xbe || p[2] == 0xbf) ? "" : NULL;
			if (rep != NULL) {
				buf_append(b, run, (size_t)(p - run));
				p += 2;
				run = p + 1;
				continue;
			}
			break;
		default:
			rep = *p < 0x20 || *p == 0x7f ? "" : NULL;
			break;
		}
		if (rep == NULL)
			continue;
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, rep);
		run = p + 1;
	}
	buf_append(b, run, (size_t)(e - run));
}

static void
clean_escape(struct buf *b, const char *s, bool attr)
{
	clean_escape_n(b, s, strlen(s), attr);
}

/* clean_text_fn: a piece of text, escaped. */
static void
clean_escape_piece(void *b, const char *s, size_t n)
{
	clean_escape_n(b, s, n, false);
}

static bool
clean_is_space(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' &&
		    *s != '\f')
			return false;
	return true;
}


/*
 * The values an element keeps, by attribute id, those set marked in
 * set (the rest of v is not read, so not cleared: an element has a few
 * of 28).  Those allocated here (URLs) are in own too, marked in owned;
 * the others are the parse tree's, which lives until the next
 * fragment, or constants.
 */
struct clean_vals {
	const char	*v[AT_COUNT];
	char		*own[AT_COUNT];
	unsigned	 set;		/* A(id) */
	unsigned	 owned;		/* A(id) */
};

static const char *
clean_val(const struct clean_vals *vals, enum clean_attr id)
{
	return vals->set & A(id) ? vals->v[id] : NULL;
}

/* Sets a value the element borrows. */
static void
clean_val_put(struct clean_vals *vals, enum clean_attr id, const char *v)
{
	vals->v[id] = v;
	vals->set |= A(id);
}

/* Sets a value made here, which clean_vals_free() frees. */
static void
clean_val_own(struct clean_vals *vals, enum clean_attr id, char *v)
{
	if (vals->owned & A(id))
		free(vals->own[id]);
	clean_val_put(vals, id, vals->own[id] = v);
	vals->owned |= A(id);
}

static void
clean_vals_free(struct clean_vals *vals)
{
	unsigned	 left;

	for (left = vals->owned; left != 0; left &= left - 1)
		free(vals->own[__builtin_ctz(left)]);
}

/* Sets the value an allowed attribute keeps after cleaning, if any. */
static void
clean_attr_value(struct clean_ctx *c, struct clean_vals *vals,
    enum clean_attr id, const char *v)
{
	switch (attr_defs[id].kind) {
	case K_TEXT:
		clean_val_put(vals, id, v);
		break;
	case K_LINK:
		clean_val_own(vals, id, url_clean(c->base, v));
		break;
	case K_MEDIA:
		clean_val_own(vals, id, clean_media_url(c->base, v));
		break;
	case K_SRCSET:
		clean_val_own(vals, id, clean_srcset(c->base, v));
		break;
	case K_NUMBER:
		clean_val_put(vals, id, clean_is_number(v) ? v : NULL);
		break;
	case K_DIR:
		clean_val_put(vals, id, strcasecmp(v, "ltr") == 0 ||
		    strcasecmp(v, "rtl") == 0 || strcasecmp(v, "auto") == 0 ?
		    v : NULL);
		break;
	case K_BOOL:
		clean_val_put(vals, id, attr_defs[id].name);
		break;
	case K_TOKEN:
		clean_val_put(vals, id, clean_is_token(v) ? v : NULL);
		break;
	}
}

static void
clean_put_attr(struct buf *out, const char *name, const char *value)
{
	buf_putc(out, ' ');
	buf_puts(out, name);
	buf_puts(out, "=\"");
	clean_escape(out, value, true);
	buf_putc(out, '"');
}

/*
 * The cleaned values of n's allowed attributes, by id; lookups by name
 * are linear but elements carry few attributes.
 */
static void
clean_attrs(struct clean_ctx *c, const struct html_node *n,
    const struct clean_elem *e, struct clean_vals *vals)
{
	const struct html_attr	*a;
	unsigned		 allowed = e->attrs | A_GLOBAL, left;
	int			 id;

	vals->set = vals->owned = 0;
	for (a = n->attrs; a != NULL; a = a->next) {
		for (left = allowed; left != 0; left &= left - 1) {
			id = __builtin_ctz(left);
			if (a->name[0] == attr_defs[id].name[0] &&
			    strcmp(a->name, attr_defs[id].name) == 0)
				break;
		}
		if (left == 0 || clean_val(vals, id) != NULL)
			continue;
		clean_attr_value(c, vals, (enum clean_attr)id,
		    a->value != NULL ? a->value : "");
	}
}

/*
 * Images: the lazy loader's real source promoted to src, trackers
 * (1x1 and known counting hosts) refused.  false: drop the image.
 */
static bool
clean_img(struct clean_ctx *c, const struct html_node *n,
    struct clean_vals *vals)
{
	const char	*v;
	size_t		 i;

	if (clean_is_placeholder(html_attr(n, "src"))) {
		for (i = 0; i < sizeof(lazy_attrs) / sizeof(*lazy_attrs); i++)
			if ((v = html_attr(n, lazy_attrs[i])) != NULL) {
				clean_val_own(vals, AT_SRC,
				    clean_media_url(c->base, v));
				break;
			}
		if (clean_val(vals, AT_SRCSET) == NULL &&
		    (v = html_attr(n, "data-srcset")) != NULL)
			clean_val_own(vals, AT_SRCSET,
			    clean_srcset(c->base, v));
	}
	if (clean_val(vals, AT_SRC) == NULL &&
	    clean_val(vals, AT_SRCSET) == NULL)
		return false;
	if (clean_val(vals, AT_WIDTH) && clean_val(vals, AT_HEIGHT) &&
	    atoi(vals->v[AT_WIDTH]) <= 1 && atoi(vals->v[AT_HEIGHT]) <= 1)
		return false;
	return !clean_is_tracker_img(clean_val(vals, AT_SRC));
}

/* Whether n is kept at all, given its element entry and cleaned attrs. */
static bool
clean_elem_wanted(struct clean_ctx *c, const struct html_node *n,
    const struct clean_elem *e, struct clean_vals *vals)
{
	if (e->name[0] == 'i' && strcmp(e->name, "img") == 0)
		return clean_img(c, n, vals);
	if (e->name[0] == 'a' && e->name[1] == '\0')
		return !clean_is_tracker_link(clean_val(vals, AT_HREF));
	return true;
}

/*
 * Whether e may be kept at this point of a table (HTML 13.2.6.4.9-15):
 * elsewhere a browser would move it (foster parenting) or ignore it.
 */
static bool
clean_table_fits(const struct clean_ctx *c, const struct clean_elem *e)
{
	bool	 cell = (e->flags & E_CELL) != 0;

	if (c->tstate == T_ROW)
		return cell;
	if (c->tstate == T_TABLE)
		return (e->flags & E_TABLEPART) && !cell;
	return !(e->flags & E_TABLEPART);
}

/* The children of a kept element, with what it forbids inside noted. */
static void
clean_element_children(struct clean_ctx *c, const struct html_node *n,
    const struct clean_elem *e)
{
	bool			 link = c->in_link, para = c->in_para;
	bool			 item = c->in_item;
	enum clean_tstate	 tstate = c->tstate;

	if (e->attrs & A(AT_HREF))
		c->in_link = true;
	if (e->name[0] == 'p' && e->name[1] == '\0')
		c->in_para = true;
	if (e->flags & E_LISTITEM)
		c->in_item = true;
	else if (e->flags & E_LIST)
		c->in_item = false;
	if (e->flags & E_TABLE)
		c->tstate = T_TABLE;
	else if (e->flags & E_ROW)
		c->tstate = T_ROW;
	else if (e->flags & (E_CELL | E_CAPTION)) {
		c->tstate = T_NONE;
		c->in_para = false;
		c->in_item = false;
	}
	clean_children(c, n->children);
	c->in_link = link;
	c->in_para = para;
	c->in_item = item;
	c->tstate = tstate;
}

/* Whether n holds only boilerplate: a block by its whole text, an
 * inline element only where it stands alone on its line (boiler.h). */
static bool
clean_is_boiler(struct clean_ctx *c, const struct html_node *n,
    const struct clean_elem *e)
{
	if (e->flags & E_BLOCK)
		return boiler_text(c->boiler, n);
	return boiler_inline(c->boiler, n);
}

/* A formula or a drawing: the text a reader sees of it, escaped; none
 * where a browser would move text out of a table. */
static void
clean_embed(struct clean_ctx *c, const struct html_node *n)
{
	size_t	 start = c->out->len;

	if (c->tstate != T_NONE)
		return;
	clean_embed_text(n, clean_escape_piece, c->out);
	if (c->out->len > start && !clean_is_space(buf_str(c->out) + start))
		c->visible++;
}

static void
clean_element(struct clean_ctx *c, const struct html_node *n)
{
	const struct clean_elem	*e;
	struct clean_vals	 vals;
	const char		*ws;
	size_t			 start, inner, seen;
	unsigned		 left;
	int			 id;

	if ((e = elem_find(n->name)) != NULL && e->action == DROP) {
		/* html.c does not know every void element (bgsound): it
		 * makes what follows one its children, where a browser
		 * closes it at once */
		if (e->flags & E_VOID)
			clean_children(c, n->children);
		return;
	}
	if (boiler_element(c->boiler, n) ||
	    (e != NULL && e->flags & E_BOILER && clean_is_boiler(c, n, e)))
		return;
	if (e != NULL && e->action == TEXT) {
		clean_embed(c, n);
		return;
	}
	if (e == NULL || e->action == UNWRAP ||
	    (c->in_link && e->attrs & A(AT_HREF)) ||
	    (c->in_para && e->flags & E_CLOSESP) ||
	    (e->flags & E_LISTITEM && c->in_item) ||
	    !clean_table_fits(c, e)) {
		/* a link in a link, a block in a paragraph: html.c nests
		 * them, a browser closes the outer one, so the output would
		 * not re-parse the same: keep the words, not the element */
		clean_children(c, n->children);
		return;
	}
	clean_attrs(c, n, e, &vals);
	if (!clean_elem_wanted(c, n, e, &vals)) {
		if (e->flags & E_VOID)
			clean_children(c, n->children);
		goto done;
	}
	if (e->attrs & A(AT_HREF) && clean_val(&vals, AT_HREF) == NULL) {
		/* a link we cannot keep still has its words */
		clean_children(c, n->children);
		goto done;
	}
	if (e->attrs & A(AT_CONTROLS) && clean_val(&vals, AT_CONTROLS) == NULL)
		clean_val_put(&vals, AT_CONTROLS, "controls");
	start = c->out->len;
	buf_putc(c->out, '<');
	buf_puts(c->out, e->name);
	for (left = vals.set; left != 0; left &= left - 1)
		if (vals.v[id = __builtin_ctz(left)] != NULL)
			clean_put_attr(c->out, attr_defs[id].name, vals.v[id]);
	buf_putc(c->out, '>');
	if (e->flags & E_VISIBLE)
		c->visible++;
	if (e->flags & E_VOID) {
		clean_children(c, n->children);
		goto done;
	}
	inner = c->out->len;
	seen = c->visible;
	clean_element_children(c, n, e);
	if ((e->flags & E_EMPTYDROP) && (c->out->len == inner ||
	    (c->visible == seen && clean_is_space(c->out->data + inner)))) {
		/* an inline element goes, its white space stays as one
		 * space or newline: "<span> </span>" between words,
		 * "<tt>\n</tt>" between the lines of a <pre> */
		ws = e->flags & E_BLOCK ? NULL : strpbrk(c->out->data + inner,
		    " \t\r\n");
		c->out->len = start;
		if (ws != NULL)
			buf_putc(c->out, strpbrk(ws, "\r\n") ? '\n' : ' ');
		c->out->data[c->out->len] = '\0';
		goto done;
	}
	buf_puts(c->out, "</");
	buf_puts(c->out, e->name);
	buf_putc(c->out, '>');
done:
	clean_vals_free(&vals);
}

static void
clean_children(struct clean_ctx *c, const struct html_node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->kind == HTML_ELEMENT) {
			clean_element(c, n);
			continue;
		}
		if (!clean_is_space(n->text)) {
			/* a browser would move it out of the table */
			if (c->tstate != T_NONE)
				continue;
			c->visible++;
		}
		clean_escape_n(c->out, n->text, n->len, false);
	}
}

/* A copy of the scratch output, or NULL when nothing is left. */
static char *
clean_result(struct buf *out, bool keep)
{
	if (!keep || out->len == 0 || clean_is_space(buf_str(out)))
		return NULL;
	return xstrndup(out->data, out->len);
}

char *
clean_html(const char *html, const char *base)
{
	struct clean_ctx	 c;
	const struct html_node	*body;

	if (html == NULL)
		return NULL;
	/* the output is built in scratch and copied once, at its size */
	buf_reset(&scratch_out);
	if (strpbrk(html, "<&") == NULL) {
		/* plain text: nothing for a parser to find */
		buf_reset(&scratch_in);
		clean_utf8(&scratch_in, html, strlen(html));
		clean_escape(&scratch_out, buf_str(&scratch_in), false);
		return clean_result(&scratch_out, true);
	}
	body = clean_parse(html);
	memset(&c, 0, sizeof(c));
	c.out = &scratch_out;
	c.base = base;
	c.tstate = T_NONE;
	c.boiler = &rules;
	clean_children(&c, body->children);
	/* visible text may have been only control characters, escaped away;
	 * media alone (an image) is something to see */
	return clean_result(&scratch_out, c.visible > 0 &&
	    (scratch_out.len > 0));
}

/*
 * Plain text finishing: control characters (C0, DEL, C1, U+FFFE/F)
 * dropped, runs of white space (ASCII and no-break) made one space,
 * trimmed, NFC.  s must be valid UTF-8.  NULL when nothing is left.
 */
static char *
clean_finish(const char *s)
{
	struct buf		 b;
	const unsigned char	*p = (const unsigned char *)s;
	bool			 space = false, ascii = true;
	char			*nfc;

	buf_init(&b, 0);
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\f' || (p[0] == 0xc2 && p[1] == 0xa0)) {
			space = true;
			p += *p == 0xc2 ? 2 : 1;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] < 0xa0) ||
		    (p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)) {
			p += *p < 0x80 ? 1 : *p == 0xc2 ? 2 : 3;
			continue;
		}
		if (space && b.len)
			buf_putc(&b, ' ');
		space = false;
		if (*p >= 0x80)
			ascii = false;
		buf_putc(&b, *p++);
		while ((*p & 0xc0) == 0x80)
			buf_putc(&b, *p++);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	if (ascii)
		return buf_take(&b);
	nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)b.data);
	if (nfc == NULL)
		return buf_take(&b);
	buf_free(&b);
	return nfc;
}

/* clean_text_fn: a piece of text into the buf arg. */
static void
clean_text_piece(void *b, const char *s, size_t n)
{
	buf_append(b, s, n);
}

/* Text of a subtree: DROP elements skipped, blocks separated by space. */
static void
clean_text_walk(struct buf *b, const struct html_node *n)
{
	const struct clean_elem	*e;

	for (; n != NULL; n = n->next) {
		if (n->kind == HTML_TEXT)
			buf_append(b, n->text, n->len);
		else {
			e = elem_find(n->name);
			if (e != NULL && e->action == TEXT) {
				clean_embed_text(n, clean_text_piece, b);
				continue;
			}
			if (e != NULL && e->action == DROP) {
				if (e->flags & E_VOID)
					clean_text_walk(b, n->children);
				continue;
			}
			if (e != NULL && (e->flags & E_BLOCK))
				buf_putc(b, ' ');
			clean_text_walk(b, n->children);
			if (e != NULL && (e->flags & E_BLOCK))
				buf_putc(b, ' ');
		}
	}
}

char *
clean_text(const char *html)
{
	struct buf	 b;
	char		*out;

	if (html == NULL)
		return NULL;
	if (strpbrk(html, "<&") == NULL)
		return clean_plain(html);
	buf_init(&b, 0);
	clean_text_walk(&b, clean_parse(html)->children);
	out = clean_finish(buf_str(&b));
	buf_free(&b);
	return out;
}

char *
clean_plain(const char *text)
{
	struct buf	 b;
	char		*out;

	if (text == NULL)
		return NULL;
	buf_init(&b, 0);
	clean_utf8(&b, text, strlen(text));
	out = clean_finish(buf_str(&b));
	buf_free(&b);
	return out;
}

/* An http(s) link, cleaned, or NULL: what link fields may hold. */
static char *
clean_link(const char *base, const char *ref)
{
	return ref ? clean_media_url(base, ref) : NULL;
}

static void
clean_enclosures(struct item *it, const char *base)
{
	size_t	 i, j;
	char	*u;

	for (i = j = 0; i < it->nenclosures; i++) {
		u = clean_link(base, it->enclosures[i].url);
		free(it->enclosures[i].url);
		if (u != NULL && clean_is_not_media(u)) {
			free(u);
			u = NULL;
		}
		if (u == NULL) {
			free(it->enclosures[i].type);
			continue;
		}
		it->enclosures[j] = it->enclosures[i];
		it->enclosures[j].url = u;
		item_take(&it->enclosures[j].type,
		    clean_plain(it->enclosures[j].type));
		j++;
	}
	it->nenclosures = j;
}

static void
clean_categories(struct item *it)
{
	size_t	 i, j;
	char	*c;

	for (i = j = 0; i < it->ncategories; i++) {
		c = clean_plain(it->categories[i]);
		free(it->categories[i]);
		if (c != NULL)
			it->categories[j++] = c;
	}
	it->ncategories = j;
}

void
clean_item(struct item *it, const char *doc_url)
{
	const char	*base = it->base ? it->base : doc_url;
	struct buf	 b;

	item_take(&it->title, clean_text(it->title));
	item_take(&it->author, clean_plain(it->author));
	rules.author = it->author;
	item_take(&it->summary, clean_html(it->summary, base));
	item_take(&it->content, clean_html(it->content, base));
	rules.author = NULL;
	item_take(&it->link, clean_link(base, it->link));
	if (it->id != NULL) {
		buf_init(&b, 0);
		clean_utf8(&b, it->id, strlen(it->id));
		item_take(&it->id, buf_take(&b));
	}
	clean_enclosures(it, base);
	clean_categories(it);
}

void
clean_feed_rules(struct feed_doc *doc, const struct clean_rules *global,
    const struct clean_rules *feed)
{
	rules.global = global;
	rules.feed = feed;
	clean_feed(doc);
	rules.global = rules.feed = NULL;
}

void
clean_feed(struct feed_doc *doc)
{
	size_t	 i;

	item_take(&doc->title, clean_text(doc->title));
	item_take(&doc->description, clean_text(doc->description));
	item_take(&doc->link, clean_link(doc->url, doc->link));
	for (i = 0; i < doc->nitems; i++)
		clean_item(&doc->items[i], doc->url);
}

void
clean_thread_cleanup(void)
{
	if (tree != NULL)
		html_tree_free(tree);
	tree = NULL;
	buf_free(&scratch_in);
	buf_free(&scratch_out);
}
