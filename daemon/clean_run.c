/*
 * clean_run.c — long runs of text kept out of libxml2's HTML parser
 * (see clean_run.h).
 *
 * The tokeniser follows libxml2 2.9's HTMLparser.c where it matters:
 * "<" and a letter opens a start tag, "</" and a letter an end tag,
 * "<!--" a comment that ends at the first "-->", and the content of
 * script and style ends at its own end tag (with HTML_PARSE_RECOVER,
 * which clean.c sets, libxml2 reads past any other "</" and a letter;
 * we give up at one).  clean_bogus_comments() has already removed the
 * other "<!", "<?" and "</" forms.  Text runs up to the next '<' or '&'.  What it is
 * not sure libxml2 reads the same way makes it give up.
 *
 * A run may follow a few blanks, which are left in place.
 *
 * A placeholder is U+FDD0 and three hex digits written as U+FDE0..FDEF,
 * 12 bytes: it holds no blank (so libxml2 sees text where the run was
 * text) and none of '<', '&', '>' (so nothing around it changes).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clean_run.h"
#include "swar.h"
#include "xmalloc.h"

#define RUN_MIN		16	/* shorter runs are left to libxml2 */
#define RUN_LEAD_MAX	64	/* blanks before a run, far below the
				   1,000 bytes libxml2 reads at a time */
#define RUN_MAX		4096	/* placeholders three hex digits can name */
#define RUN_PH_LEN	12

#define RUN_X8		1, 1, 1, 1, 1, 1, 1, 1
/* Bytes run_text() looks at: controls, '<', '&', '>', DEL, and 0xef,
 * which starts U+FFFE and U+FFFF. */
static const unsigned char run_bytes[256] = {
	RUN_X8, RUN_X8, RUN_X8, RUN_X8,
	['<'] = 1, ['&'] = 1, ['>'] = 1, [0x7f] = 1, [0xef] = 1,
};
#undef RUN_X8

/* A fragment being rewritten. */
struct run_hide {
	const char	*e;		/* its end */
	struct buf	*out;
	const char	*from;		/* not copied to out yet */
	clean_run_keep_fn *keep;
	bool		 changed;	/* an attribute was cut */
};

static bool
run_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* A character libxml2's htmlParseHTMLName takes after the first. */
static bool
run_namec(unsigned char c)
{
	return run_alpha(c) || (c >= '0' && c <= '9') || c == ':' ||
	    c == '_' || c == '-' || c == '.';
}

static bool
run_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Unquoted attribute values we are sure libxml2 ends where we do. */
static bool
run_unquoted(unsigned char c)
{
	return run_namec(c) || c == '/' || c == '%' || c == '#' ||
	    c == '?' || c == '=' || c == '+';
}

static const char *
run_blanks(const char *p, const char *e)
{
	while (p < e && run_blank((unsigned char)*p))
		p++;
	return p;
}

/* Past the value of an attribute (p is at its '='), NULL if unsure;
 * *v and *vlen: the value without its quotes. */
static const char *
run_value(const char *p, const char *e, const char **v, size_t *vlen)
{
	const char	*q;

	p = run_blanks(p + 1, e);
	if (p == e)
		return NULL;
	if (*p == '"' || *p == '\'') {
		if ((q = memchr(p + 1, *p, (size_t)(e - p - 1))) == NULL)
			return NULL;
		*v = p + 1;
		*vlen = (size_t)(q - p - 1);
		return q + 1;
	}
	for (q = p; p < e && run_unquoted((unsigned char)*p); p++)
		;
	*v = q;
	*vlen = (size_t)(p - q);
	return p == q ? NULL : p;
}

/*
 * After a start tag's name: its attributes and '>'; NULL if unsure.
 * Attributes keep() does not want are cut from what goes to out
 * (*from: what is not copied yet).
 */
static const char *
run_attrs(struct run_hide *h, const char *p)
{
	const char	*name, *q, *v;
	size_t		 len, vlen;
	unsigned	 tag = 0;

	for (;;) {
		p = run_blanks(p, h->e);
		if (p == h->e)
			return NULL;
		if (*p == '>')
			return p + 1;
		if (*p == '/' && p + 1 < h->e && p[1] == '>')
			return p + 2;
		if (!run_alpha((unsigned char)*p) && *p != '_' && *p != ':')
			return NULL;
		for (name = p; p < h->e && run_namec((unsigned char)*p); p++)
			;
		len = (size_t)(p - name);
		q = run_blanks(p, h->e);
		v = NULL;
		vlen = 0;
		if (q < h->e && *q == '=' &&
		    (p = run_value(q, h->e, &v, &vlen)) == NULL)
			return NULL;
		if (h->keep == NULL || h->keep(name, len, v, vlen, &tag))
			continue;
		buf_append(h->out, h->from, (size_t)(name - h->from));
		h->from = p;
		h->changed = true;
	}
}

/* After "<script>" or "<style>": past its end tag, NULL if unsure. */
static const char *
run_raw(const char *p, const char *e, const char *name, size_t len)
{
	for (; (p = memchr(p, '<', (size_t)(e - p))) != NULL; p++) {
		if (p + 2 >= e || p[1] != '/' || !run_alpha((unsigned char)p[2]))
			continue;
		if ((size_t)(e - p - 2) < len ||
		    strncasecmp(p + 2, name, len) != 0)
			return NULL;
		p = run_blanks(p + 2 + len, e);
		return p < e && *p == '>' ? p + 1 : NULL;
	}
	return NULL;
}

/* Past the markup at p ('<'), or NULL if unsure. */
static const char *
run_markup(struct run_hide *h, const char *p)
{
	const char	*name, *q, *e = h->e;
	size_t		 len;

	if (e - p >= 4 && memcmp(p, "<!--", 4) == 0) {
		/* libxml2 also ends one at "--!>": we do not */
		q = memmem(p + 4, (size_t)(e - p - 4), "-->", 3);
		if (q == NULL || memmem(p + 4, (size_t)(q - p - 4), "--!",
		    3) != NULL)
			return NULL;
		return q + 3;
	}
	if (e - p >= 3 && p[1] == '/' && run_alpha((unsigned char)p[2])) {
		for (p += 2; p < e && run_namec((unsigned char)*p); p++)
			;
		p = run_blanks(p, e);
		return p < e && *p == '>' ? p + 1 : NULL;
	}
	if (e - p < 2 || !run_alpha((unsigned char)p[1]))
		return NULL;
	for (name = ++p; p < e && run_namec((unsigned char)*p); p++)
		;
	len = (size_t)(p - name);
	if ((p = run_attrs(h, p)) == NULL)
		return NULL;
	if ((len == 6 && strncasecmp(name, "script", 6) == 0) ||
	    (len == 5 && strncasecmp(name, "style", 5) == 0))
		return run_raw(p, e, name, len);
	return p;
}

/*
 * The plain text at s, up to the next '<' or '&': *next is its end, and
 * the return value its length from the first non-blank byte (a few
 * blanks before it stay as they are), or 0 when it is no run to replace
 * (too short, or holding '>', a control character or U+FFFE/U+FFFF,
 * which libxml2 drops, or DEL).  *printable counts its bytes 0x21-0x7e.  Leading blanks are kept so that the first
 * chunk libxml2 reads is non-blank both ways (htmlCheckParagraph).
 */
static size_t
run_text(const char *s, const char *e, const char **next, size_t *lead,
    size_t *printable)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = (const unsigned char *)e;
	size_t			 np = 0;
	uint64_t		 x;
	bool			 ok = true;

	while (p < end && run_blank(*p))
		p++;
	*lead = (size_t)(p - (const unsigned char *)s);
	for (;;) {
		/* eight bytes 0x20-0x7e but '<', '&' and '>' at a time */
		for (; end - p >= 8; p += 8) {
			memcpy(&x, p, 8);
			if (((((x - SWAR_ONES * 0x20) & ~x) | (x + SWAR_ONES) |
			    x) & ~SWAR_LOW7) | swar_zero(x ^ (SWAR_ONES * '<')) |
			    swar_zero(x ^ (SWAR_ONES * '&')) |
			    swar_zero(x ^ (SWAR_ONES * '>')))
				break;
			/* bytes summed into the top one: no popcnt
			 * instruction needed (-march is the default) */
			np += 8 - (size_t)((swar_zero(x ^ (SWAR_ONES * ' ')) >>
			    7) * SWAR_ONES >> 56);
		}
		if (p >= end || *p == '<' || *p == '&')
			break;
		np += *p > 0x20 && *p < 0x7f;
		if (run_bytes[*p] && (*p == '>' || *p == 0x7f ||
		    (*p < 0x20 && !run_blank(*p)) ||
		    (*p == 0xef && p[1] == 0xbf && p[2] >= 0xbe)))
			ok = false;
		p++;
	}
	*next = (const char *)p;
	*printable = np;
	if (!ok || *lead > RUN_LEAD_MAX ||
	    (size_t)(*next - s) < *lead + RUN_MIN)
		return 0;
	return (size_t)(*next - s) - *lead;
}

/* Past a reference "&name;" or "&#...;" at p, or at p + 1 when it has
 * no ';' (libxml2 then reads its end differently: no run after it). */
static const char *
run_ref(const char *p, const char *e, bool *ok)
{
	const char	*q;

	for (q = p + 1; q < e && (run_namec((unsigned char)*q) || *q == '#');
	    q++)
		;
	*ok = q < e && *q == ';' && q > p + 1;
	return *ok ? q + 1 : p + 1;
}

static void
run_put(struct buf *out, size_t i)
{
	char	 ph[RUN_PH_LEN] = "\xef\xb7\x90\xef\xb7\xa0\xef\xb7\xa0"
		    "\xef\xb7\xa0";

	ph[5] = (char)(0xa0 + ((i >> 8) & 15));
	ph[8] = (char)(0xa0 + ((i >> 4) & 15));
	ph[11] = (char)(0xa0 + (i & 15));
	buf_append(out, ph, sizeof(ph));
}

/*
 * The input holds a placeholder's bytes (U+FDD0..U+FDEF), or U+FFFE or
 * U+FFFF, on which libxml2 stops reading: the rest of the fragment is
 * lost, which only the fragment as it is can tell (an attribute we
 * would cut may hold it).
 */
static bool
run_has_ph(const char *s, size_t len)
{
	const char	*p, *e = s + len;

	for (p = s; (p = memchr(p, '\xef', (size_t)(e - p))) != NULL; p++)
		if (e - p >= 3 && ((p[1] == '\xb7' &&
		    (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0xaf) ||
		    (p[1] == '\xbf' && (unsigned char)p[2] >= 0xbe)))
			return true;
	return false;
}

bool
clean_runs_hide(struct clean_runs *r, struct buf *out, const char *html,
    size_t len, clean_run_keep_fn *keep)
{
	struct run_hide	 h;
	const char	*p = html, *next;
	bool		 after = false;	/* p follows a tag or reference */
	size_t		 n, lead, printable;

	r->n = 0;
	buf_reset(out);
	if (run_has_ph(html, len))
		return false;
	h.e = html + len;
	h.out = out;
	h.from = html;
	h.keep = keep;
	h.changed = false;
	while (p < h.e) {
		if (*p == '<') {
			if ((p = run_markup(&h, p)) == NULL) {
				r->n = 0;
				return false;
			}
			after = true;
		} else if (*p == '&')
			p = run_ref(p, h.e, &after);
		else if ((n = run_text(p, h.e, &next, &lead, &printable)) > 0 &&
		    after &&
		    r->n < RUN_MAX) {
			if (r->n == r->cap) {
				r->cap = r->cap ? r->cap * 2 : 32;
				r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
			}
			p += lead;
			buf_append(out, h.from, (size_t)(p - h.from));
			r->v[r->n].p = p;
			r->v[r->n].n = n;
			r->v[r->n].printable = printable;
			run_put(out, r->n++);
			p = h.from = next;
			after = false;
		} else {
			p = next;
			after = false;
		}
	}
	if (r->n == 0 && !h.changed)
		return false;
	buf_append(out, h.from, (size_t)(p - h.from));
	return true;
}

/* The first placeholder lead (U+FDD0) in s..e, or NULL: memchr for
 * its first byte, where strstr() would set up a two-way search. */
static const unsigned char *
run_find_ph(const char *s, const char *e)
{
	const char	*p;

	for (p = s; (p = memchr(p, '\xef', (size_t)(e - p))) != NULL; p++)
		if (e - p >= 3 && p[1] == '\xb7' && p[2] == '\x90')
			return (const unsigned char *)p;
	return NULL;
}

void
clean_runs_each(const struct clean_runs *r, const char *s, clean_run_fn *fn,
    void *arg)
{
	const unsigned char	*ph;
	const char		*p, *e;
	size_t			 i;

	e = s + strlen(s);
	if (r == NULL || r->n == 0) {
		fn(arg, s, (size_t)(e - s), NULL);
		return;
	}
	for (p = s; (ph = run_find_ph(p, e)) != NULL &&
	    e - (const char *)ph >= RUN_PH_LEN;
	    p = (const char *)ph + RUN_PH_LEN) {
		if ((const char *)ph > p)
			fn(arg, p, (size_t)((const char *)ph - p), NULL);
		i = (size_t)(ph[5] & 15) << 8 | (size_t)(ph[8] & 15) << 4 |
		    (size_t)(ph[11] & 15);
		if (i < r->n)
			fn(arg, r->v[i].p, r->v[i].n, &r->v[i]);
	}
	if (p < e)
		fn(arg, p, (size_t)(e - p), NULL);
}

bool
clean_runs_in_attrs(xmlNodePtr n)
{
	xmlAttrPtr	 a;
	xmlNodePtr	 t;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties; a != NULL; a = a->next)
			for (t = a->children; t != NULL; t = t->next)
				if (t->content != NULL && strstr((const char *)
				    t->content, "\xef\xb7\x90") != NULL)
					return true;
		if (clean_runs_in_attrs(n->children))
			return true;
	}
	return false;
}
