/*
 * names.h — a fixed table of names, found by hashing: html.c's and
 * clean.c's element tables, looked up for every tag.  The table is an
 * array of structs whose first member is the name (const char *); the
 * index is built once, by the caller, before the first lookup
 * (pthread_once), and is read-only after.
 */
#ifndef FEEDD_NAMES_H
#define FEEDD_NAMES_H

#include <stddef.h>
#include <stdint.h>

#define NAMES_SLOTS	512	/* a power of two, above twice the names */

struct names {
	const char	*const *first;	/* the first entry's name */
	size_t		 stride;	/* bytes from one entry to the next */
	uint16_t	 slot[NAMES_SLOTS];	/* index + 1; 0: free */
};

/* Indexes the n entries of table (stride bytes each); fatal when there
 * are more than NAMES_SLOTS / 2. */
void	 names_init(struct names *, const void *table, size_t n,
	    size_t stride);
/* The index of the entry called name, or -1. */
long	 names_find(const struct names *, const char *name);

#endif
