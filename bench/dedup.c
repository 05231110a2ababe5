/*
 * dedup.c — scores duplicate detection on tests/dedup/pairs.jsonl.
 *
 *	build/std/bench-dedup [-v] [-t bits] [pairs.jsonl]
 *
 * Each item goes through clean_item() and hash_item() as in the daemon,
 * then into a fresh in-memory store from two feeds: a pair counts as
 * merged when the store files the second item under the first
 * (STORE_MERGED), through the content hash or the near-duplicate index
 * at -t bits (default SIMHASH_DISTANCE).  Prints recall on the duplicate
 * pairs, precision on the distinct ones (share kept apart), the
 * per-kind counts, and exits 1 if precision < 100% or recall < 95%.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "clean.h"
#include "feed.h"
#include "hash.h"
#include "simhash.h"
#include "store.h"

#define KINDS_MAX	32

struct kind {
	char	 name[32];
	int	 n, merged, dup;
};

static void
load(struct item *it, json_t *o)
{
	memset(it, 0, sizeof(*it));
	item_set(&it->title, json_string_value(json_object_get(o, "title")));
	item_set(&it->link, json_string_value(json_object_get(o, "link")));
	item_set(&it->content, json_string_value(json_object_get(o,
	    "content")));
	clean_item(it, it->link);
	hash_item(it);
}

/* STORE_MERGED when b files under a in an empty store, or -1. */
static int
put_pair(const struct item *a, const struct item *b, int t)
{
	char			 err[STORE_ERR_LEN];
	struct store		*st;
	struct feed_state	 fa, fb;
	int			 rc = -1;

	if ((st = store_open(":memory:", err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	store_set_near(st, t);
	if (store_feed(st, "a", "https://a.example/feed", &fa) == 0) {
		if (store_feed(st, "b", "https://b.example/feed", &fb) == 0) {
			if (store_put_item(st, fa.id, a, 1000) == STORE_NEW)
				rc = store_put_item(st, fb.id, b, 1001);
			feed_state_free(&fb);
		}
		feed_state_free(&fa);
	}
	store_close(st);
	return rc;
}

static struct kind *
kind_get(struct kind *k, int *nk, const char *name)
{
	int	 i;

	for (i = 0; i < *nk; i++)
		if (strcmp(k[i].name, name) == 0)
			return &k[i];
	if (*nk == KINDS_MAX)
		return &k[KINDS_MAX - 1];
	snprintf(k[*nk].name, sizeof(k[*nk].name), "%s", name);
	return &k[(*nk)++];
}

int
main(int argc, char *argv[])
{
	const char	*path = "tests/dedup/pairs.jsonl";
	struct kind	 kinds[KINDS_MAX] = { { "", 0, 0, 0 } };
	struct item	 a, b;
	json_error_t	 jerr;
	json_t		*o;
	FILE		*f;
	char		 line[65536];
	int		 ch, verbose = 0, t = SIMHASH_DISTANCE, nk = 0, i;
	int		 dups = 0, found = 0, dist = 0, apart = 0, d, merged, isdup;
	struct kind	*k;

	while ((ch = getopt(argc, argv, "t:v")) != -1) {
		switch (ch) {
		case 't':
			t = atoi(optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: bench-dedup [-v] [-t bits] [file]\n");
			return 2;
		}
	}
	if (optind < argc)
		path = argv[optind];
	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		return 2;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((o = json_loads(line, 0, &jerr)) == NULL) {
			fprintf(stderr, "%s:%d: %s\n", path, jerr.line, jerr.text);
			return 2;
		}
		load(&a, json_object_get(o, "a"));
		load(&b, json_object_get(o, "b"));
		d = a.sim.hash && b.sim.hash ? simhash_distance(a.sim.hash,
		    b.sim.hash) : 99;
		merged = put_pair(&a, &b, t) == STORE_MERGED;
		isdup = strcmp(json_string_value(json_object_get(o, "label")),
		    "duplicate") == 0;
		k = kind_get(kinds, &nk, json_string_value(json_object_get(o,
		    "kind")));
		k->n++;
		k->merged += merged;
		k->dup = isdup;
		if (isdup) {
			dups++;
			found += merged;
		} else {
			dist++;
			apart += !merged;
		}
		if (verbose && merged != isdup)
			printf("%-8s %s distance %d\n", merged ? "MERGED" :
			    "MISSED", json_string_value(json_object_get(o,
			    "id")), d);
		item_free(&a);
		item_free(&b);
		json_decref(o);
	}
	fclose(f);
	for (i = 0; i < nk; i++)
		printf("  %-10s %-14s %3d pairs, %3d merged\n",
		    kinds[i].dup ? "duplicate" : "distinct", kinds[i].name,
		    kinds[i].n, kinds[i].merged);
	printf("dedup: %d pairs, threshold %d bits: recall %.1f%% (%d/%d "
	    "duplicates merged), precision %.1f%% (%d/%d distinct kept apart)\n",
	    dups + dist, t, dups ? 100.0 * found / dups : 0, found, dups,
	    dist ? 100.0 * apart / dist : 0, apart, dist);
	return apart == dist && found * 100 >= dups * 95 ? 0 : 1;
}
