/*
 * simhash.c — near-duplicate fingerprints of item text (see simhash.h).
 *
 * Features are word shingles of SIMHASH_SHINGLE words; words are what
 * the normaliser left between spaces, trimmed of punctuation at either
 * end so "story." and "story" are one word.  Each feature's 64-bit hash
 * (FNV-1a per word, combined and finished with the splitmix64 mixer)
 * votes +1 or -1 on every bit; the sign of each total is the bit.
 * Title and body shingle separately, so no feature spans the two.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "simhash.h"

#define SIMHASH_SHINGLE	2	/* words per feature */
#define SIMHASH_FEATURES_MAX	((1UL << 20) - 1)	/* then stop */
#define SIMHASH_TITLE_MIN 3	/* a shorter title is no key ("News") */
#define SIMHASH_LEAD	12	/* words of the body that make its key */

/* ispunct() in the C locale (feedd never calls setlocale), as a table:
 * bit 1 punctuation, bit 2 the end of a word (NUL, space, newline). */
#define SP_PUNCT	1
#define SP_END		2
static const unsigned char simhash_class[256] = {
	[0] = SP_END, ['\n'] = SP_END, [' '] = SP_END,
	['!'] = SP_PUNCT, ['"'] = SP_PUNCT, ['#'] = SP_PUNCT, ['$'] = SP_PUNCT,
	['%'] = SP_PUNCT, ['&'] = SP_PUNCT, ['\''] = SP_PUNCT,
	['('] = SP_PUNCT, [')'] = SP_PUNCT, ['*'] = SP_PUNCT, ['+'] = SP_PUNCT,
	[','] = SP_PUNCT, ['-'] = SP_PUNCT, ['.'] = SP_PUNCT, ['/'] = SP_PUNCT,
	[':'] = SP_PUNCT, [';'] = SP_PUNCT, ['<'] = SP_PUNCT, ['='] = SP_PUNCT,
	['>'] = SP_PUNCT, ['?'] = SP_PUNCT, ['@'] = SP_PUNCT, ['['] = SP_PUNCT,
	['\\'] = SP_PUNCT, [']'] = SP_PUNCT, ['^'] = SP_PUNCT,
	['_'] = SP_PUNCT, ['`'] = SP_PUNCT, ['{'] = SP_PUNCT, ['|'] = SP_PUNCT,
	['}'] = SP_PUNCT, ['~'] = SP_PUNCT,
};

uint64_t
simhash_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/*
 * Per-bit counts of the features' set bits, kept in SWAR lanes: nib[j]
 * holds sixteen 4-bit counters, for bits j, j + 4, ... j + 60, which
 * take 15 features without a carry between lanes; they are then spilled
 * into byte[i] (eight 8-bit counters, for bits i, i + 8, ... i + 56),
 * which take 255, and those into total.  Adding a feature is twelve
 * independent operations and no branch, where a ripple carry through
 * bit planes took a loop of unpredictable length.
 */
#define SIMHASH_NIB	0x1111111111111111ULL
#define SIMHASH_NIBLO	0x0f0f0f0f0f0f0f0fULL
#define SIMHASH_NIB_MAX	15	/* features a 4-bit lane holds */
#define SIMHASH_BYTE_MAX 255	/* ... and an 8-bit one */

struct simhash_count {
	uint64_t	 nib[4];
	uint64_t	 byte[8];
	uint32_t	 total[64];
	unsigned	 nnib;		/* features in nib */
	unsigned	 nbyte;		/* features in byte */
	size_t		 n;		/* features added */
};

static void
simhash_spill_bytes(struct simhash_count *c)
{
	int	 i, m;

	for (i = 0; i < 8; i++) {
		for (m = 0; m < 8; m++)
			c->total[8 * m + i] += (uint32_t)(c->byte[i] >>
			    (8 * m) & 0xff);
		c->byte[i] = 0;
	}
	c->nbyte = 0;
}

static void
simhash_spill_nibs(struct simhash_count *c)
{
	int	 j;

	if (c->nbyte + c->nnib > SIMHASH_BYTE_MAX)
		simhash_spill_bytes(c);
	for (j = 0; j < 4; j++) {
		c->byte[j] += c->nib[j] & SIMHASH_NIBLO;
		c->byte[j + 4] += c->nib[j] >> 4 & SIMHASH_NIBLO;
		c->nib[j] = 0;
	}
	c->nbyte += c->nnib;
	c->nnib = 0;
}

/* Adds the features f[0..n) to c: at most fifteen at a time into the
 * 4-bit lanes, held in locals while they go in. */
static void
simhash_add(struct simhash_count *c, const uint64_t *f, size_t n)
{
	uint64_t	 n0, n1, n2, n3;
	size_t		 i, m;

	if (n > SIMHASH_FEATURES_MAX - c->n)
		n = SIMHASH_FEATURES_MAX - c->n;
	c->n += n;
	for (; n > 0; n -= m) {
		m = SIMHASH_NIB_MAX - c->nnib;
		if (m > n)
			m = n;
		n0 = c->nib[0], n1 = c->nib[1], n2 = c->nib[2], n3 = c->nib[3];
		for (i = 0; i < m; i++) {
			n0 += f[i] & SIMHASH_NIB;
			n1 += f[i] >> 1 & SIMHASH_NIB;
			n2 += f[i] >> 2 & SIMHASH_NIB;
			n3 += f[i] >> 3 & SIMHASH_NIB;
		}
		c->nib[0] = n0, c->nib[1] = n1, c->nib[2] = n2, c->nib[3] = n3;
		f += m;
		if ((c->nnib += (unsigned)m) == SIMHASH_NIB_MAX)
			simhash_spill_nibs(c);
	}
}

/* Every count in total. */
static void
simhash_count_done(struct simhash_count *c)
{
	simhash_spill_nibs(c);
	simhash_spill_bytes(c);
}

/* The first and the last SIMHASH_LEAD words of a text (ring). */
struct simhash_ends {
	uint64_t	 first[SIMHASH_LEAD];
	uint64_t	 ring[SIMHASH_LEAD];
};

/* Hash of n words, 0 when there are fewer than SIMHASH_LEAD. */
static uint64_t
simhash_ends_key(const uint64_t *w, size_t n, size_t start)
{
	uint64_t	 h = 0;
	size_t		 i;

	if (n < SIMHASH_LEAD)
		return 0;
	for (i = 0; i < SIMHASH_LEAD; i++)
		h = simhash_mix(h ^ w[(start + i) % SIMHASH_LEAD]);
	return h | 1;
}

/*
 * Word hashes, two streams at a time.  FNV-1a is a chain of dependent
 * multiplies, one per byte, and a loop per word mispredicts at every
 * word's end; so a piece of text is cut in two at a word end and both
 * halves go through one loop without branches, whose chains overlap.
 * A lane's state is the hash of its word so far (h), the hash up to its
 * last character that is no punctuation (kept), and whether it is in a
 * word (in); at a word's end kept is written out.
 */
#define SIMHASH_FNV_BASIS	0xcbf29ce484222325ULL
#define SIMHASH_FNV_PRIME	0x100000001b3ULL
#define SIMHASH_PIECE	4096	/* bytes a lane takes at a time, at most */
/* words a lane writes, at most: each but the last has a byte and an end
 * within the piece; and room for the write past the last */
#define SIMHASH_PIECE_WORDS	(SIMHASH_PIECE / 2 + 2)

struct simhash_lane {
	const unsigned char	*p, *end;	/* *end ends a word */
	uint64_t		*out;		/* SIMHASH_PIECE_WORDS */
	size_t			 n;		/* words written */
};

/*
 * One byte of a lane, its state in locals so that the store to out
 * (which may alias any uint64_t) reloads none of it.  By the byte's
 * class k, a word starts or goes on (0), goes on with punctuation kept
 * out of kept (SP_PUNCT) or ends (SP_END): so in becomes k <= in.
 * kept is written at o every byte; o moves on at a word's end.
 */
#define SIMHASH_STEP(p, h, kept, in, o) do {				\
	unsigned c_ = *(p)++, k_ = simhash_class[c_];			\
									\
	*(o) = (kept);							\
	(o) += (k_ >> 1) & (in);					\
	(h) = (in) ? (h) : SIMHASH_FNV_BASIS;				\
	(h) = ((h) ^ c_) * SIMHASH_FNV_PRIME;				\
	(kept) = k_ == 0 ? (h) : (kept);				\
	(in) = k_ <= (in);						\
} while (0)

/* Runs both lanes to their ends, in step while both go. */
static void
simhash_lanes(struct simhash_lane *a, struct simhash_lane *b)
{
	const unsigned char	*pa = a->p, *pb = b->p;
	uint64_t		 ha = 0, ka = 0, hb = 0, kb = 0;
	unsigned		 ia = 0, ib = 0;
	uint64_t		*oa = a->out, *ob = b->out;
	size_t			 i, both;

	both = (size_t)(a->end - pa) + 1;
	if ((size_t)(b->end - pb) + 1 < both)
		both = (size_t)(b->end - pb) + 1;
	for (i = 0; i < both; i++) {
		SIMHASH_STEP(pa, ha, ka, ia, oa);
		SIMHASH_STEP(pb, hb, kb, ib, ob);
	}
	while (pa <= a->end)
		SIMHASH_STEP(pa, ha, ka, ia, oa);
	while (pb <= b->end)
		SIMHASH_STEP(pb, hb, kb, ib, ob);
	a->n = (size_t)(oa - a->out);
	b->n = (size_t)(ob - b->out);
}

/*
 * A text's words as they are taken: shingles vote in c, and either its
 * end words go to e (a body) or all of them to key (a title).  A
 * shingle of words a b is mix(mix(a) ^ b): mix(a) was taken when a was
 * the newest word.
 */
_Static_assert(SIMHASH_SHINGLE == 2, "simhash_take() makes pairs");
struct simhash_run {
	struct simhash_count	*c;
	struct simhash_ends	*e;	/* NULL: a title, keyed by key */
	uint64_t		 prev;	/* mix() of the last word */
	uint64_t		 key;
	size_t			 words;
};

/* A word's hash: 0 is kept for "no word" (FNV-1a could give it). */
static uint64_t
simhash_word(uint64_t h)
{
	return h + (h == 0);
}

/* Takes the words w[0..n) of r's text; w is overwritten with their
 * shingles. */
static void
simhash_take(struct simhash_run *r, uint64_t *w, size_t n)
{
	uint64_t	 prev = r->prev, x;
	size_t		 i, skip = r->words == 0 && n > 0;

	if (r->e == NULL)
		for (i = 0; i < n; i++)
			r->key = simhash_mix(r->key ^ simhash_word(w[i]));
	else {
		for (i = 0; r->words + i < SIMHASH_LEAD && i < n; i++)
			r->e->first[r->words + i] = simhash_word(w[i]);
		for (i = n > SIMHASH_LEAD ? n - SIMHASH_LEAD : 0; i < n; i++)
			r->e->ring[(r->words + i) % SIMHASH_LEAD] =
			    simhash_word(w[i]);
	}
	for (i = 0; i < n; i++) {
		x = simhash_word(w[i]);
		w[i] = simhash_mix(prev ^ x);
		prev = simhash_mix(x);
	}
	r->prev = prev;
	r->words += n;
	/* the text's first word starts no shingle */
	simhash_add(r->c, w + skip, n - skip);
}

/* The first word end at or after s, or end (the NUL). */
static const unsigned char *
simhash_break(const unsigned char *s, const unsigned char *end)
{
	while (s < end && !(simhash_class[*s] & SP_END))
		s++;
	return s;
}

/*
 * Feeds the words of text to r: each round, lane a takes up to a piece
 * and lane b as much again (a half each of a shorter rest), both cut
 * at a word end.
 */
static void
simhash_text(struct simhash_run *r, const char *text)
{
	uint64_t		 wa[SIMHASH_PIECE_WORDS], wb[SIMHASH_PIECE_WORDS];
	struct simhash_lane	 a = { .out = wa }, b = { .out = wb };
	const unsigned char	*p, *e;
	size_t			 half;

	if (text == NULL)
		return;
	p = (const unsigned char *)text;
	for (e = p + strlen(text); p < e; p = b.end) {
		half = (size_t)(e - p + 1) / 2;	/* > 0: p moves on */
		if (half > SIMHASH_PIECE)
			half = SIMHASH_PIECE;
		a.p = p;
		a.end = simhash_break(p + half, e);
		b.p = a.end;
		b.end = simhash_break(e - a.end > (ptrdiff_t)half ?
		    a.end + half : e, e);
		simhash_lanes(&a, &b);
		simhash_take(r, wa, a.n);
		simhash_take(r, wb, b.n);
	}
}

void
simhash_sign(struct simhash_sig *sig, const char *title, const char *body)
{
	struct simhash_count	 c;
	struct simhash_ends	 e;
	struct simhash_run	 t = { .c = &c }, b = { .c = &c, .e = &e };
	int			 i;

	memset(sig, 0, sizeof(*sig));
	memset(&c, 0, sizeof(c));
	simhash_text(&t, title);
	simhash_text(&b, body);
	if (t.words + b.words < SIMHASH_MIN_WORDS)
		return;
	/* bit i is set when more features had it set than not */
	simhash_count_done(&c);
	for (i = 0; i < 64; i++)
		if (2 * (size_t)c.total[i] > c.n)
			sig->hash |= 1ULL << i;
	/* 0 means "none": a real fingerprint of 0 loses one bit */
	if (sig->hash == 0)
		sig->hash = 1;
	sig->title = t.words < SIMHASH_TITLE_MIN ? 0 : t.key | 1;
	sig->lead = simhash_ends_key(e.first, b.words, 0);
	sig->tail = simhash_ends_key(e.ring, b.words, b.words);
}

int
simhash_key_distance(int64_t key, int max)
{
	if ((uint64_t)key >> 56 >= SIMHASH_KIND_BAND &&
	    max > SIMHASH_BAND_DISTANCE)
		return SIMHASH_BAND_DISTANCE;
	return max;
}

int
simhash_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

/*
 * Kinds (top byte) 3-5 are title, lead and tail, 56 bits each; 6 and 7
 * the low and high halves of the SimHash.  Kinds 0-2 were bands of 21
 * bits, which a million stored items share half an item each, so every
 * lookup read rows (migrated away: store.c).
 */
int
simhash_keys(const struct simhash_sig *sig, int64_t keys[SIMHASH_NKEYS])
{
	const uint64_t	 low56 = (1ULL << 56) - 1, low32 = 0xffffffffULL;
	int		 n = 0;

	if (sig->hash == 0)
		return 0;
	keys[n++] = (int64_t)(SIMHASH_KIND_BAND << 56 | (sig->hash & low32));
	keys[n++] = (int64_t)((SIMHASH_KIND_BAND + 1) << 56 |
	    sig->hash >> 32);
	if (sig->title)
		keys[n++] = (int64_t)(3ULL << 56 | (sig->title & low56));
	if (sig->lead)
		keys[n++] = (int64_t)(4ULL << 56 | (sig->lead & low56));
	if (sig->tail)
		keys[n++] = (int64_t)(5ULL << 56 | (sig->tail & low56));
	return n;
}
