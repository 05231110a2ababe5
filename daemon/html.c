/*
 * html.c — an HTML fragment as a tree, the way libxml2 2.9 reads it
 * (see html.h).
 *
 * The cleaner's tests describe what libxml2 2.9.14's HTML parser made
 * of a fragment after "<body>" (htmlCtxtReadMemory in recovery mode),
 * so this parser follows that one step for step: its name stack and
 * the implied end tags of its htmlStartClose table, end tags closing
 * only through elements of no higher priority (htmlGetEndPriority),
 * its references, and its quirks (a '.' in a tag name, "/>" ending any
 * element, a NUL from "&#0;" ending an attribute value).  All white
 * space is kept: with its default keepBlanks libxml2's areBlanks() only
 * decides whether text opens an implied <p>, and with <body> open none
 * ever does (htmlCheckParagraph acts only under html or head).  Where
 * it differs, on purpose:
 *
 *  - embed, source, track, wbr and keygen are void, as in HTML5:
 *    libxml2 2.9 knows only HTML 4's empty elements and nests what
 *    follows them inside them, where no browser puts it.
 *  - </body> and </html> close nothing, and a misplaced <body/>,
 *    <head/> or <html/> (whose "/>" libxml2 takes as the end of the
 *    innermost element) never closes the body: libxml2 closes it there
 *    and puts what follows outside (in an implied <p>), where the
 *    cleaner never looks; a browser shows it.
 *  - Past HTML_DEPTH_MAX open elements a start tag opens nothing (its
 *    end tag closes the nearest open element of its name) and what is
 *    inside goes to the deepest element: libxml2 stops parsing there
 *    and loses the rest of the fragment.
 *  - Comments, processing instructions and doctypes are not nodes, so
 *    text on either side of one is one text node.
 *
 * Names and strings go into an arena of chunks that the next parse
 * reuses: after the first fragments a parse allocates nothing.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/chvalid.h>

#include "buf.h"
#include "html.h"
#include "names.h"
#include "vec16.h"
#include "xmalloc.h"

#define HTML_CHUNK_BYTES	(64 * 1024)	/* arena chunk, at least */
#define HTML_KEEP_BYTES		(1024 * 1024)	/* arena kept between parses */
#define HTML_NAME_MAX		100	/* libxml2: HTML_PARSER_BUFFER_SIZE */
#define HTML_ENTITY_MAX		32	/* longer names are in no table */
#define HTML_SEEN_MIN		64	/* slots of the attribute name set */
#define HTML_SEEN_KEEP		4096	/* ... kept between parses */

/*
 * The elements libxml2's tables name, by id (names.h finds them); ids
 * follow the sorted names.  Any other name is E_OTHER and, as in libxml2,
 * closes nothing, is closed by nothing and has the default priority.
 */
enum html_elem_id {
	E_OTHER, E_A, E_ABBR, E_ACRONYM, E_ADDRESS, E_AREA, E_B, E_BASE,
	E_BASEFONT, E_BDO, E_BIG, E_BLOCKQUOTE, E_BODY, E_BR, E_CAPTION,
	E_CENTER, E_CITE, E_CODE, E_COL, E_COLGROUP, E_DD, E_DFN, E_DIR,
	E_DIV, E_DL, E_DT, E_EM, E_EMBED, E_FIELDSET, E_FONT, E_FORM,
	E_FRAME, E_FRAMESET, E_H1, E_H2, E_H3, E_H4, E_H5, E_H6, E_HEAD,
	E_HR, E_HTML, E_I, E_IFRAME, E_IMG, E_INPUT, E_ISINDEX, E_KBD,
	E_KEYGEN, E_LEGEND, E_LI, E_LINK, E_LISTING, E_MAP, E_MENU, E_META,
	E_NOSCRIPT, E_OL, E_OPTGROUP, E_OPTION, E_P, E_PARAM, E_PRE, E_Q,
	E_S, E_SAMP, E_SCRIPT, E_SMALL, E_SOURCE, E_SPAN, E_STRIKE,
	E_STRONG, E_STYLE, E_SUB, E_SUP, E_TABLE, E_TBODY, E_TD, E_TFOOT,
	E_TH, E_THEAD, E_TITLE, E_TR, E_TRACK, E_TT, E_U, E_UL, E_VAR,
	E_WBR, E_XMP, E_COUNT
};

#define F_VOID	0x1	/* no content: popped as soon as opened */
#define F_RAW	0x2	/* script, style: text up to its end tag */
#define F_ROOT	0x4	/* html, head, body: a start tag is dropped */

struct html_elem {
	const char	*name;
	uint8_t		 flags;
	uint8_t		 prio;	/* htmlGetEndPriority(): an end tag closes
				   nothing of a higher one on its way */
};

#define PRIO_DEFAULT	100

static const struct html_elem elems[E_COUNT] = {
	[E_OTHER] = { "", 0, PRIO_DEFAULT },
	[E_A] = { "a", 0, PRIO_DEFAULT },
	[E_ABBR] = { "abbr", 0, PRIO_DEFAULT },
	[E_ACRONYM] = { "acronym", 0, PRIO_DEFAULT },
	[E_ADDRESS] = { "address", 0, PRIO_DEFAULT },
	[E_AREA] = { "area", F_VOID, PRIO_DEFAULT },
	[E_B] = { "b", 0, PRIO_DEFAULT },
	[E_BASE] = { "base", F_VOID, PRIO_DEFAULT },
	[E_BASEFONT] = { "basefont", F_VOID, PRIO_DEFAULT },
	[E_BDO] = { "bdo", 0, PRIO_DEFAULT },
	[E_BIG] = { "big", 0, PRIO_DEFAULT },
	[E_BLOCKQUOTE] = { "blockquote", 0, PRIO_DEFAULT },
	[E_BODY] = { "body", F_ROOT, 200 },
	[E_BR] = { "br", F_VOID, PRIO_DEFAULT },
	[E_CAPTION] = { "caption", 0, PRIO_DEFAULT },
	[E_CENTER] = { "center", 0, PRIO_DEFAULT },
	[E_CITE] = { "cite", 0, PRIO_DEFAULT },
	[E_CODE] = { "code", 0, PRIO_DEFAULT },
	[E_COL] = { "col", F_VOID, PRIO_DEFAULT },
	[E_COLGROUP] = { "colgroup", 0, PRIO_DEFAULT },
	[E_DD] = { "dd", 0, PRIO_DEFAULT },
	[E_DFN] = { "dfn", 0, PRIO_DEFAULT },
	[E_DIR] = { "dir", 0, PRIO_DEFAULT },
	[E_DIV] = { "div", 0, 150 },
	[E_DL] = { "dl", 0, PRIO_DEFAULT },
	[E_DT] = { "dt", 0, PRIO_DEFAULT },
	[E_EM] = { "em", 0, PRIO_DEFAULT },
	[E_EMBED] = { "embed", F_VOID, PRIO_DEFAULT },	/* HTML5 */
	[E_FIELDSET] = { "fieldset", 0, PRIO_DEFAULT },
	[E_FONT] = { "font", 0, PRIO_DEFAULT },
	[E_FORM] = { "form", 0, PRIO_DEFAULT },
	[E_FRAME] = { "frame", F_VOID, PRIO_DEFAULT },
	[E_FRAMESET] = { "frameset", 0, PRIO_DEFAULT },
	[E_H1] = { "h1", 0, PRIO_DEFAULT },
	[E_H2] = { "h2", 0, PRIO_DEFAULT },
	[E_H3] = { "h3", 0, PRIO_DEFAULT },
	[E_H4] = { "h4", 0, PRIO_DEFAULT },
	[E_H5] = { "h5", 0, PRIO_DEFAULT },
	[E_H6] = { "h6", 0, PRIO_DEFAULT },
	[E_HEAD] = { "head", F_ROOT, 200 },
	[E_HR] = { "hr", F_VOID, PRIO_DEFAULT },
	[E_HTML] = { "html", F_ROOT, 220 },
	[E_I] = { "i", 0, PRIO_DEFAULT },
	[E_IFRAME] = { "iframe", 0, PRIO_DEFAULT },
	[E_IMG] = { "img", F_VOID, PRIO_DEFAULT },
	[E_INPUT] = { "input", F_VOID, PRIO_DEFAULT },
	[E_ISINDEX] = { "isindex", F_VOID, PRIO_DEFAULT },
	[E_KBD] = { "kbd", 0, PRIO_DEFAULT },
	[E_KEYGEN] = { "keygen", F_VOID, PRIO_DEFAULT },	/* HTML5 */
	[E_LEGEND] = { "legend", 0, PRIO_DEFAULT },
	[E_LI] = { "li", 0, PRIO_DEFAULT },
	[E_LINK] = { "link", F_VOID, PRIO_DEFAULT },
	[E_LISTING] = { "listing", 0, PRIO_DEFAULT },
	[E_MAP] = { "map", 0, PRIO_DEFAULT },
	[E_MENU] = { "menu", 0, PRIO_DEFAULT },
	[E_META] = { "meta", F_VOID, PRIO_DEFAULT },
	[E_NOSCRIPT] = { "noscript", 0, PRIO_DEFAULT },
	[E_OL] = { "ol", 0, PRIO_DEFAULT },
	[E_OPTGROUP] = { "optgroup", 0, PRIO_DEFAULT },
	[E_OPTION] = { "option", 0, PRIO_DEFAULT },
	[E_P] = { "p", 0, PRIO_DEFAULT },
	[E_PARAM] = { "param", F_VOID, PRIO_DEFAULT },
	[E_PRE] = { "pre", 0, PRIO_DEFAULT },
	[E_Q] = { "q", 0, PRIO_DEFAULT },
	[E_S] = { "s", 0, PRIO_DEFAULT },
	[E_SAMP] = { "samp", 0, PRIO_DEFAULT },
	[E_SCRIPT] = { "script", F_RAW, PRIO_DEFAULT },
	[E_SMALL] = { "small", 0, PRIO_DEFAULT },
	[E_SOURCE] = { "source", F_VOID, PRIO_DEFAULT },	/* HTML5 */
	[E_SPAN] = { "span", 0, PRIO_DEFAULT },
	[E_STRIKE] = { "strike", 0, PRIO_DEFAULT },
	[E_STRONG] = { "strong", 0, PRIO_DEFAULT },
	[E_STYLE] = { "style", F_RAW, PRIO_DEFAULT },
	[E_SUB] = { "sub", 0, PRIO_DEFAULT },
	[E_SUP] = { "sup", 0, PRIO_DEFAULT },
	[E_TABLE] = { "table", 0, 190 },
	[E_TBODY] = { "tbody", 0, 180 },
	[E_TD] = { "td", 0, 160 },
	[E_TFOOT] = { "tfoot", 0, 180 },
	[E_TH] = { "th", 0, 160 },
	[E_THEAD] = { "thead", 0, 180 },
	[E_TITLE] = { "title", 0, PRIO_DEFAULT },
	[E_TR] = { "tr", 0, 170 },
	[E_TRACK] = { "track", F_VOID, PRIO_DEFAULT },	/* HTML5 */
	[E_TT] = { "tt", 0, PRIO_DEFAULT },
	[E_U] = { "u", 0, PRIO_DEFAULT },
	[E_UL] = { "ul", 0, PRIO_DEFAULT },
	[E_VAR] = { "var", 0, PRIO_DEFAULT },
	[E_WBR] = { "wbr", F_VOID, PRIO_DEFAULT },	/* HTML5 */
	[E_XMP] = { "xmp", 0, PRIO_DEFAULT },
};

/*
 * htmlStartClose as libxml2 2.9.14 has it (checked pair by pair
 * against the library): the start tags that close an open element,
 * by that element.  head, which a fragment never has open, is left
 * out; the voids are never open either.
 */
#define L(...)	(const uint8_t []){ __VA_ARGS__, E_OTHER }
static const uint8_t *const closed_by[E_COUNT] = {
	[E_A] = L(E_A, E_FIELDSET, E_TABLE, E_TD, E_TH),
	[E_ADDRESS] = L(E_DD, E_DL, E_DT, E_FORM, E_LI, E_UL),
	[E_B] = L(E_CENTER, E_P, E_TD, E_TH),
	[E_BIG] = L(E_P),
	[E_CAPTION] = L(E_COL, E_COLGROUP, E_TBODY, E_TFOOT, E_THEAD, E_TR),
	[E_COLGROUP] = L(E_COLGROUP, E_TBODY, E_TFOOT, E_THEAD, E_TR),
	[E_DD] = L(E_DT),
	[E_DIR] = L(E_DD, E_DL, E_DT, E_FORM, E_UL),
	[E_DL] = L(E_FORM, E_LI),
	[E_DT] = L(E_DD, E_DL),
	[E_FONT] = L(E_CENTER, E_TD, E_TH),
	[E_FORM] = L(E_FORM),
	[E_H1] = L(E_FIELDSET, E_FORM, E_LI, E_P, E_TABLE),
	[E_H2] = L(E_FIELDSET, E_FORM, E_LI, E_P, E_TABLE),
	[E_H3] = L(E_FIELDSET, E_FORM, E_LI, E_P, E_TABLE),
	[E_H4] = L(E_FIELDSET, E_FORM, E_LI, E_P, E_TABLE),
	[E_H5] = L(E_FIELDSET, E_FORM, E_LI, E_P, E_TABLE),
	[E_H6] = L(E_FIELDSET, E_FORM, E_LI, E_P, E_TABLE),
	[E_I] = L(E_CENTER, E_P, E_TD, E_TH),
	[E_LEGEND] = L(E_FIELDSET),
	[E_LI] = L(E_LI),
	[E_LISTING] = L(E_DD, E_DL, E_DT, E_FIELDSET, E_FORM, E_LI, E_TABLE,
	    E_UL),
	[E_MENU] = L(E_DD, E_DL, E_DT, E_FORM, E_UL),
	[E_OL] = L(E_FORM, E_UL),
	[E_OPTION] = L(E_OPTGROUP, E_OPTION),
	[E_P] = L(E_ADDRESS, E_BLOCKQUOTE, E_BODY, E_CAPTION, E_CENTER,
	    E_COL, E_COLGROUP, E_DD, E_DIR, E_DIV, E_DL, E_DT, E_FIELDSET,
	    E_FORM, E_FRAMESET, E_H1, E_H2, E_H3, E_H4, E_H5, E_H6, E_HEAD,
	    E_HR, E_LI, E_LISTING, E_MENU, E_OL, E_P, E_PRE, E_TABLE,
	    E_TBODY, E_TD, E_TFOOT, E_TH, E_TITLE, E_TR, E_UL, E_XMP),
	[E_PRE] = L(E_DD, E_DL, E_DT, E_FIELDSET, E_FORM, E_LI, E_TABLE,
	    E_UL),
	[E_S] = L(E_P),
	[E_SCRIPT] = L(E_NOSCRIPT),
	[E_SMALL] = L(E_P),
	[E_SPAN] = L(E_TD, E_TH),
	[E_STRIKE] = L(E_P),
	[E_STYLE] = L(E_BODY, E_FRAMESET),
	[E_TBODY] = L(E_TBODY, E_TFOOT),
	[E_TD] = L(E_TBODY, E_TD, E_TFOOT, E_TH, E_TR),
	[E_TFOOT] = L(E_TBODY),
	[E_TH] = L(E_TBODY, E_TD, E_TFOOT, E_TH, E_TR),
	[E_THEAD] = L(E_TBODY, E_TFOOT),
	[E_TITLE] = L(E_BODY, E_FRAMESET),
	[E_TR] = L(E_TBODY, E_TFOOT, E_TR),
	[E_TT] = L(E_P),
	[E_U] = L(E_P, E_TD, E_TH),
	[E_UL] = L(E_ADDRESS, E_FORM, E_MENU, E_OL, E_PRE),
	[E_XMP] = L(E_DD, E_DL, E_DT, E_FIELDSET, E_FORM, E_LI, E_TABLE,
	    E_UL),
};
#undef L

/* Attributes libxml2 gives their own name as value when written bare
 * (htmlIsBooleanAttr), sorted. */
static const char *const bool_attrs[] = {
	"checked", "compact", "declare", "defer", "disabled", "ismap",
	"multiple", "nohref", "noresize", "noshade", "nowrap", "readonly",
	"selected",
};

/* A chunk of the arena; data is aligned for any node. */
struct html_chunk {
	struct html_chunk	*next;
	size_t			 size;
	size_t			 used;
	max_align_t		 data[];
};

/* An open element: libxml2's name stack, with the node it made. */
struct html_open {
	const char		*name;	/* full name, prefix and all */
	struct html_node	*node;
	uint8_t			 id;
};

/*
 * A name of the start tag being read, in an open-addressed set: a tag
 * may carry any number of attributes, and finding the first of a name
 * by a scan of the list took seconds for 50,000 of them.
 */
struct html_seen {
	uint32_t		 gen;	/* the tag's: the slot is in use */
	uint32_t		 hash;
	const struct html_attr	*attr;
};

struct html_tree {
	struct html_chunk	*chunks;	/* in order of use */
	struct html_chunk	*chunk;		/* being filled */
	struct html_node	*body;
	struct html_open	 stack[HTML_DEPTH_MAX];	/* [0] is the body */
	size_t			 nstack;
	struct buf		 text;	/* text not yet a node */
	struct buf		 val;	/* an attribute value being read */
	struct html_seen	*seen;	/* the tag's attribute names */
	size_t			 nseen;	/* slots: a power of two */
	uint32_t		 gen;	/* the tag's mark in seen */
	/* the parse under way */
	const char		*p;
	const char		*end;
	struct html_node	*cur;	/* where children go */
	const char		*ahead;	/* the tag implied_end() read */
	size_t			 ahead_len;	/* its name's length, */
	uint8_t			 ahead_id;	/* and id */
};

static bool
is_alpha(int c)
{
	return (unsigned)((c | 0x20) - 'a') < 26;
}

static bool
is_digit(int c)
{
	return (unsigned)(c - '0') < 10;
}

/* IS_BLANK_CH: no form feed. */
static bool
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* XML 1.0 Char, which libxml2 keeps of a character reference. */
static bool
is_xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	    (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

static size_t
utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3f));
	o[2] = (char)(0x80 | (c >> 6 & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static struct html_chunk *
chunk_new(size_t need)
{
	struct html_chunk	*c;
	size_t			 size = need > HTML_CHUNK_BYTES ? need :
				    HTML_CHUNK_BYTES;

	if (size > SIZE_MAX - sizeof(*c))
		size = SIZE_MAX - sizeof(*c);	/* fails in xmalloc */
	c = xmalloc(sizeof(*c) + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

/*
 * n bytes from the current chunk or the next one with room (a new
 * chunk joins the list after the current one); aligned for a node
 * unless bytes, for a string.
 */
static void *
arena_get(struct html_tree *t, size_t n, bool bytes)
{
	struct html_chunk	*c = t->chunk, *nc;
	const size_t		 align = sizeof(max_align_t);
	size_t			 at;

	for (;;) {
		at = bytes ? c->used : (c->used + align - 1) & ~(align - 1);
		if (at <= c->size && c->size - at >= n)
			break;
		if (c->next != NULL && c->next->size >= n) {
			c = c->next;
			c->used = 0;
			continue;
		}
		nc = chunk_new(n);
		nc->next = c->next;
		c->next = nc;
		c = nc;
	}
	t->chunk = c;
	c->used = at + n;
	return (char *)c->data + at;
}

static void *
arena_alloc(struct html_tree *t, size_t n)
{
	return arena_get(t, n, false);
}

static char *
arena_strndup(struct html_tree *t, const char *s, size_t n)
{
	char	*d = arena_get(t, n + 1, true);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Empties the arena for the next parse, keeping HTML_KEEP_BYTES of it
 * (a huge fragment should not pin its memory for good). */
static void
arena_reset(struct html_tree *t)
{
	struct html_chunk	*c, *next;
	size_t			 kept = 0;

	for (c = t->chunks; c != NULL; c = c->next) {
		kept += c->size;
		if (c->next != NULL && kept + c->next->size > HTML_KEEP_BYTES)
			break;
	}
	if (c != NULL) {
		for (next = c->next, c->next = NULL; next != NULL; next = c) {
			c = next->next;
			free(next);
		}
	}
	t->chunk = t->chunks;
	t->chunk->used = 0;
}

static void
node_append(struct html_node *parent, struct html_node *n)
{
	n->parent = parent;
	n->prev = parent->last;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

/* Whether the n bytes at s are plain (html.h): sixteen at a time. */
static bool
text_plain(const char *s, size_t n)
{
	const char	*p = s, *e = s + n;
	vec16		 x;
	unsigned	 sp, carry = 0;

	for (; e - p >= 16; p += 16) {
		x = v16_load(p);
		sp = v16_bits(v16_eq(x, ' '));
		if ((v16_bits(v16_or(v16_below(x, ' '), v16_eq(x, 0xc2))) |
		    (sp & (sp << 1 | carry))) != 0)
			return false;
		carry = sp >> 15;
	}
	for (; p < e; p++) {
		if ((unsigned char)*p < ' ' || (unsigned char)*p == 0xc2 ||
		    (*p == ' ' && p > s && p[-1] == ' '))
			return false;
	}
	return true;
}

/* The text gathered since the last element or end tag becomes a node. */
static void
text_flush(struct html_tree *t)
{
	struct html_node	*n;
	size_t			 len = t->text.len;

	if (len == 0)
		return;
	n = arena_alloc(t, sizeof(*n) + len + 1);
	memset(n, 0, sizeof(*n));
	n->kind = HTML_TEXT;
	n->text = memcpy((char *)(n + 1), t->text.data, len);
	((char *)(n + 1))[len] = '\0';
	n->len = len;
	n->plain = text_plain(n->text, len);
	node_append(t->cur, n);
	buf_reset(&t->text);
}

/* Bits for the bytes of the sixteen at p where text may stop: a
 * control, 0xef (U+FFFE, U+FFFF), and with markup '<' and '&'. */
static unsigned
text_stops(const unsigned char *p, bool markup)
{
	vec16	 x = v16_load(p), m;

	m = v16_or(v16_below(x, 0x20), v16_eq(x, 0xef));
	if (markup)
		m = v16_or(m, v16_or(v16_eq(x, '<'), v16_eq(x, '&')));
	return v16_bits(m);
}

/* How many bytes at p libxml2 drops from text: a control (but tab and
 * newlines), U+FFFE, U+FFFF (not XML 1.0 Char); 0 for any other. */
static size_t
text_drop(const unsigned char *p, const unsigned char *e)
{
	if (*p == 0xef)
		return e - p >= 3 && p[1] == 0xbf && (p[2] == 0xbe ||
		    p[2] == 0xbf) ? 3 : 0;
	if (*p < 0x20)
		return *p == '\t' || *p == '\n' || *p == '\r' ? 0 : 1;
	return 0;
}

/*
 * Appends the text at t->p, up to e or with markup to the first '<'
 * or '&', to the pending text, without what libxml2 drops there; sixteen
 * bytes at a time where it is plain.
 */
static void
text_scan(struct html_tree *t, const char *end, bool markup)
{
	const unsigned char	*p = (const unsigned char *)t->p, *run = p;
	const unsigned char	*e = (const unsigned char *)end;
	unsigned		 m;
	size_t			 drop;

	for (;;) {
		for (m = 0; e - p >= 16; p += 16)
			if ((m = text_stops(p, markup)) != 0) {
				p += __builtin_ctz(m);
				break;
			}
		if (m == 0)
			while (p < e && !(*p < 0x20 || *p == 0xef ||
			    (markup && (*p == '<' || *p == '&'))))
				p++;
		if (p == e || (markup && (*p == '<' || *p == '&')))
			break;
		if ((drop = text_drop(p, e)) == 0) {
			p++;
			continue;
		}
		buf_append(&t->text, run, (size_t)(p - run));
		p += drop;
		run = p;
	}
	buf_append(&t->text, run, (size_t)(p - run));
	t->p = (const char *)p;
}

static const struct html_open *
top(const struct html_tree *t)
{
	return &t->stack[t->nstack - 1];
}

/* The element's own name: libxml2's tree keeps what follows the
 * prefix of a name with a colon (xmlSplitQName). */
static const char *
local_name(const char *full)
{
	const char	*c;

	if (full[0] == ':' || (c = strchr(full, ':')) == NULL || c[1] == '\0')
		return full;
	return c + 1;
}

/*
 * Opens an element; false past HTML_DEPTH_MAX, where a start tag opens
 * nothing and what follows goes to the deepest element (libxml2 stops
 * parsing there).  Nor is it on the stack, so an end tag looks at no
 * more than HTML_DEPTH_MAX names: 100,000 unclosed tags and as many
 * stray end tags took seconds when they were.
 */
static bool
open_elem(struct html_tree *t, const char *name, uint8_t id,
    struct html_attr *attrs)
{
	struct html_open	*o;
	struct html_node	*n;

	if (t->nstack == HTML_DEPTH_MAX)
		return false;
	text_flush(t);
	n = arena_alloc(t, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->kind = HTML_ELEMENT;
	n->name = id != E_OTHER ? name : local_name(name);
	n->attrs = attrs;
	node_append(t->cur, n);
	t->cur = n;
	o = &t->stack[t->nstack++];
	o->name = name;
	o->node = n;
	o->id = id;
	return true;
}

/* Pops the innermost element; the body stays. */
static void
close_top(struct html_tree *t)
{
	const struct html_open	*o;

	if (t->nstack <= 1)
		return;
	o = &t->stack[--t->nstack];
	text_flush(t);
	t->cur = o->node->parent;
}

/* htmlAutoClose: a start tag closes the open elements it ends, the
 * innermost first, while it ends the innermost. */
static bool
auto_close(struct html_tree *t, uint8_t id)
{
	const uint8_t	*l;
	bool		 closed = false;

	while (id != E_OTHER && (l = closed_by[top(t)->id]) != NULL &&
	    strchr((const char *)l, id) != NULL) {
		close_top(t);
		closed = true;
	}
	return closed;
}

static struct names	 elem_names;
static pthread_once_t	 elem_names_once = PTHREAD_ONCE_INIT;

static void
elem_names_init(void)
{
	names_init(&elem_names, elems, E_COUNT, sizeof(*elems));
}

/* The id of an element name, E_OTHER when libxml2 knows none. */
static uint8_t
elem_id(const char *name)
{
	long	 i;

	pthread_once(&elem_names_once, elem_names_init);
	return (i = names_find(&elem_names, name)) < 0 ? E_OTHER :
	    (uint8_t)i;
}

/*
 * htmlParseHTMLName: a tag or attribute name, lower-cased into out
 * (HTML_NAME_MAX + 1 bytes); what follows the first HTML_NAME_MAX
 * characters is left for the next name.  dot says whether '.' counts:
 * libxml2's look-ahead for implied end tags stops at one.  0: no name.
 */
static size_t
html_name(const char *p, const char *e, char *out, bool dot)
{
	size_t	 n = 0;
	int	 c;

	if (p == e || !(is_alpha(*p) || *p == '_' || *p == ':' ||
	    (dot && *p == '.')))
		return 0;
	while (n < HTML_NAME_MAX && p + n < e) {
		c = (unsigned char)p[n];
		if (!(is_alpha(c) || is_digit(c) || c == ':' || c == '-' ||
		    c == '_' || (dot && c == '.')))
			break;
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
	}
	out[n] = '\0';
	return n;
}

static void
skip_blanks(struct html_tree *t)
{
	while (t->p < t->end && is_blank(*t->p))
		t->p++;
}

/*
 * htmlParseCharRef: "&#" digits or "&#x" hex digits, to a ';' if there
 * is one; 0 when it names no XML character (libxml2 then keeps none,
 * or in an attribute value ends the value there).
 */
static uint32_t
char_ref(struct html_tree *t)
{
	uint32_t	 val = 0, d;
	bool		 hex;

	t->p += 2;
	hex = t->p < t->end && (*t->p == 'x' || *t->p == 'X');
	if (hex)
		t->p++;
	for (; t->p < t->end && *t->p != ';'; t->p++) {
		d = (unsigned char)*t->p;
		if (is_digit((int)d))
			d -= '0';
		else if (hex && (d | 0x20) >= 'a' && (d | 0x20) <= 'f')
			d = (d | 0x20) - 'a' + 10;
		else
			break;
		val = val * (hex ? 16 : 10) + d;
		if (val > 0x110000)
			val = 0x110000;
	}
	if (t->p < t->end && *t->p == ';')
		t->p++;
	return is_xml_char(val) ? val : 0;
}

/* Length of the entity name after '&' (ASCII XML name characters: a
 * name running on into other letters ends up as literal text all the
 * same). */
static size_t
entity_name(const char *p, const char *e)
{
	const char	*s = p;

	if (p == e || !(is_alpha(*p) || *p == '_' || *p == ':'))
		return 0;
	for (p++; p < e && (is_alpha(*p) || is_digit(*p) || *p == '_' ||
	    *p == '-' || *p == ':' || *p == '.'); p++)
		;
	return (size_t)(p - s);
}

/*
 * A reference at t->p into b: a character reference, a named one from
 * libxml2's own table when closed by ';', else the '&' and the name as
 * they stand.  false: a character reference to no character.
 */
static bool
reference(struct html_tree *t, struct buf *b)
{
	const htmlEntityDesc	*ent = NULL;
	char			 name[HTML_ENTITY_MAX], u[4];
	size_t			 n;
	uint32_t		 c;

	if (t->end - t->p > 1 && t->p[1] == '#') {
		if ((c = char_ref(t)) == 0)
			return false;
		buf_append(b, u, utf8_put(u, c));
		return true;
	}
	n = entity_name(t->p + 1, t->end);
	if (n > 0 && n < sizeof(name) && t->p + 1 + n < t->end &&
	    t->p[1 + n] == ';') {
		memcpy(name, t->p + 1, n);
		name[n] = '\0';
		ent = htmlEntityLookup((const xmlChar *)name);
	}
	if (ent != NULL && ent->value > 0) {
		buf_append(b, u, utf8_put(u, ent->value));
		t->p += n + 2;
		return true;
	}
	buf_append(b, t->p, n + 1);
	t->p += n + 1;
	return true;
}

static bool
is_bool_attr(const char *name)
{
	size_t	 lo = 0, hi = sizeof(bool_attrs) / sizeof(*bool_attrs), mid;
	int	 d;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((d = strcmp(name, bool_attrs[mid])) == 0)
			return true;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/*
 * htmlParseAttValue: quoted up to the quote (or the end), or bare up
 * to a blank or '>', references decoded.  A reference to no character
 * writes a NUL in libxml2's buffer, which ends the value there.
 */
static const char *
attr_value(struct html_tree *t)
{
	char		 q = 0;
	const char	*s, *e;
	size_t		 keep = SIZE_MAX;

	if (t->p < t->end && (*t->p == '"' || *t->p == '\''))
		q = *t->p++;
	if (q != 0)
		e = memchr(t->p, q, (size_t)(t->end - t->p));
	else
		for (e = t->p; e < t->end && *e != '>' && !is_blank(*e); e++)
			;
	if (e == NULL)
		e = t->end;
	if (memchr(t->p, '&', (size_t)(e - t->p)) == NULL) {
		s = arena_strndup(t, t->p, (size_t)(e - t->p));
		t->p = q != 0 && e < t->end ? e + 1 : e;
		return s;
	}
	buf_reset(&t->val);
	while (t->p < e) {
		if (*t->p == '&') {
			if (!reference(t, &t->val) && keep == SIZE_MAX)
				keep = t->val.len;
			continue;
		}
		s = t->p;
		if ((t->p = memchr(s, '&', (size_t)(e - s))) == NULL)
			t->p = e;
		buf_append(&t->val, s, (size_t)(t->p - s));
	}
	if (q != 0 && t->p < t->end)
		t->p++;
	return arena_strndup(t, t->val.data ? t->val.data : "",
	    keep < t->val.len ? keep : t->val.len);
}

static uint32_t
name_hash(const char *s)
{
	uint32_t	 h = 2166136261u;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* A new, empty set for the next tag's names (marks, not a memset). */
static void
seen_clear(struct html_tree *t)
{
	if (t->seen == NULL || t->nseen > HTML_SEEN_KEEP) {
		free(t->seen);
		t->nseen = HTML_SEEN_MIN;
		t->seen = xcalloc(t->nseen, sizeof(*t->seen));
		t->gen = 0;
	}
	if (++t->gen == 0) {
		memset(t->seen, 0, t->nseen * sizeof(*t->seen));
		t->gen = 1;
	}
}

/* The slot of name in the set: its own, or the free one it would take. */
static struct html_seen *
seen_slot(struct html_tree *t, const char *name, uint32_t h)
{
	size_t	 i, mask = t->nseen - 1;

	for (i = h & mask; t->seen[i].gen == t->gen; i = (i + 1) & mask)
		if (t->seen[i].hash == h &&
		    strcmp(t->seen[i].attr->name, name) == 0)
			break;
	return &t->seen[i];
}

/* Room for more than n names: the set doubled, list's names in it. */
static void
seen_grow(struct html_tree *t, const struct html_attr *list, size_t n)
{
	struct html_seen	*slot;

	if (2 * (n + 1) <= t->nseen)
		return;
	free(t->seen);
	t->nseen *= 2;
	t->seen = xcalloc(t->nseen, sizeof(*t->seen));
	for (; list != NULL; list = list->next) {
		slot = seen_slot(t, list->name, name_hash(list->name));
		slot->gen = t->gen;
		slot->hash = name_hash(list->name);
		slot->attr = list;
	}
}

/*
 * The attributes of a start tag, up to its '>' or "/>" (left for the
 * caller) or the end.  Of several of one name the first counts; what
 * cannot start a name is skipped to the next blank.
 */
static struct html_attr *
attributes(struct html_tree *t)
{
	struct html_attr	*first = NULL, **tail = &first, *a;
	struct html_seen	*slot;
	char			 name[HTML_NAME_MAX + 1];
	const char		*v;
	size_t			 n, count = 0;
	uint32_t		 h;

	seen_clear(t);
	skip_blanks(t);
	while (t->p < t->end && *t->p != '>' &&
	    !(*t->p == '/' && t->end - t->p > 1 && t->p[1] == '>')) {
		if ((n = html_name(t->p, t->end, name, true)) == 0) {
			while (t->p < t->end && !is_blank(*t->p) &&
			    *t->p != '>' && !(*t->p == '/' &&
			    t->end - t->p > 1 && t->p[1] == '>'))
				t->p++;
			skip_blanks(t);
			continue;
		}
		t->p += n;
		skip_blanks(t);
		v = NULL;
		if (t->p < t->end && *t->p == '=') {
			t->p++;
			skip_blanks(t);
			v = attr_value(t);
		}
		seen_grow(t, first, count);
		slot = seen_slot(t, name, h = name_hash(name));
		if (slot->gen != t->gen) {
			a = arena_alloc(t, sizeof(*a));
			a->name = arena_strndup(t, name, n);
			a->value = v == NULL && is_bool_attr(name) ?
			    a->name : v;
			a->next = NULL;
			*tail = a;
			tail = &a->next;
			slot->gen = t->gen;
			slot->hash = h;
			slot->attr = a;
			count++;
		}
		skip_blanks(t);
	}
	return first;
}

/*
 * A start tag at t->p ('<' and a letter).  The look-ahead of libxml2's
 * content loop has already closed what the name up to any '.' ends;
 * html, head and body are read and dropped.  "/>" ends the element
 * (libxml2 ends whatever is innermost, even when it dropped the tag);
 * so does the end of the input inside the tag.
 */
static void
start_tag(struct html_tree *t)
{
	char			 buf[HTML_NAME_MAX + 1];
	const char		*name;
	struct html_attr	*attrs;
	size_t			 n;
	uint8_t			 id;
	bool			 opened = false;

	n = html_name(t->p + 1, t->end, buf, true);
	id = t->ahead == t->p && t->ahead_len == n ? t->ahead_id :
	    elem_id(buf);
	t->p += n + 1;
	auto_close(t, id);
	attrs = attributes(t);
	if (!(elems[id].flags & F_ROOT)) {
		name = id != E_OTHER ? elems[id].name :
		    arena_strndup(t, buf, n);
		opened = open_elem(t, name, id, attrs);
	}
	if (t->end - t->p > 1 && t->p[0] == '/' && t->p[1] == '>') {
		t->p += 2;
		if (opened || elems[id].flags & F_ROOT)
			close_top(t);
		return;
	}
	if (t->p == t->end) {
		if (opened || elems[id].flags & F_ROOT)
			close_top(t);
		return;
	}
	t->p++;
	if (opened && elems[id].flags & F_VOID)
		close_top(t);
}

/* libxml2 compares names as strings; known ones have one id. */
static bool
same_name(const struct html_open *o, const char *name, uint8_t id)
{
	return o->id == id && (id != E_OTHER || strcmp(o->name, name) == 0);
}

/*
 * An end tag at t->p ("</").  Without a name the "</" is dropped and
 * what follows is text.  It closes the innermost open element of its
 * name and everything inside, unless one of those has a higher end
 * priority (a </div> does not leave a table cell); otherwise nothing.
 */
static void
end_tag(struct html_tree *t)
{
	char	 name[HTML_NAME_MAX + 1];
	size_t	 n, i;
	uint8_t	 id, prio;

	t->p += 2;
	if ((n = html_name(t->p, t->end, name, true)) == 0)
		return;
	t->p += n;
	skip_blanks(t);
	while (t->p < t->end && *t->p != '>')
		t->p++;
	if (t->p < t->end)
		t->p++;
	id = elem_id(name);
	if (id == E_BODY || id == E_HTML)
		return;		/* on purpose: see the top */
	prio = elems[id].prio;
	for (i = t->nstack - 1; i > 0; i--) {
		if (same_name(&t->stack[i], name, id))
			break;
		if (elems[t->stack[i].id].prio > prio)
			return;
	}
	if (i == 0)
		return;
	while (t->nstack > i)
		close_top(t);
}

/*
 * The content of script or style: everything up to "</" and its name
 * (any case), as libxml2 reads it in recovery mode; other end tags in
 * it are text.
 */
static void
raw_text(struct html_tree *t)
{
	const char	*name = top(t)->name, *p = t->p, *lt;
	size_t		 n = strlen(name);

	while ((lt = memchr(p, '<', (size_t)(t->end - p))) != NULL) {
		if (t->end - lt >= (ptrdiff_t)(n + 2) && lt[1] == '/' &&
		    strncasecmp(lt + 2, name, n) == 0)
			break;
		p = lt + 1;
	}
	text_scan(t, lt != NULL ? lt : t->end, false);
}

/* A comment, "<!--" to "-->" or "--!>", or to the end if never
 * closed; none of it is kept. */
static void
comment(struct html_tree *t)
{
	const char	*p = t->p + 4, *e = t->end;

	while ((p = memmem(p, (size_t)(e - p), "--", 2)) != NULL) {
		if (e - p > 2 && p[2] == '>') {
			t->p = p + 3;
			return;
		}
		if (e - p > 3 && p[2] == '!' && p[3] == '>') {
			t->p = p + 4;
			return;
		}
		p++;
	}
	t->p = e;
}

/* Whether the code point at p can start an XML name (libxml2's
 * IS_LETTER, '_' or ':'). */
static bool
name_start(const char *p, const char *e)
{
	const unsigned char	*u = (const unsigned char *)p;
	uint32_t		 c;

	if (p == e)
		return false;
	if (u[0] < 0x80)
		return is_alpha(u[0]) || u[0] == '_' || u[0] == ':';
	if (u[0] >= 0xc0 && u[0] < 0xe0 && e - p >= 2)
		c = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
	else if (u[0] >= 0xe0 && u[0] < 0xf0 && e - p >= 3)
		c = (uint32_t)(u[0] & 0x0f) << 12 |
		    (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
	else
		return false;	/* XML 1.0's letters are all in the BMP */
	return xmlIsBaseCharQ(c) || xmlIsIdeographicQ(c);
}

/* A processing instruction, to its '>' or the end; without a target
 * name only its "<?" is dropped (libxml2 sees none in a name that runs
 * to the end of the input). */
static void
pi(struct html_tree *t)
{
	const char	*gt, *p;

	t->p += 2;
	if (!name_start(t->p, t->end))
		return;
	for (p = t->p; p < t->end && (is_alpha(*p) || is_digit(*p) ||
	    *p == '_' || *p == '-' || *p == ':' || *p == '.'); p++)
		;
	if (p == t->end)
		return;
	gt = memchr(t->p, '>', (size_t)(t->end - t->p));
	t->p = gt != NULL ? gt + 1 : t->end;
}

/* A quoted literal of a doctype. */
static void
doctype_literal(struct html_tree *t)
{
	char	 q;

	skip_blanks(t);
	if (t->p == t->end || (*t->p != '"' && *t->p != '\''))
		return;
	q = *t->p++;
	while (t->p < t->end && *t->p != q)
		t->p++;
	if (t->p < t->end)
		t->p++;
}

/* "<!DOCTYPE", its name and identifiers, and anything up to '>'. */
static void
doctype(struct html_tree *t)
{
	t->p += 9;
	skip_blanks(t);
	while (t->p < t->end && !is_blank(*t->p) && *t->p != '>' &&
	    *t->p != '"' && *t->p != '\'')
		t->p++;
	skip_blanks(t);
	if (t->end - t->p >= 6 && strncasecmp(t->p, "PUBLIC", 6) == 0) {
		t->p += 6;
		doctype_literal(t);
		doctype_literal(t);
	} else if (t->end - t->p >= 6 && strncasecmp(t->p, "SYSTEM", 6) == 0) {
		t->p += 6;
		doctype_literal(t);
	}
	while (t->p < t->end && *t->p != '>')
		t->p++;
	if (t->p < t->end)
		t->p++;
}

static bool
at(const struct html_tree *t, const char *s, size_t n)
{
	return (size_t)(t->end - t->p) >= n && memcmp(t->p, s, n) == 0;
}

/*
 * One step of libxml2's htmlParseContentInternal after its checks for
 * end tags and implied end tags: a doctype (after which it reads on
 * without those checks), a comment, a processing instruction, a tag,
 * a '<' that starts none (text), a reference or text.
 */
static void
content(struct html_tree *t)
{
	if ((size_t)(t->end - t->p) >= 9 && t->p[1] == '!' &&
	    strncasecmp(t->p, "<!DOCTYPE", 9) == 0) {
		doctype(t);
		if (t->p == t->end)
			return;
	}
	if (at(t, "<!--", 4))
		comment(t);
	else if (at(t, "<?", 2))
		pi(t);
	else if (*t->p == '<' && t->end - t->p > 1 && is_alpha(t->p[1]))
		start_tag(t);
	else if (*t->p == '<') {
		buf_putc(&t->text, '<');
		t->p++;
	} else if (*t->p == '&')
		reference(t, &t->text);
	else
		text_scan(t, t->end, true);
}

/* libxml2's look-ahead: the name up to any '.' closes what it ends. */
static bool
implied_end(struct html_tree *t)
{
	char	 name[HTML_NAME_MAX + 1];

	t->ahead = t->p;
	t->ahead_len = html_name(t->p + 1, t->end, name, false);
	t->ahead_id = elem_id(name);
	return auto_close(t, t->ahead_id);
}

static void
parse(struct html_tree *t)
{
	while (t->p < t->end) {
		if (*t->p == '<' && t->end - t->p > 1 && t->p[1] == '/') {
			end_tag(t);
			continue;
		}
		if (*t->p == '<' && t->end - t->p > 1 && is_alpha(t->p[1]) &&
		    implied_end(t))
			continue;
		if (elems[top(t)->id].flags & F_RAW)
			raw_text(t);
		else
			content(t);
	}
	while (t->nstack > 1)
		close_top(t);
	text_flush(t);
}

const char *
html_attr(const struct html_node *n, const char *name)
{
	const struct html_attr	*a;

	for (a = n->attrs; a != NULL; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

struct html_tree *
html_tree_new(void)
{
	struct html_tree	*t;

	t = xcalloc(1, sizeof(*t));
	t->chunks = t->chunk = chunk_new(HTML_CHUNK_BYTES);
	buf_init(&t->text, 0);
	buf_init(&t->val, 0);
	return t;
}

void
html_tree_free(struct html_tree *t)
{
	struct html_chunk	*c, *next;

	if (t == NULL)
		return;
	for (c = t->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	buf_free(&t->text);
	buf_free(&t->val);
	free(t->seen);
	free(t);
}

struct html_node *
html_parse(struct html_tree *t, const char *s, size_t len)
{
	arena_reset(t);
	buf_reset(&t->text);
	t->body = arena_alloc(t, sizeof(*t->body));
	memset(t->body, 0, sizeof(*t->body));
	t->body->kind = HTML_ELEMENT;
	t->body->name = elems[E_BODY].name;
	t->stack[0].name = elems[E_BODY].name;
	t->stack[0].node = t->body;
	t->stack[0].id = E_BODY;
	t->nstack = 1;
	t->cur = t->body;
	t->p = s;
	t->end = s + len;
	t->ahead = NULL;
	parse(t);
	return t->body;
}
