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
 * Hash (FNV-1a) of the next word of s from *p, trimmed of punctuation
 * at both ends, in one pass; 0 at the end of s.  A word of punctuation
 * only is skipped.
 */
static uint64_t
simhash_next(const char **p)
{
	const unsigned char	*s = (const unsigned char *)*p;
	uint64_t		 h, kept;

	while (*s == ' ' || *s == '\n' || (simhash_class[*s] & SP_PUNCT))
		s++;
	if (*s == '\0') {
		*p = (const char *)s;
		return 0;
	}
	/* kept: the hash up to the last character that is no
	 * punctuation, so trailing punctuation does not count */
	h = kept = 0xcbf29ce484222325ULL;
	for (; !(simhash_class[*s] & SP_END); s++) {
		h ^= *s;
		h *= 0x100000001b3ULL;
		if (!(simhash_class[*s] & SP_PUNCT))
			kept = h;
	}
	*p = (const char *)s;
	return kept ? kept : 1;
}

/* Hash of the first max words of text (all of them if fewer), 0 if
 * there are fewer than min. */
static uint64_t
simhash_words(const char *text, size_t min, size_t max)
{
	const char	*p = text;
	uint64_t	 h = 0, w;
	size_t		 words = 0;

	while (text != NULL && words < max && (w = simhash_next(&p)) != 0) {
		h = simhash_mix(h ^ w);
		words++;
	}
	return words < min ? 0 : h | 1;
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

static void
simhash_add(struct simhash_count *c, uint64_t f)
{
	if (c->n == SIMHASH_FEATURES_MAX)
		return;
	c->n++;
	c->nib[0] += f & SIMHASH_NIB;
	c->nib[1] += f >> 1 & SIMHASH_NIB;
	c->nib[2] += f >> 2 & SIMHASH_NIB;
	c->nib[3] += f >> 3 & SIMHASH_NIB;
	if (++c->nnib == SIMHASH_NIB_MAX)
		simhash_spill_nibs(c);
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
 * Feeds the shingles of text into c, and its end words into e unless
 * NULL; returns the words seen.  A shingle of words a b is
 * mix(mix(a) ^ b): mix(a) was taken when a was the newest word.
 */
_Static_assert(SIMHASH_SHINGLE == 2, "simhash_votes() makes pairs");
static size_t
simhash_votes(struct simhash_count *c, const char *text,
    struct simhash_ends *e)
{
	uint64_t	 prev = 0, w;	/* prev: mix() of the last word */
	const char	*p = text;
	size_t		 words = 0, ri = 0;	/* ri: words % SIMHASH_LEAD */

	while (text != NULL && (w = simhash_next(&p)) != 0) {
		if (e != NULL) {
			if (words < SIMHASH_LEAD)
				e->first[words] = w;
			e->ring[ri] = w;
			if (++ri == SIMHASH_LEAD)
				ri = 0;
		}
		if (++words >= SIMHASH_SHINGLE)
			simhash_add(c, simhash_mix(prev ^ w));
		prev = simhash_mix(w);
	}
	return words;
}

void
simhash_sign(struct simhash_sig *sig, const char *title, const char *body)
{
	struct simhash_count	 c;
	struct simhash_ends	 e;
	size_t			 words, nbody;
	int			 b;

	memset(sig, 0, sizeof(*sig));
	memset(&c, 0, sizeof(c));
	words = simhash_votes(&c, title, NULL);
	nbody = simhash_votes(&c, body, &e);
	if (words + nbody < SIMHASH_MIN_WORDS)
		return;
	/* bit b is set when more features had it set than not */
	simhash_count_done(&c);
	for (b = 0; b < 64; b++)
		if (2 * (size_t)c.total[b] > c.n)
			sig->hash |= 1ULL << b;
	/* 0 means "none": a real fingerprint of 0 loses one bit */
	if (sig->hash == 0)
		sig->hash = 1;
	sig->title = simhash_words(title, SIMHASH_TITLE_MIN, SIZE_MAX);
	sig->lead = simhash_ends_key(e.first, nbody, 0);
	sig->tail = simhash_ends_key(e.ring, nbody, nbody);
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
