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
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "simhash.h"

#define SIMHASH_SHINGLE	2	/* words per feature */
#define SIMHASH_TITLE_MIN 3	/* a shorter title is no key ("News") */
#define SIMHASH_LEAD	12	/* words of the body that make its key */

static uint64_t
simhash_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t
simhash_word(const char *s, size_t n)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Next word of s from *p: its start in *w and length; 0 at the end. */
static size_t
simhash_next(const char **p, const char **w)
{
	const char	*s = *p, *e;

	for (;;) {
		while (*s == ' ' || *s == '\n')
			s++;
		if (*s == '\0') {
			*p = s;
			return 0;
		}
		for (e = s; *e && *e != ' ' && *e != '\n'; e++)
			;
		*p = e;
		while (s < e && ispunct((unsigned char)*s))
			s++;
		while (e > s && ispunct((unsigned char)e[-1]))
			e--;
		if (e > s) {
			*w = s;
			return (size_t)(e - s);
		}
		s = *p;
	}
}

/* Feeds the shingles of text into votes; returns the words seen. */
static size_t
simhash_votes(int32_t votes[64], const char *text)
{
	uint64_t	 win[SIMHASH_SHINGLE] = { 0 }, f;
	const char	*p = text, *w;
	size_t		 n, words = 0, i;
	int		 b;

	while (text != NULL && (n = simhash_next(&p, &w)) != 0) {
		memmove(win, win + 1, sizeof(win) - sizeof(*win));
		win[SIMHASH_SHINGLE - 1] = simhash_word(w, n);
		if (++words < SIMHASH_SHINGLE)
			continue;
		for (f = 0, i = 0; i < SIMHASH_SHINGLE; i++)
			f = simhash_mix(f ^ win[i]);
		for (b = 0; b < 64; b++)
			votes[b] += (f >> b) & 1 ? 1 : -1;
	}
	return words;
}

/* Hash of the first max words of text (all of them if fewer), 0 if
 * there are fewer than min. */
static uint64_t
simhash_words(const char *text, size_t min, size_t max)
{
	const char	*p = text, *w;
	uint64_t	 h = 0;
	size_t		 n, words = 0;

	while (text != NULL && words < max &&
	    (n = simhash_next(&p, &w)) != 0) {
		h = simhash_mix(h ^ simhash_word(w, n));
		words++;
	}
	return words < min ? 0 : h | 1;
}

/* Hash of the last SIMHASH_LEAD words of text, 0 if fewer. */
static uint64_t
simhash_tail(const char *text)
{
	uint64_t	 ring[SIMHASH_LEAD], h = 0;
	const char	*p = text, *w;
	size_t		 n, words = 0, i;

	while (text != NULL && (n = simhash_next(&p, &w)) != 0)
		ring[words++ % SIMHASH_LEAD] = simhash_word(w, n);
	if (words < SIMHASH_LEAD)
		return 0;
	for (i = 0; i < SIMHASH_LEAD; i++)
		h = simhash_mix(h ^ ring[(words + i) % SIMHASH_LEAD]);
	return h | 1;
}

void
simhash_sign(struct simhash_sig *sig, const char *title, const char *body)
{
	int32_t		 votes[64] = { 0 };
	size_t		 words;
	int		 b;

	memset(sig, 0, sizeof(*sig));
	words = simhash_votes(votes, title) + simhash_votes(votes, body);
	if (words < SIMHASH_MIN_WORDS)
		return;
	for (b = 0; b < 64; b++)
		if (votes[b] > 0)
			sig->hash |= 1ULL << b;
	/* 0 means "none": a real fingerprint of 0 loses one bit */
	if (sig->hash == 0)
		sig->hash = 1;
	sig->title = simhash_words(title, SIMHASH_TITLE_MIN, SIZE_MAX);
	sig->lead = simhash_words(body, SIMHASH_LEAD, SIMHASH_LEAD);
	sig->tail = simhash_tail(body);
}

int
simhash_key_distance(int64_t key, int max)
{
	if ((uint64_t)key >> 56 <= 2 && max > SIMHASH_BAND_DISTANCE)
		return SIMHASH_BAND_DISTANCE;
	return max;
}

int
simhash_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

/*
 * Bands of 21, 21 and 22 bits: at a million items each band value is
 * shared by half an item on average.  Title, lead and tail keep 56 bits.
 */
int
simhash_keys(const struct simhash_sig *sig, int64_t keys[SIMHASH_NKEYS])
{
	const uint64_t	 low56 = (1ULL << 56) - 1;
	int		 n = 0;

	if (sig->hash == 0)
		return 0;
	keys[n++] = (int64_t)(sig->hash & ((1ULL << 21) - 1));
	keys[n++] = (int64_t)((1ULL << 56) | ((sig->hash >> 21) &
	    ((1ULL << 21) - 1)));
	keys[n++] = (int64_t)((2ULL << 56) | (sig->hash >> 42));
	if (sig->title)
		keys[n++] = (int64_t)((3ULL << 56) | (sig->title & low56));
	if (sig->lead)
		keys[n++] = (int64_t)((4ULL << 56) | (sig->lead & low56));
	if (sig->tail)
		keys[n++] = (int64_t)((5ULL << 56) | (sig->tail & low56));
	return n;
}
