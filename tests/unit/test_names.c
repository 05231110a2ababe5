/*
 * test_names.c — names.h: every name of a table found at its index,
 * others (prefixes, longer names, other case, empty) not, whatever
 * slots the hash gives them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "unit.h"

struct entry {
	const char	*name;
	int		 value;
};

int
main(void)
{
	static char		 store[NAMES_SLOTS / 2][8];
	static struct entry	 table[NAMES_SLOTS / 2];
	static struct names	 t;
	static const char *const none[] = { "", "x", "n1000", "n1",
	    "N12", "n12x", "n255 " };
	size_t			 i, bad = 0;

	for (i = 0; i < NAMES_SLOTS / 2; i++) {
		snprintf(store[i], sizeof(store[i]), "n%zu", i + 10);
		table[i].name = store[i];
		table[i].value = (int)i;
	}
	names_init(&t, table, NAMES_SLOTS / 2, sizeof(*table));
	for (i = 0; i < NAMES_SLOTS / 2; i++)
		bad += names_find(&t, store[i]) != (long)i;
	CHECK_INT((long long)bad, 0, "each of 256 names (half the slots) "
	    "found at its index");
	for (i = bad = 0; i < sizeof(none) / sizeof(*none); i++)
		bad += names_find(&t, none[i]) != -1;
	CHECK_INT((long long)bad, 0, "prefixes, longer names, other case, "
	    "the empty name not found");
	names_init(&t, table, 0, sizeof(*table));
	CHECK_INT(names_find(&t, "n10"), -1, "an empty table finds nothing");
	return unit_done();
}
