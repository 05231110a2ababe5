/*
 * hash.c — identity and content hash of a cleaned item (see hash.h).
 *
 * The visible text of content comes from a small scanner rather than a
 * second HTML parse: after clean_html() the markup is our own (tags we
 * named, text escaped with the four entities), so skipping tags and
 * decoding references is enough.  Block-level tags separate words,
 * inline ones do not, so "<p>a</p><p>b</p>" and "a<br>b" give "a b"
 * while "<b>H</b>ello" gives "hello".
 *
 * Normalisation is utf8proc's: NFKC (COMPAT|COMPOSE), case folding,
 * LUMP (curly quotes to ' and ", dashes to -, odd spaces to space;
 * hash_lump_more adds what LUMP misses),
 * IGNORE (soft hyphens, zero-width characters), STRIPCC; then white
 * space is collapsed.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <utf8proc.h>

#include "buf.h"
#include "feed.h"
#include "hash.h"
#include "log.h"
#include "names.h"
#include "simhash.h"
#include "vec16.h"
#include "xmalloc.h"

#define HASH_NORM_FLAGS	(UTF8PROC_STABLE | UTF8PROC_COMPAT | \
	UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_LUMP | \
	UTF8PROC_IGNORE | UTF8PROC_STRIPCC)
#define HASH_TAG_MAX	16	/* longest tag name worth looking up */

/* Tags after which the next word is a new word. */
static const struct { const char *name; } block_tags[] = {
	{ "address" }, { "article" }, { "aside" }, { "blockquote" }, { "br" },
	{ "caption" }, { "dd" }, { "details" }, { "div" }, { "dl" }, { "dt" },
	{ "figcaption" }, { "figure" }, { "footer" }, { "h1" }, { "h2" },
	{ "h3" }, { "h4" }, { "h5" }, { "h6" }, { "header" }, { "hr" },
	{ "img" }, { "li" }, { "main" }, { "ol" }, { "p" }, { "pre" },
	{ "section" }, { "summary" }, { "table" }, { "tbody" }, { "td" },
	{ "tfoot" }, { "th" }, { "thead" }, { "tr" }, { "ul" },
};
static struct names	 block_names;
static pthread_once_t	 block_names_once = PTHREAD_ONCE_INIT;

bool		 hash_fold_bytewise;
static EVP_MD	*sha256;
/* hash_item()'s text, kept across calls to save its allocation, one
 * per thread (the worker pool hashes on several); hash_thread_cleanup()
 * releases them. */
static _Thread_local struct buf	 scratch_text;	/* visible text */
static _Thread_local struct buf	 scratch_norm;	/* title \n text, folded */
static _Thread_local EVP_MD_CTX	*sha_ctx;	/* hash_bytes(), reused */

static void
block_names_init(void)
{
	names_init(&block_names, block_tags,
	    sizeof(block_tags) / sizeof(*block_tags), sizeof(*block_tags));
}

/* name (len letters and digits, at most HASH_TAG_MAX): | 0x20
 * lowercases a letter without changing a digit. */
static bool
hash_is_block(const char *name, size_t len)
{
	char	 low[HASH_TAG_MAX + 1];
	size_t	 i;

	for (i = 0; i < len; i++)
		low[i] = (char)(name[i] | 0x20);
	low[len] = '\0';
	pthread_once(&block_names_once, block_names_init);
	return names_find(&block_names, low) >= 0;
}

/* Length of the run of ASCII letters and digits at s. */
static size_t
hash_alnum_len(const char *s)
{
	const char	*p;

	for (p = s; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9'); p++)
		;
	return (size_t)(p - s);
}

/* Appends code point c as UTF-8; invalid ones become U+FFFD. */
static void
hash_put_cp(struct buf *b, long c)
{
	utf8proc_uint8_t	 u[4];
	utf8proc_ssize_t	 n;

	if (c <= 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	n = utf8proc_encode_char((utf8proc_int32_t)c, u);
	buf_append(b, u, (size_t)n);
}

/*
 * Decodes the character reference at s ('&'); returns how many bytes it
 * took, or 0 when it is not one we know (the '&' then stays as text).
 * clean_html() writes only &amp; &lt; &gt; &quot;; numeric references
 * are decoded too so that hand-written input hashes alike.
 */
static size_t
hash_entity(struct buf *b, const char *s)
{
#define N(x, c)	{ x, sizeof(x) - 1, c }
	static const struct { const char *name; size_t len; char c; } named[] = {
		N("&amp;", '&'), N("&lt;", '<'), N("&gt;", '>'),
		N("&quot;", '"'), N("&apos;", '\''), N("&nbsp;", ' '),
	};
#undef N
	const char	*p;
	char		*end;
	long		 c;
	size_t		 i;

	for (i = 0; i < sizeof(named) / sizeof(*named); i++)
		if (s[1] == named[i].name[1] &&
		    strncmp(s, named[i].name, named[i].len) == 0) {
			buf_putc(b, named[i].c);
			return named[i].len;
		}
	if (s[1] != '#')
		return 0;
	p = s + 2;
	if (*p == 'x' || *p == 'X')
		c = strtol(p + 1, &end, 16);
	else
		c = strtol(p, &end, 10);
	if (end == p || end == p + 1 || *end != ';' || end - s > 12)
		return 0;
	hash_put_cp(b, c);
	return (size_t)(end - s) + 1;
}

/* The first '<' or '&' from p on, or e; sixteen bytes at a time. */
static const char *
hash_next_markup(const char *p, const char *e)
{
	vec16		 x;
	unsigned	 m;

	for (; e - p >= 16; p += 16) {
		x = v16_load(p);
		if ((m = v16_bits(v16_or(v16_eq(x, '<'), v16_eq(x, '&')))) != 0)
			return p + __builtin_ctz(m);
	}
	while (p < e && *p != '<' && *p != '&')
		p++;
	return p;
}

/* Visible text of sanitized HTML: tags skipped, references decoded. */
static void
hash_visible_text(struct buf *b, const char *html)
{
	const char	*p = html, *e = html + strlen(html), *run, *name, *gt;
	size_t		 n, len;

	while ((p = hash_next_markup(run = p, e)) < e) {
		buf_append(b, run, (size_t)(p - run));
		if (*p == '&') {
			if ((n = hash_entity(b, p)) == 0) {
				buf_putc(b, '&');
				n = 1;
			}
			p += n;
			continue;
		}
		if ((gt = memchr(p, '>', (size_t)(e - p))) == NULL)
			return;
		name = p + 1 + (p[1] == '/');
		len = hash_alnum_len(name);
		if (len > 0 && len <= HASH_TAG_MAX && hash_is_block(name, len))
			buf_putc(b, ' ');
		p = gt + 1;
	}
	buf_append(b, run, (size_t)(e - run));
}

/* What LUMP leaves out: double quotes, and the rest of the dashes. */
static utf8proc_int32_t
hash_lump_more(utf8proc_int32_t c, void *unused)
{
	(void)unused;
	if ((c >= 0x201c && c <= 0x201f) || c == 0x2033 || c == 0x301d ||
	    c == 0x301e)
		return '"';
	if ((c >= 0x2018 && c <= 0x201b) || c == 0x2032)
		return '\'';
	if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xfe58 ||
	    c == 0xfe63)
		return '-';
	return c;
}

/*
 * The folded text being written: runs of white space become one space,
 * none leads or trails.  w points into out's data, which the caller
 * sized for what is written.
 */
struct hash_out {
	char	*w;
	char	*start;
	bool	 space;		/* white space seen since the last char */
};

static inline void
hash_emit(struct hash_out *o, unsigned char c)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v') {
		o->space = true;
		return;
	}
	if (o->space && o->w != o->start)
		*o->w++ = ' ';
	o->space = false;
	*o->w++ = (char)c;
}

/*
 * What an ASCII byte folds to: itself lowercased, HASH_SPACE for white
 * space, 0 for the other controls (dropped).  \v is dropped, as it
 * always was.
 */
#define HASH_SPACE	1
#define HASH_CTL8(x)	0, 0, 0, 0, 0, 0, 0, 0
static const unsigned char hash_ascii[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, HASH_SPACE, HASH_SPACE, 0, HASH_SPACE,
	HASH_SPACE, 0, 0, HASH_CTL8(), HASH_CTL8(),
	HASH_SPACE, '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-',
	'.', '/', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';',
	'<', '=', '>', '?', '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i',
	'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
	'x', 'y', 'z', '[', '\\', ']', '^', '_', '`', 'a', 'b', 'c', 'd', 'e',
	'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
	't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', 0,
};

/*
 * Sixteen bytes at a time (the words of most text): the bytes from p
 * on that fold by lowercasing alone, 0x20-0x7e with no space that
 * collapses (the second of two, or one leading or after a pending one)
 * and no non-ASCII byte right after them (a combining mark may compose
 * with the character before it), are written at once.  Returns how
 * many were consumed, 0 when the byte-wise loop must take p[0].  The
 * store writes 16 bytes at o->w: what was read is never less than what
 * was written, and out has room for all of it.
 */
static size_t
hash_fold16(struct hash_out *o, const unsigned char *p)
{
	vec16		 x = v16_load(p);
	unsigned	 sp, high, stop, k;

	sp = v16_bits(v16_eq(x, ' '));
	high = v16_bits(v16_high(x)) | (p[16] >= 0x80) << 16;
	stop = v16_bits(v16_or(v16_below(x, 0x20), v16_eq(x, 0x7f))) |
	    high | (sp & sp >> 1) << 1 | 0x10000;
	if ((sp & 1) && (o->space || o->w == o->start))
		stop |= 1;
	k = (unsigned)__builtin_ctz(stop);
	if ((high >> k) & 1)
		k -= k > 0;	/* the character before it goes with it */
	if (k == 0)
		return 0;
	if (o->space) {
		/* p[0] is no space: the pending one comes out first */
		if (o->w != o->start)
			*o->w++ = ' ';
		o->space = false;
	}
	v16_store(o->w, v16_lower(x));
	/* a space last may be the first of a run, or trail: pending */
	o->space = (sp >> (k - 1)) & 1;
	o->w += k - o->space;
	return k;
}

/* Makes room in out for n more bytes (and a NUL) at o->w. */
static void
hash_out_reserve(struct buf *out, struct hash_out *o, size_t n)
{
	size_t	 used = (size_t)(o->w - out->data), from, cap;

	if (used + n + 1 <= out->cap)
		return;
	from = (size_t)(o->start - out->data);
	for (cap = out->cap ? out->cap : 64; cap < used + n + 1; cap *= 2)
		;
	out->data = xreallocarray(out->data, cap, 1);
	out->cap = cap;
	o->start = out->data + from;
	o->w = out->data + used;
}

/*
 * Appends the normalised text s (len bytes, s[len] a NUL) to out (see
 * top of file) in one pass: white space collapsed as it is written,
 * none leading or trailing.  utf8proc sees only the runs of non-ASCII
 * characters, each with the ASCII character before it (a combining mark
 * may compose with it); other ASCII is folded here, since NFKC and LUMP
 * leave it alone and case folding is tolower.  No composition pairs an
 * earlier character with a later ASCII one.
 */
static void
hash_fold_into(struct buf *out, const char *text, size_t len)
{
	struct hash_out		 o;
	const unsigned char	*p, *e, *s;
	utf8proc_uint8_t	*dst;
	utf8proc_ssize_t	 n, i;
	unsigned char		 c;

	if (out->data == NULL)
		buf_append(out, "", 0);
	o.w = o.start = out->data + out->len;
	o.space = false;
	hash_out_reserve(out, &o, len);
	p = (const unsigned char *)text;
	for (e = p + len; p < e;) {
		if (e - p >= 16 && !hash_fold_bytewise &&
		    (n = (utf8proc_ssize_t)hash_fold16(&o, p)) > 0) {
			p += n;
			continue;
		}
		/* text[len] is the NUL: p[1] is always there */
		if (*p < 0x80 && p[1] < 0x80) {
			c = hash_ascii[*p++];
			if (c > HASH_SPACE) {
				if (o.space && o.w != o.start)
					*o.w++ = ' ';
				o.space = false;
				*o.w++ = (char)c;
			} else if (c == HASH_SPACE)
				o.space = true;
			continue;
		}
		for (s = p++; p < e && *p >= 0x80; p++)
			;
		n = utf8proc_map_custom(s, (utf8proc_ssize_t)(p - s), &dst,
		    HASH_NORM_FLAGS, hash_lump_more, NULL);
		if (n < 0) {
			log_debug("hash: utf8proc: %s", utf8proc_errmsg(n));
			n = (utf8proc_ssize_t)(p - s);
			hash_out_reserve(out, &o, (size_t)n + (size_t)(e - p) +
			    1);
			for (i = 0; i < n; i++)
				hash_emit(&o, s[i]);
			continue;
		}
		/* + 1: a space pending from before the run comes out first */
		hash_out_reserve(out, &o, (size_t)n + (size_t)(e - p) + 1);
		for (i = 0; i < n; i++)
			hash_emit(&o, dst[i]);
		free(dst);
	}
	*o.w = '\0';
	out->len = (size_t)(o.w - out->data);
}

/* Normalises the text in b in place (see hash_fold_into()). */
static void
hash_fold(struct buf *b)
{
	struct buf	 out;

	buf_init(&out, 0);
	if (b->len > 0)
		hash_fold_into(&out, b->data, b->len);
	buf_free(b);
	*b = out;
}

char *
hash_normalise(const char *html)
{
	struct buf	 b;

	buf_init(&b, 0);
	if (html != NULL)
		hash_visible_text(&b, html);
	hash_fold(&b);
	return buf_take(&b);
}

void
hash_bytes(const void *p, size_t n, unsigned char out[HASH_LEN])
{
	unsigned int	 len = 0;

	if (sha256 == NULL && (sha256 = EVP_MD_fetch(NULL, "SHA256",
	    NULL)) == NULL)
		fatalx("openssl: SHA-256 is not available");
	if (sha_ctx == NULL && (sha_ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("openssl: EVP_MD_CTX_new: out of memory");
	if (!EVP_DigestInit_ex2(sha_ctx, sha256, NULL) ||
	    !EVP_DigestUpdate(sha_ctx, p, n) ||
	    !EVP_DigestFinal_ex(sha_ctx, out, &len) || len != HASH_LEN)
		fatalx("openssl: SHA-256 digest failed");
}

void
hash_hex(const unsigned char hash[HASH_LEN], char out[HASH_HEX_LEN])
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < HASH_LEN; i++) {
		out[2 * i] = hex[hash[i] >> 4];
		out[2 * i + 1] = hex[hash[i] & 15];
	}
	out[2 * HASH_LEN] = '\0';
}

/*
 * An identity for an item its feed did not name: the link, else a
 * hash of title and publication date (seconds since the epoch), else,
 * with neither, the content hash, so that two untitled undated items
 * stay two.
 */
static char *
hash_identity(const struct item *it)
{
	unsigned char	 h[HASH_LEN];
	char		 hex[HASH_HEX_LEN];
	char		*s;

	if (it->link != NULL && *it->link != '\0')
		return xstrdup(it->link);
	if ((it->title == NULL || *it->title == '\0') &&
	    it->published == DATE_NONE)
		memcpy(h, it->hash, HASH_LEN);
	else {
		s = xasprintf("%s\n%lld", it->title ? it->title : "",
		    (long long)it->published);
		hash_bytes(s, strlen(s), h);
		free(s);
	}
	hash_hex(h, hex);
	return xasprintf("urn:feedd:%s", hex);
}

void
hash_item(struct item *it)
{
	struct buf	*b = &scratch_norm, *t = &scratch_text;
	const char	*body;
	size_t		 tlen;

	buf_reset(b);
	buf_reset(t);
	if (it->title != NULL)
		hash_fold_into(b, it->title, strlen(it->title));
	tlen = b->len;
	buf_putc(b, '\n');
	body = it->content ? it->content : it->summary;
	if (body != NULL) {
		hash_visible_text(t, body);
		if (t->len > 0)
			hash_fold_into(b, t->data, t->len);
	}
	hash_bytes(b->data, b->len, it->hash);
	it->hashed = true;
	b->data[tlen] = '\0';
	simhash_sign(&it->sim, b->data, b->data + tlen + 1);
	if (it->id == NULL || *it->id == '\0') {
		item_take(&it->id, hash_identity(it));
		it->id_derived = true;
	}
}

void
hash_feed(struct feed_doc *doc)
{
	size_t	 i;

	for (i = 0; i < doc->nitems; i++)
		hash_item(&doc->items[i]);
}

void
hash_thread_cleanup(void)
{
	buf_free(&scratch_text);
	buf_free(&scratch_norm);
	EVP_MD_CTX_free(sha_ctx);
	sha_ctx = NULL;
}
