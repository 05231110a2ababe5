/*
 * parse_cdata.c — long CDATA sections kept out of libxml2 (parse_int.h).
 *
 * libxml2 2.9 copies a CDATA section a character at a time, decoding
 * and checking each one: for the many RSS feeds that wrap every item's
 * HTML in CDATA that was half the parse.  Here a section's payload is
 * checked at memchr speed instead, for what libxml2 would check (UTF-8,
 * XML's characters) and what it would change (CR, which it reads as
 * LF), and when it passes it is handed to libxml2 as a placeholder
 * that parse_cdata_restore() swaps back into the text the tree holds.
 *
 * A placeholder is U+FDD0 and four hex digits written as U+FDE0..FDEF,
 * 15 bytes, all XML characters and none a blank.  A document whose
 * markup could spell one itself, as bytes or as a character reference
 * to U+FDD0..FDEF, keeps all its sections, and so does one with an
 * internal DTD subset (its entities' text is not read through the
 * tree): a placeholder is never mistaken for text.  Inside a section
 * nothing is a reference, and the restored runs are not read again.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "parse_int.h"
#include "xmalloc.h"

#define CDATA_MIN	64	/* shorter sections are left to libxml2 */
#define CDATA_MAX	65536	/* placeholders four hex digits name */
#define CDATA_PH_LEN	15
#define CDATA_OPEN	"<![CDATA["
#define CDATA_OPEN_LEN	9

bool	parse_cdata_off;

/* U+FDD0..U+FDEF: EF B7 90..AF. */
static bool
cdata_is_ph_char(const unsigned char *p)
{
	return p[0] == 0xef && p[1] == 0xb7 && p[2] >= 0x90 && p[2] <= 0xaf;
}

/* A character reference's value at p ("&#"), or 0. */
static unsigned long
cdata_charref(const char *p, const char *end)
{
	unsigned long	 c = 0;
	int		 base = 10, d;

	p += 2;
	if (p < end && (*p == 'x' || *p == 'X')) {
		base = 16;
		p++;
	}
	for (; p < end && c <= 0x10ffff; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && (*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			d = (*p | 0x20) - 'a' + 10;
		else
			break;
		c = c * (unsigned long)base + (unsigned long)d;
	}
	return c;
}

/* The first "]]>" in p..end, or NULL. */
static const char *
cdata_find_close(const char *p, const char *end)
{
	while (end - p >= 3 && (p = memchr(p, ']', (size_t)(end - p - 2))) !=
	    NULL) {
		if (p[1] == ']' && p[2] == '>')
			return p;
		p++;
	}
	return NULL;
}

/* Could the markup in s..end spell a placeholder character, as bytes or
 * as a character reference? */
static bool
cdata_spells_ph(const char *s, const char *end)
{
	const char	*p;
	unsigned long	 c;

	for (p = s; (p = memchr(p, 0xef, (size_t)(end - p))) != NULL; p++)
		if (end - p >= 3 && cdata_is_ph_char((const unsigned char *)p))
			return true;
	for (p = s; (p = memchr(p, '&', (size_t)(end - p))) != NULL; p++)
		if (end - p >= 2 && p[1] == '#' &&
		    (c = cdata_charref(p, end)) >= 0xfdd0 && c <= 0xfdef)
			return true;
	return false;
}

/*
 * Would libxml2 read p..end as it is: UTF-8 throughout, XML characters
 * only (no C0 control but tab and LF; no CR, which it would turn into
 * LF; no U+FFFE or U+FFFF)?  Eight bytes at a time while they are
 * printable ASCII.
 */
static bool
cdata_plain(const unsigned char *p, const unsigned char *end)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 highs = 0x8080808080808080ULL;
	uint64_t	 w;
	size_t		 n;

	while (p < end) {
		if (end - p >= 8) {
			memcpy(&w, p, 8);
			/* no byte >= 0x80 and none below 0x20 */
			if (((w | (w - ones * 0x20)) & highs) == 0) {
				p += 8;
				continue;
			}
		}
		if (*p < 0x20) {
			if (*p != '\t' && *p != '\n')
				return false;
			p++;
		} else if (*p < 0x80)
			p++;
		else {
			if ((n = parse_utf8_len(p, end)) == 0 ||
			    (n == 3 && p[0] == 0xef && p[1] == 0xbf &&
			    p[2] >= 0xbe))
				return false;
			p += n;
		}
	}
	return true;
}

static void
cdata_put_ph(struct buf *b, size_t i)
{
	unsigned char	 ph[CDATA_PH_LEN] = { 0xef, 0xb7, 0x90 };
	int		 d;

	for (d = 0; d < 4; d++) {
		ph[3 + 3 * d] = 0xef;
		ph[4 + 3 * d] = 0xb7;
		ph[5 + 3 * d] = (unsigned char)(0xa0 |
		    (i >> (4 * (3 - d)) & 0xf));
	}
	buf_append(b, ph, sizeof(ph));
}

/* Does p..end start with the string lit? */
#define cdata_at(p, end, lit) \
	((size_t)((end) - (p)) >= sizeof(lit) - 1 && \
	    memcmp((p), (lit), sizeof(lit) - 1) == 0)

/*
 * The next CDATA section opener from p, past comments, processing
 * instructions and a DOCTYPE, where the string is no opener (elsewhere
 * '<' only starts markup in well-formed XML, and what is not
 * well-formed is read again as it is); NULL when there is none, with
 * *subset set at an internal DTD subset.
 */
static const char *
cdata_next_open(const char *p, const char *end, bool *subset)
{
	const char	*q;
	char		 quote = 0;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (cdata_at(p, end, CDATA_OPEN))
			return p;
		if (cdata_at(p, end, "<!--")) {
			if ((q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3))
			    == NULL)
				return NULL;
			p = q + 3;
		} else if (cdata_at(p, end, "<?")) {
			if ((q = memmem(p + 2, (size_t)(end - p - 2), "?>", 2))
			    == NULL)
				return NULL;
			p = q + 2;
		} else if (cdata_at(p, end, "<!DOCTYPE")) {
			for (q = p + 9; q < end && (quote || *q != '>'); q++)
				if (quote ? *q == quote : *q == '"' || *q == '\'')
					quote = quote ? 0 : *q;
				else if (!quote && *q == '[') {
					*subset = true;
					return NULL;
				}
			p = q;
		} else
			p++;
	}
	return NULL;
}

static void
cdata_add(struct parse_cdata *cd, const char *s, size_t len)
{
	if (cd->n == cd->cap) {
		cd->cap = cd->cap ? 2 * cd->cap : 64;
		cd->runs = xreallocarray(cd->runs, cd->cap, sizeof(*cd->runs));
	}
	cd->runs[cd->n].s = s;
	cd->runs[cd->n].len = len;
	cd->n++;
}

/* Appends data[*copied..to) to cd->doc; false when that markup could
 * spell a placeholder. */
static bool
cdata_copy(struct parse_cdata *cd, const char *data, size_t *copied,
    const char *to)
{
	const char	*from = data + *copied;

	if (cdata_spells_ph(from, to))
		return false;
	buf_append(&cd->doc, from, (size_t)(to - from));
	*copied = (size_t)(to - data);
	return true;
}

bool
parse_cdata_hide(struct parse_cdata *cd, const char *data, size_t len)
{
	const char	*p = data, *end = data + len, *open, *body, *close;
	size_t		 copied = 0;	/* of data, into cd->doc */
	bool		 subset = false;

	memset(cd, 0, sizeof(*cd));
	if (parse_cdata_off)
		return false;
	/* a bigger document may hold a text node past libxml2's limit,
	 * which it refuses: it must see that text */
	if (len > XML_MAX_TEXT_LENGTH)
		return false;
	while (cd->n < CDATA_MAX &&
	    (open = cdata_next_open(p, end, &subset)) != NULL) {
		body = open + CDATA_OPEN_LEN;
		if ((close = cdata_find_close(body, end)) == NULL)
			break;
		p = close + 3;
		if (close - body < CDATA_MIN || !cdata_plain(
		    (const unsigned char *)body, (const unsigned char *)close))
			continue;
		if (!cdata_copy(cd, data, &copied, body))
			goto none;
		cdata_put_ph(&cd->doc, cd->n);
		cdata_add(cd, body, (size_t)(close - body));
		copied = (size_t)(close - data);
	}
	if (cd->n > 0 && !subset && cdata_copy(cd, data, &copied, end))
		return true;
none:
	parse_cdata_free(cd);
	return false;
}

/* The run a placeholder at p (CDATA_PH_LEN bytes there) names, or -1. */
static long
cdata_ph_index(const struct parse_cdata *cd, const unsigned char *p)
{
	size_t	 i = 0;
	int	 d;

	for (d = 0; d < 4; d++) {
		p += 3;
		if (p[0] != 0xef || p[1] != 0xb7 || (p[2] & 0xf0) != 0xa0)
			return -1;
		i = i << 4 | (p[2] & 0xf);
	}
	return i < cd->n ? (long)i : -1;
}

/* The next placeholder in p..end, or NULL. */
static const char *
cdata_find_ph(const struct parse_cdata *cd, const char *p, const char *end,
    long *i)
{
	for (; end - p >= CDATA_PH_LEN &&
	    (p = memchr(p, 0xef, (size_t)(end - p))) != NULL; p++)
		if (end - p >= CDATA_PH_LEN && (unsigned char)p[1] == 0xb7 &&
		    (unsigned char)p[2] == 0x90 &&
		    (*i = cdata_ph_index(cd, (const unsigned char *)p)) >= 0)
			return p;
	return NULL;
}

/* text with every placeholder replaced by its run, into b; false when
 * it has none. */
static bool
cdata_splice(const struct parse_cdata *cd, struct buf *b, const char *text)
{
	const char	*p = text, *end = text + strlen(text), *ph;
	long		 i;

	if ((ph = cdata_find_ph(cd, p, end, &i)) == NULL)
		return false;
	do {
		buf_append(b, p, (size_t)(ph - p));
		buf_append(b, cd->runs[i].s, cd->runs[i].len);
		p = ph + CDATA_PH_LEN;
	} while ((ph = cdata_find_ph(cd, p, end, &i)) != NULL);
	buf_append(b, p, (size_t)(end - p));
	return true;
}

void
parse_cdata_restore(const struct parse_cdata *cd, xmlNode *n, struct buf *b)
{
	for (; n != NULL; n = n->next) {
		if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL) {
			buf_reset(b);
			if (cdata_splice(cd, b, (const char *)n->content))
				xmlNodeSetContentLen(n, (const xmlChar *)b->data,
				    (int)b->len);
		} else if (n->type == XML_ELEMENT_NODE)
			parse_cdata_restore(cd, n->children, b);
	}
}

void
parse_cdata_free(struct parse_cdata *cd)
{
	buf_free(&cd->doc);
	free(cd->runs);
	memset(cd, 0, sizeof(*cd));
}
