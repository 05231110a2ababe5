/*
 * names.c — a fixed table of names, found by hashing (see names.h):
 * FNV-1a of the name, open addressing with linear probes, at most half
 * the slots taken.
 */
#include <string.h>

#include "log.h"
#include "names.h"

static const char *
names_at(const struct names *t, size_t i)
{
	return *(const char *const *)(const void *)((const char *)t->first +
	    i * t->stride);
}

static size_t
names_hash(const char *s)
{
	uint32_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h & (NAMES_SLOTS - 1);
}

void
names_init(struct names *t, const void *table, size_t n, size_t stride)
{
	size_t	 i, s;

	if (n > NAMES_SLOTS / 2)
		fatalx("names: %zu names for %d slots", n, NAMES_SLOTS);
	memset(t, 0, sizeof(*t));
	t->first = table;
	t->stride = stride;
	for (i = 0; i < n; i++) {
		for (s = names_hash(names_at(t, i)); t->slot[s] != 0;
		    s = (s + 1) & (NAMES_SLOTS - 1))
			;
		t->slot[s] = (uint16_t)(i + 1);
	}
}

long
names_find(const struct names *t, const char *name)
{
	size_t	 s;

	for (s = names_hash(name); t->slot[s] != 0;
	    s = (s + 1) & (NAMES_SLOTS - 1))
		if (strcmp(names_at(t, t->slot[s] - 1u), name) == 0)
			return (long)t->slot[s] - 1;
	return -1;
}
