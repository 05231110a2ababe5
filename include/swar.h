/*
 * swar.h — eight bytes at a time: the bit tricks the byte scanners
 * (parse_runs.c, hash.c, html.c) share.  A uint64_t holds eight
 * bytes as memcpy() loaded them; SWAR_ONES * c repeats byte c in each.
 */
#ifndef FEEDD_SWAR_H
#define FEEDD_SWAR_H

#include <stdint.h>

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

#endif
