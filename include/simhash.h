/*
 * simhash.h — near-duplicate fingerprints of item text.
 *
 * simhash_sign() takes the normalised title and body text hash.c builds
 * for the content hash (case-folded, NFKC, whitespace collapsed) and
 * fills a signature: a 64-bit SimHash (Charikar 2002) over the word
 * shingles of both, which decides whether two items are one story
 * (at most SIMHASH_DISTANCE bits apart by default: the same story with
 * another byline, caption, footer or a few words changed lands 2-10
 * bits apart, unrelated text ~32), and two lookup keys.  Text of fewer
 * than SIMHASH_MIN_WORDS words gets no signature (hash 0): a short item
 * shares too few words with another for likeness to mean sameness, so
 * only its exact content hash identifies it.
 *
 * Finding candidates among a million stored items needs exact-match
 * keys, which a distance of 10 bits defeats on its own (pigeonhole
 * would need 11 bands of 6 bits, each matching n/64 items).  So each
 * signature has up to SIMHASH_NKEYS keys: the SimHash cut into two
 * bands of 32 bits (any fingerprint within 1 bit shares one, and one
 * within 4 bits does when its changes fall in one half), the normalised
 * title, and the opening and closing words of the body; a near
 * duplicate almost always keeps one of them (a new byline or caption
 * changes the lead, a footer the tail, a rewrite the title, seldom all
 * three).  Each key selects O(1) items however many are stored: a band
 * of 32 bits is shared by chance by one item in 4,000 at a million
 * stored, where bands of 21 bits were shared by half an item.  The
 * SimHash distance then decides.
 */
#ifndef FEEDD_SIMHASH_H
#define FEEDD_SIMHASH_H

#include <stdint.h>

#define SIMHASH_MIN_WORDS	20	/* shorter text: no signature */
#define SIMHASH_DISTANCE	10	/* default bits apart that merge */
#define SIMHASH_DISTANCE_MAX	16	/* refused above: unrelated text */
#define SIMHASH_NKEYS		5	/* 2 bands, title, lead, tail */
#define SIMHASH_BAND_DISTANCE	6	/* most through a band key */
#define SIMHASH_KIND_BAND	6ULL	/* key kinds 6 and 7: the bands */

struct simhash_sig {
	uint64_t	 hash;		/* 0: no signature */
	uint64_t	 title;		/* of the normalised title, 0: none */
	uint64_t	 lead;		/* of the body's first words, 0: none */
	uint64_t	 tail;		/* of its last words, 0: none */
};

void	 simhash_sign(struct simhash_sig *, const char *title,
	    const char *body);
int	 simhash_distance(uint64_t, uint64_t);
/* A 64-bit finaliser (splitmix64's) that spreads every input bit over
 * the whole word; also what the near-duplicate filter hashes keys with. */
uint64_t simhash_mix(uint64_t);
/* The lookup keys of a signature (kind in the top byte); returns how
 * many were written, 0 when there is no signature. */
int	 simhash_keys(const struct simhash_sig *, int64_t keys[SIMHASH_NKEYS]);
/*
 * The distance up to which an item found through key is the same story,
 * given the configured max.  A band key pre-selects items agreeing on
 * 32 bits, among which a random one is within 6 bits on the other 32
 * 3 times in 10,000 (and shares the band only 1 time in 4,000 at a
 * million items): through a band only SIMHASH_BAND_DISTANCE merges.
 */
int	 simhash_key_distance(int64_t key, int max);

#endif
