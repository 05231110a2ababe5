/*
 * near.c — cost of the near-duplicate lookup as the store grows.
 *
 *	build/std/bench-near [-k] [-n max_items] [dir]
 *
 * Fills a temporary database in dir (default /tmp) with items whose
 * signatures are random (as SimHash and key hashes are), and at 10,000,
 * 100,000 and 1,000,000 stored items times store_find_near() over 2,000
 * new signatures (best of three): the cost per item must not grow with
 * the store.  Also checks that a near duplicate of a stored item is
 * merged at that size.  -k keeps the database and prints its path, for
 * bench.py's start-up figure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "feed.h"
#include "simhash.h"
#include "store.h"

#define NEAR_PROBE	2000	/* items timed at each size */

static uint64_t	 rng = 0x9e3779b97f4a7c15ULL;
static struct simhash_sig last;	/* of the last item filled */

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
mk(struct item *it, long long n)
{
	char	 buf[64];
	size_t	 i;

	memset(it, 0, sizeof(*it));
	snprintf(buf, sizeof(buf), "urn:bench:%lld", n);
	item_set(&it->id, buf);
	snprintf(buf, sizeof(buf), "Story number %lld", n);
	item_set(&it->title, buf);
	item_set(&it->content, "<p>Body.</p>");
	for (i = 0; i < HASH_LEN; i += 8) {
		uint64_t r = rnd();
		memcpy(it->hash + i, &r, 8);
	}
	it->hashed = true;
	it->sim.hash = rnd() | 1;
	it->sim.title = rnd() | 1;
	it->sim.lead = rnd() | 1;
	it->sim.tail = rnd() | 1;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
fill(struct store *s, int64_t feed, long long *n, long long upto)
{
	struct item	 it;

	while (*n < upto) {
		if (store_begin(s) == -1)
			exit(1);
		for (; *n < upto && *n % 10000 != 9999; (*n)++) {
			mk(&it, *n);
			if (store_put_item(s, feed, &it, 1) != STORE_NEW) {
				fprintf(stderr, "bench-near: fill failed at %lld\n", *n);
				exit(1);
			}
			last = it.sim;
			item_free(&it);
		}
		if (*n < upto) {
			mk(&it, *n);
			store_put_item(s, feed, &it, 1);
			item_free(&it);
			(*n)++;
		}
		if (store_commit(s) == -1)
			exit(1);
	}
}

/* Seconds per lookup of NEAR_PROBE new signatures (none found). */
static double
probe(struct store *s)
{
	struct item	 it;
	double		 t0, t;
	int64_t		 id;
	int		 i;

	/* as in the daemon: inside the transaction that ingests a feed */
	if (store_begin(s) == -1)
		exit(1);
	t0 = now();
	for (i = 0; i < NEAR_PROBE; i++) {
		mk(&it, -1);
		if (store_find_near(s, &it, &id) != 0) {
			fprintf(stderr, "bench-near: lookup failed\n");
			exit(1);
		}
		item_free(&it);
	}
	t = now() - t0;
	store_rollback(s);
	return t / NEAR_PROBE;
}

/* The last stored item again, with another hash, title and lead, its
 * SimHash two bits off: found through its tail. */
static int
merged_near(struct store *s, int64_t feed)
{
	struct item	 it;
	int		 rc;

	mk(&it, -1);
	it.sim = last;
	it.sim.hash ^= 5;
	it.sim.title = 7;
	it.sim.lead = 9;
	item_set(&it.id, "urn:bench:again");
	if (store_begin(s) == -1)
		exit(1);
	rc = store_put_item(s, feed, &it, 3);
	store_rollback(s);
	item_free(&it);
	return rc == STORE_MERGED;
}

int
main(int argc, char *argv[])
{
	const long long	 sizes[] = { 10000, 100000, 1000000 };
	char		 path[4096], err[STORE_ERR_LEN];
	const char	*dir = "/tmp";
	struct store	*s;
	struct feed_state f, g;
	long long	 n = 0, max = 1000000;
	double		 on, t, first = 0;
	int		 ch, fd, k, keep = 0, rc = 0;
	size_t		 i;

	while ((ch = getopt(argc, argv, "kn:")) != -1) {
		if (ch == 'k')
			keep = 1;
		else if (ch == 'n')
			max = atoll(optarg);
		else {
			fprintf(stderr,
			    "usage: bench-near [-k] [-n items] [dir]\n");
			return 2;
		}
	}
	if (optind < argc)
		dir = argv[optind];
	snprintf(path, sizeof(path), "%s/feedd-near.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		perror(path);
		return 2;
	}
	close(fd);
	if ((s = store_open(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (store_feed(s, "fill", "https://fill.example/", &f) == -1 ||
	    store_feed(s, "probe", "https://probe.example/", &g) == -1)
		return 2;
	for (i = 0; i < sizeof(sizes) / sizeof(*sizes) && sizes[i] <= max;
	    i++) {
		fill(s, f.id, &n, sizes[i]);
		for (on = 1, k = 0; k < 3; k++) {
			t = probe(s);
			on = t < on ? t : on;
		}
		if (first == 0)
			first = on;
		printf("near: %8lld items stored: lookup %.2f us/item "
		    "(%.2fx the first size), near duplicate merged: %s\n", n,
		    on * 1e6, on / first, merged_near(s, g.id) ? "yes" : "NO");
		if (!merged_near(s, g.id))
			rc = 1;
	}
	feed_state_free(&f);
	feed_state_free(&g);
	store_close(s);
	if (keep)
		printf("database: %s\n", path);
	else
		unlink(path);
	return rc;
}
