/*
 * unit.h — a table-driven unit test needs little: a check that prints a
 * TAP line, and a summary.  Each test program prints "ok N - what" or
 * "not ok N - what" per check and exits non-zero if any failed;
 * tests/run counts the lines.
 */
#ifndef FEEDD_UNIT_H
#define FEEDD_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_n, unit_failed;

static inline int
unit_check(int cond, const char *file, int line, const char *what)
{
	unit_n++;
	if (cond) {
		printf("ok %d - %s\n", unit_n, what);
		return 1;
	}
	unit_failed++;
	printf("not ok %d - %s\n#   at %s:%d\n", unit_n, what, file, line);
	return 0;
}

#define CHECK(cond, what)	unit_check(!!(cond), __FILE__, __LINE__, (what))

/* String equality where either side may be NULL; shows both on failure. */
#define CHECK_STR(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int eq_ = (g_ == NULL || w_ == NULL) ? g_ == w_ : strcmp(g_, w_) == 0; \
	if (!unit_check(eq_, __FILE__, __LINE__, (what)))		\
		printf("#   got:  %s\n#   want: %s\n",			\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

#define CHECK_INT(got, want, what) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (!unit_check(g_ == w_, __FILE__, __LINE__, (what)))		\
		printf("#   got:  %lld\n#   want: %lld\n", g_, w_);	\
} while (0)

static inline int
unit_done(void)
{
	printf("1..%d\n", unit_n);
	return unit_failed ? 1 : 0;
}

#endif
