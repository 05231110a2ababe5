/*
 * parse_runs.c — long runs of text kept out of libxml2 (parse_int.h).
 *
 * libxml2 2.9 reads a CDATA section, and text that holds references or
 * is not ASCII, a character at a time, decoding and checking each one:
 * for RSS that wraps each item's HTML in CDATA, and Atom that escapes
 * it (&lt;p&gt;), that was most of the parse.  Here the runs libxml2
 * would read without complaint are found at memchr speed: a CDATA
 * section's payload, or an element's text, in UTF-8, of XML characters
 * only, without CR (which libxml2 reads as LF) and, in text, with
 * references only to characters and the five predefined entities and
 * no "]]>".  Each is decoded as libxml2 would decode it and handed to
 * libxml2 as a placeholder, which parse_runs_restore() swaps back in
 * the text nodes of the tree.
 *
 * The scan knows comments, processing instructions, CDATA sections,
 * tags (with quoted attribute values) and a DOCTYPE: in well-formed XML
 * that is all '<' starts, and a document that is not well-formed is
 * read again as it is (parse.c), so the scan and libxml2 agree on what
 * is text wherever a placeholder could be read.
 *
 * A placeholder is U+FDD0 and four hex digits written as U+FDE0..FDEF,
 * 15 bytes of XML characters, none a blank.  A document whose markup
 * could spell one, as bytes or as a character reference to
 * U+FDD0..FDEF, keeps all its runs, and so does one with an internal
 * DTD subset (its entities' text is not read through the tree): a
 * placeholder is never mistaken for text.  What a run holds is not
 * read again.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "parse_int.h"
#include "vec16.h"
#include "xmalloc.h"

#define RUNS_MIN	64	/* shorter runs are left to libxml2 */
#define RUNS_MAX	65536	/* placeholders four hex digits name */
#define RUNS_PH_LEN	15
#define RUNS_CDATA	"<![CDATA["
#define RUNS_CDATA_LEN	9

bool	parse_runs_off;

/* Does p..end start with the string lit? */
#define runs_at(p, end, lit) \
	((size_t)((end) - (p)) >= sizeof(lit) - 1 && \
	    memcmp((p), (lit), sizeof(lit) - 1) == 0)

/* The bytes of x below 0x20 or from 0x80 up: a closer look. */
static vec16
runs_odd(vec16 x)
{
	return v16_or(v16_below(x, 0x20), v16_high(x));
}

/* U+FDD0..U+FDEF: EF B7 90..AF. */
static bool
runs_is_ph_char(const unsigned char *p)
{
	return p[0] == 0xef && p[1] == 0xb7 && p[2] >= 0x90 && p[2] <= 0xaf;
}

/* XML 1.0's Char production. */
static bool
runs_xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 &&
	    c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
	    (c >= 0x10000 && c <= 0x10ffff);
}

/* A character reference at p ("&#"): its value, and in *len its length
 * with the ';'; 0 when it is none libxml2 reads. */
static unsigned long
runs_charref(const char *p, const char *end, size_t *len)
{
	const char	*s = p + 2, *digits;
	unsigned long	 c = 0;
	int		 base = 10, d;

	if (s < end && *s == 'x') {	/* XML knows no "&#X" */
		base = 16;
		s++;
	}
	for (digits = s; s < end; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (c <= 0x10ffff)
			c = c * (unsigned long)base + (unsigned long)d;
	}
	if (s == digits || s == end || *s != ';')
		return 0;
	*len = (size_t)(s + 1 - p);
	return c;
}

/* Could the markup in s..end spell a placeholder character, as bytes or
 * as a character reference? */
static bool
runs_spells_ph(const char *s, const char *end)
{
	const char	*p;
	unsigned long	 c;
	size_t		 len;

	for (p = s; (p = memchr(p, 0xef, (size_t)(end - p))) != NULL; p++)
		if (end - p >= 3 && runs_is_ph_char((const unsigned char *)p))
			return true;
	for (p = s; (p = memchr(p, '&', (size_t)(end - p))) != NULL; p++)
		if (end - p >= 2 && p[1] == '#' &&
		    (c = runs_charref(p, end, &len)) >= 0xfdd0 && c <= 0xfdef)
			return true;
	return false;
}

/*
 * Length of the character at p if libxml2 reads it as it is, else 0:
 * C0 controls but tab and LF are no XML characters, CR it reads as LF,
 * and U+FFFE and U+FFFF are none either (parse_utf8_len() refuses
 * surrogates and bad UTF-8).
 */
static size_t
runs_char(const unsigned char *p, const unsigned char *end)
{
	size_t	 n;

	if (*p < 0x20)
		return *p == '\t' || *p == '\n';
	if (*p < 0x80)
		return 1;
	if ((n = parse_utf8_len(p, end)) == 3 && p[0] == 0xef &&
	    p[1] == 0xbf && p[2] >= 0xbe)
		return 0;
	return n;
}

/* Would libxml2 read the CDATA payload p..end as it is? */
static bool
runs_plain(const unsigned char *p, const unsigned char *end)
{
	size_t		 n;
	unsigned	 m;

	while (p < end) {
		if (end - p >= 16) {
			/* on to the first byte that needs a closer look */
			if ((m = v16_bits(runs_odd(v16_load(p)))) == 0) {
				p += 16;
				continue;
			}
			p += __builtin_ctz(m);
		}
		if ((n = runs_char(p, end)) == 0)
			return false;
		p += n;
	}
	return true;
}

/* The reference at p ('&') decoded onto b; its length, or 0 when it is
 * none that libxml2 reads to a character without a DTD. */
static size_t
runs_ref(struct buf *b, const char *p, const char *end)
{
	static const struct { const char *name; size_t len; char c; } pre[] = {
		{ "&lt;", 4, '<' }, { "&gt;", 4, '>' }, { "&amp;", 5, '&' },
		{ "&quot;", 6, '"' }, { "&apos;", 6, '\'' },
	};
	unsigned char	 u[4];
	unsigned long	 c;
	size_t		 i, len;

	if (end - p >= 2 && p[1] == '#') {
		if ((c = runs_charref(p, end, &len)) == 0 || !runs_xml_char(c))
			return 0;
		if (c < 0x80) {
			u[0] = (unsigned char)c;
			i = 1;
		} else if (c < 0x800) {
			u[0] = (unsigned char)(0xc0 | c >> 6);
			u[1] = (unsigned char)(0x80 | (c & 0x3f));
			i = 2;
		} else if (c < 0x10000) {
			u[0] = (unsigned char)(0xe0 | c >> 12);
			u[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
			u[2] = (unsigned char)(0x80 | (c & 0x3f));
			i = 3;
		} else {
			u[0] = (unsigned char)(0xf0 | c >> 18);
			u[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
			u[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
			u[3] = (unsigned char)(0x80 | (c & 0x3f));
			i = 4;
		}
		buf_append(b, u, i);
		return len;
	}
	for (i = 0; i < sizeof(pre) / sizeof(*pre); i++)
		if ((size_t)(end - p) >= pre[i].len &&
		    memcmp(p, pre[i].name, pre[i].len) == 0) {
			buf_putc(b, pre[i].c);
			return pre[i].len;
		}
	return 0;
}

/*
 * Appends the element text s..end to b decoded as libxml2 would decode
 * it; false when libxml2 would not read it without complaint or change
 * (see the top of the file), or it is all blank.
 */
static bool
runs_text(struct buf *b, const char *s, const char *end)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*e = (const unsigned char *)end;
	const char		*span = s;
	vec16			 x;
	size_t			 n;
	unsigned		 m, sp;
	bool			 blank = true;

	while (p < e) {
		if (e - p >= 16) {
			/* on to the first byte that needs a closer look */
			x = v16_load(p);
			m = v16_bits(v16_or(runs_odd(x), v16_or(v16_eq(x, '&'),
			    v16_eq(x, ']'))));
			sp = v16_bits(v16_eq(x, ' '));
			if (m == 0) {
				blank = blank && sp == 0xffff;
				p += 16;
				continue;
			}
			n = (size_t)__builtin_ctz(m);
			blank = blank && (sp & ((1u << n) - 1)) ==
			    (1u << n) - 1;
			p += n;
		}
		if (*p == '&') {
			buf_append(b, span, (size_t)((const char *)p - span));
			if ((n = runs_ref(b, (const char *)p, end)) == 0)
				return false;
			p += n;
			span = (const char *)p;
			blank = false;
			continue;
		}
		if ((*p == ']' && e - p >= 3 && p[1] == ']' && p[2] == '>') ||
		    (n = runs_char(p, e)) == 0)
			return false;
		blank = blank && (*p == ' ' || *p == '\t' || *p == '\n');
		p += n;
	}
	buf_append(b, span, (size_t)(end - span));
	return !blank;
}

static void
runs_put_ph(struct buf *b, size_t i)
{
	unsigned char	 ph[RUNS_PH_LEN] = { 0xef, 0xb7, 0x90 };
	int		 d;

	for (d = 0; d < 4; d++) {
		ph[3 + 3 * d] = 0xef;
		ph[4 + 3 * d] = 0xb7;
		ph[5 + 3 * d] = (unsigned char)(0xa0 |
		    (i >> (4 * (3 - d)) & 0xf));
	}
	buf_append(b, ph, sizeof(ph));
}

/*
 * Takes the run at from..to: its text is s (from itself: a CDATA
 * payload, read as it is) or, s NULL, what runs_text() decoded into
 * r->text from off on.  The markup before the run is copied to r->doc,
 * then a placeholder.  False when that markup could spell one.
 */
static bool
runs_take(struct parse_runs *r, const char *data, size_t *copied,
    const char *from, const char *to, const char *s, size_t off)
{
	const char	*markup = data + *copied;

	if (runs_spells_ph(markup, from))
		return false;
	buf_append(&r->doc, markup, (size_t)(from - markup));
	runs_put_ph(&r->doc, r->n);
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
	}
	r->v[r->n].s = s;
	r->v[r->n].off = off;
	r->v[r->n].len = s != NULL ? (size_t)(to - from) : r->text.len - off;
	r->n++;
	*copied = (size_t)(to - data);
	return true;
}

/* The first "]]>" in p..end, or NULL. */
static const char *
runs_cdata_end(const char *p, const char *end)
{
	while (end - p >= 3 && (p = memchr(p, ']', (size_t)(end - p - 2))) !=
	    NULL) {
		if (p[1] == ']' && p[2] == '>')
			return p;
		p++;
	}
	return NULL;
}

/* Past a tag from p (after its '<'): after its '>', or at a '<' that
 * should not be in it, or end. */
static const char *
runs_tag_end(const char *p, const char *end)
{
	const char	*q;

	for (; p < end; p++) {
		if (*p == '>')
			return p + 1;
		if (*p == '<')
			return p;
		if ((*p == '"' || *p == '\'') &&
		    (q = memchr(p + 1, *p, (size_t)(end - p - 1))) != NULL)
			p = q;
	}
	return end;
}

/* Past a DOCTYPE from p (after "<!DOCTYPE"), NULL at an internal
 * subset. */
static const char *
runs_doctype_end(const char *p, const char *end)
{
	char	 quote = 0;

	for (; p < end && (quote || *p != '>'); p++) {
		if (quote ? *p == quote : *p == '"' || *p == '\'')
			quote = quote ? 0 : *p;
		else if (!quote && *p == '[')
			return NULL;
	}
	return p;
}

/*
 * Past the markup at p ('<'), taking a CDATA section's payload as a run
 * when libxml2 would read it as it is; NULL when the rest cannot be told
 * (an internal DTD subset; nothing is then taken), with *stop set when
 * what was taken must be given up.
 */
static const char *
runs_markup(struct parse_runs *r, const char *data, size_t *copied,
    const char *p, const char *end, bool *stop)
{
	const char	*body, *close;

	if (runs_at(p, end, RUNS_CDATA)) {
		body = p + RUNS_CDATA_LEN;
		if ((close = runs_cdata_end(body, end)) == NULL)
			return NULL;
		if (close - body >= RUNS_MIN && runs_plain(
		    (const unsigned char *)body, (const unsigned char *)close) &&
		    !runs_take(r, data, copied, body, close, body, 0))
			*stop = true;
		return close + 3;
	}
	if (runs_at(p, end, "<!--"))
		close = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
	else if (runs_at(p, end, "<?"))
		close = memmem(p + 2, (size_t)(end - p - 2), "?>", 2);
	else if (runs_at(p, end, "<!DOCTYPE")) {
		if ((close = runs_doctype_end(p + 9, end)) == NULL)
			*stop = true;
		return close == NULL || close == end ? close : close + 1;
	} else
		return runs_tag_end(p + 1, end);
	return close != NULL ? close + 3 - (p[1] == '?') : NULL;
}

bool
parse_runs_hide(struct parse_runs *r, const char *data, size_t len)
{
	const char	*p = data, *end = data + len, *q;
	size_t		 copied = 0, off;	/* of data, into r->doc */
	bool		 stop = false;

	memset(r, 0, sizeof(*r));
	/* a bigger document may hold a text node past libxml2's limit,
	 * which it refuses: it must see that text */
	if (parse_runs_off || len > XML_MAX_TEXT_LENGTH)
		return false;
	while (p != NULL && p < end && r->n < RUNS_MAX && !stop) {
		if (*p == '<') {
			p = runs_markup(r, data, &copied, p, end, &stop);
			continue;
		}
		if ((q = memchr(p, '<', (size_t)(end - p))) == NULL)
			q = end;
		off = r->text.len;
		if (q - p >= RUNS_MIN) {
			if (!runs_text(&r->text, p, q))
				r->text.len = off;
			else if (!runs_take(r, data, &copied, p, q, NULL, off))
				stop = true;
		}
		p = q;
	}
	if (!stop && r->n > 0 && !runs_spells_ph(data + copied, end)) {
		buf_append(&r->doc, data + copied, len - copied);
		return true;
	}
	parse_runs_free(r);
	return false;
}

/* The run a placeholder at p (RUNS_PH_LEN bytes there) names, or -1. */
static long
runs_ph_index(const struct parse_runs *r, const unsigned char *p)
{
	size_t	 i = 0;
	int	 d;

	for (d = 0; d < 4; d++) {
		p += 3;
		if (p[0] != 0xef || p[1] != 0xb7 || (p[2] & 0xf0) != 0xa0)
			return -1;
		i = i << 4 | (p[2] & 0xf);
	}
	return i < r->n ? (long)i : -1;
}

/* The next placeholder in p..end, with its run in *i, or NULL. */
static const char *
runs_find_ph(const struct parse_runs *r, const char *p, const char *end,
    long *i)
{
	for (; end - p >= RUNS_PH_LEN &&
	    (p = memchr(p, 0xef, (size_t)(end - p))) != NULL; p++)
		if (end - p >= RUNS_PH_LEN && (unsigned char)p[1] == 0xb7 &&
		    (unsigned char)p[2] == 0x90 &&
		    (*i = runs_ph_index(r, (const unsigned char *)p)) >= 0)
			return p;
	return NULL;
}

/* text with every placeholder replaced by its run, into b; false when
 * it has none. */
static bool
runs_splice(const struct parse_runs *r, struct buf *b, const char *text)
{
	const struct parse_run	*run;
	const char		*p = text, *end = text + strlen(text), *ph;
	long			 i;

	if ((ph = runs_find_ph(r, p, end, &i)) == NULL)
		return false;
	do {
		run = &r->v[i];
		buf_append(b, p, (size_t)(ph - p));
		buf_append(b, run->s != NULL ? run->s : r->text.data + run->off,
		    run->len);
		p = ph + RUNS_PH_LEN;
	} while ((ph = runs_find_ph(r, p, end, &i)) != NULL);
	buf_append(b, p, (size_t)(end - p));
	return true;
}

void
parse_runs_restore(const struct parse_runs *r, xmlNode *n, struct buf *b)
{
	for (; n != NULL; n = n->next) {
		if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL) {
			buf_reset(b);
			if (runs_splice(r, b, (const char *)n->content))
				xmlNodeSetContentLen(n, (const xmlChar *)b->data,
				    (int)b->len);
		} else if (n->type == XML_ELEMENT_NODE)
			parse_runs_restore(r, n->children, b);
	}
}

void
parse_runs_free(struct parse_runs *r)
{
	buf_free(&r->doc);
	buf_free(&r->text);
	free(r->v);
	memset(r, 0, sizeof(*r));
}
