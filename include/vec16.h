/*
 * vec16.h — sixteen bytes at a time, for the byte scanners (clean.c,
 * boiler.c, html.c, hash.c, parse_runs.c).  Comparing a vector of bytes with a
 * constant gives a vector of matches, matches combine with v16_or(),
 * and v16_bits() makes them a mask, bit i for byte i.
 *
 * SSE2 where the compiler has it (every x86-64); elsewhere two SWAR
 * words (SIMD within a register), exact too, with a match a byte's
 * high bit.
 * tests/unit/test_vec16.c checks both against a byte at a time.
 */
#ifndef FEEDD_VEC16_H
#define FEEDD_VEC16_H

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && !defined(VEC16_SWAR)
#include <emmintrin.h>

typedef __m128i	vec16;

static inline vec16
v16_load(const void *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

static inline void
v16_store(void *p, vec16 x)
{
	_mm_storeu_si128((__m128i *)p, x);
}

/* Bytes equal to c. */
static inline vec16
v16_eq(vec16 x, unsigned char c)
{
	return _mm_cmpeq_epi8(x, _mm_set1_epi8((char)c));
}

/* Bytes below c (unsigned; c at most 0x80). */
static inline vec16
v16_below(vec16 x, unsigned char c)
{
	return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8((char)(c - 1))),
	    x);
}

/* Bytes from 0x80 up: not ASCII. */
static inline vec16
v16_high(vec16 x)
{
	return _mm_cmplt_epi8(x, _mm_setzero_si128());
}

static inline vec16
v16_or(vec16 a, vec16 b)
{
	return _mm_or_si128(a, b);
}

static inline unsigned
v16_bits(vec16 m)
{
	return (unsigned)_mm_movemask_epi8(m);
}

/* x with A-Z made a-z. */
static inline vec16
v16_lower(vec16 x)
{
	vec16	 up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));

	return _mm_or_si128(x, _mm_and_si128(up, _mm_set1_epi8(0x20)));
}

#else	/* two SWAR words */
/* A uint64_t holds eight bytes as memcpy() loaded them; SWAR_ONES * c
 * repeats byte c in each. */
#define SWAR_ONES	0x0101010101010101ULL
#define SWAR_LOW7	0x7f7f7f7f7f7f7f7fULL
#define SWAR_HIGHS	0x8080808080808080ULL

/* 0x80 in each byte of x that is zero, nothing elsewhere (exact: no
 * borrow reaches a neighbour). */
static inline uint64_t
swar_zero(uint64_t x)
{
	return ~(((x & SWAR_LOW7) + SWAR_LOW7) | x | SWAR_LOW7);
}

typedef struct {
	uint64_t	 w[2];	/* bytes 0-7, 8-15, as memcpy() loads them */
} vec16;

static inline vec16
v16_load(const void *p)
{
	vec16	 x;

	memcpy(x.w, p, 16);
	return x;
}

static inline void
v16_store(void *p, vec16 x)
{
	memcpy(p, x.w, 16);
}

static inline vec16
v16_eq(vec16 x, unsigned char c)
{
	vec16	 m;
	int	 i;

	for (i = 0; i < 2; i++)
		m.w[i] = swar_zero(x.w[i] ^ SWAR_ONES * c);
	return m;
}

/* A byte with its high bit clear is below c when adding 0x80 - c
 * leaves the high bit clear (no carry leaves the byte). */
static inline vec16
v16_below(vec16 x, unsigned char c)
{
	vec16	 m;
	int	 i;

	for (i = 0; i < 2; i++)
		m.w[i] = ~((x.w[i] & SWAR_LOW7) + SWAR_ONES * (0x80u - c)) &
		    ~x.w[i] & SWAR_HIGHS;
	return m;
}

static inline vec16
v16_high(vec16 x)
{
	vec16	 m;
	int	 i;

	for (i = 0; i < 2; i++)
		m.w[i] = x.w[i] & SWAR_HIGHS;
	return m;
}

static inline vec16
v16_or(vec16 a, vec16 b)
{
	a.w[0] |= b.w[0];
	a.w[1] |= b.w[1];
	return a;
}

/* The high bits, moved to the top byte by one multiply; a
 * little-endian load puts byte 0 lowest. */
static inline unsigned
v16_bits(vec16 m)
{
	unsigned	 b[2];
	int		 i;

	for (i = 0; i < 2; i++) {
		uint64_t	 w = m.w[i] & SWAR_HIGHS;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		b[i] = (unsigned)((w >> 7) * 0x0102040810204080ULL >> 56);
	}
	return b[0] | b[1] << 8;
}

static inline vec16
v16_lower(vec16 x)
{
	int	 i;

	for (i = 0; i < 2; i++) {
		uint64_t	 lo = x.w[i] & SWAR_LOW7, up;

		up = (lo + SWAR_ONES * (0x80 - 'A')) &
		    ~(lo + SWAR_ONES * (0x80 - 'Z' - 1)) & ~x.w[i] & SWAR_HIGHS;
		x.w[i] |= up >> 2;
	}
	return x;
}
#endif

#endif
