/*
 * test_vec16.c — vec16.h against a byte at a time: every byte value in
 * every position, and random vectors.  test_vec16_swar.c includes this
 * file with the SWAR words in place of SSE2, so both are checked on a
 * machine that has SSE2.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "vec16.h"

/* The bits a byte at a time gives for predicate what on x[16]. */
static unsigned
ref_bits(const unsigned char *x, int what, unsigned char c)
{
	unsigned	 bits = 0;
	int		 i, hit;

	for (i = 0; i < 16; i++) {
		switch (what) {
		case 0: hit = x[i] == c; break;
		case 1: hit = x[i] < c; break;
		default: hit = x[i] >= 0x80; break;
		}
		bits |= (unsigned)hit << i;
	}
	return bits;
}

static unsigned
vec_bits(const unsigned char *x, int what, unsigned char c)
{
	vec16	 v = v16_load(x);

	switch (what) {
	case 0: return v16_bits(v16_eq(v, c));
	case 1: return v16_bits(v16_below(v, c));
	default: return v16_bits(v16_high(v));
	}
}

/* Vectors holding every byte value, each in every position, and
 * random ones; *n counts them. */
static int
each_vector(int (*check)(const unsigned char *), size_t *n)
{
	unsigned char	 x[17];
	uint64_t	 r = 0x2545f4914f6cdd1dULL;
	int		 b, pos, k, bad = 0;

	for (b = 0; b < 256; b++)
		for (pos = 0; pos < 16; pos++, (*n)++) {
			memset(x, 'a' + pos, sizeof(x));
			x[pos] = (unsigned char)b;
			bad += check(x);
		}
	for (k = 0; k < 100000; k++, (*n)++) {
		for (pos = 0; pos < 16; pos++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			x[pos] = (unsigned char)(r >> 24);
		}
		bad += check(x);
	}
	return bad;
}

static int
check_compare(const unsigned char *x)
{
	static const unsigned char	 cs[] = { 0, 1, 0x1f, 0x20, '"', '&',
	    '<', '>', 'A', 'Z', 0x7e, 0x7f, 0x80, 0xc2, 0xef, 0xff };
	size_t				 i;
	int				 bad = 0;

	for (i = 0; i < sizeof(cs); i++) {
		bad += vec_bits(x, 0, cs[i]) != ref_bits(x, 0, cs[i]);
		if (cs[i] >= 1 && cs[i] <= 0x80)
			bad += vec_bits(x, 1, cs[i]) != ref_bits(x, 1, cs[i]);
	}
	return bad + (vec_bits(x, 2, 0) != ref_bits(x, 2, 0));
}

static int
check_lower_or(const unsigned char *x)
{
	unsigned char	 got[16], want[16];
	int		 i;

	v16_store(got, v16_lower(v16_load(x)));
	for (i = 0; i < 16; i++)
		want[i] = x[i] >= 'A' && x[i] <= 'Z' ? x[i] + 0x20 : x[i];
	return memcmp(got, want, 16) != 0 ||
	    v16_bits(v16_or(v16_eq(v16_load(x), x[3]), v16_high(
	    v16_load(x)))) != (ref_bits(x, 0, x[3]) | ref_bits(x, 2, 0));
}

int
main(void)
{
	size_t	 n = 0;

	CHECK_INT(each_vector(check_compare, &n), 0,
	    "v16_eq, v16_below, v16_high, v16_bits as a byte at a time");
	CHECK_INT((long long)n, 4096 + 100000, "on every byte everywhere and "
	    "100,000 random vectors");
	n = 0;
	CHECK_INT(each_vector(check_lower_or, &n), 0,
	    "v16_lower, v16_or, v16_store as a byte at a time");
	return unit_done();
}
