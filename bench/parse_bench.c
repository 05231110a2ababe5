/*
 * parse_bench.c — single-core throughput of parse + clean + hash, the
 * work feedd does on every fetched document, over files already in
 * memory (bench.py runs it on the generated corpus).
 *
 *   parse_bench [-r ROUNDS] FILE...
 *
 * Prints one line of JSON: bytes, items, and CPU seconds spent in each
 * stage (the best of ROUNDS passes over all files, so a cold cache or a
 * busy neighbour does not count).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clean.h"
#include "feed.h"
#include "hash.h"
#include "parse.h"

struct doc_bytes {
	char	*data;
	size_t	 len;
	char	 url[256];
};

static double
cpu_now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == -1) {
		perror("parse_bench: clock_gettime");
		exit(1);
	}
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
load(const char *path, struct doc_bytes *d)
{
	FILE	*f;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) == -1 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) == -1) {
		perror(path);
		exit(1);
	}
	if ((d->data = malloc((size_t)n + 1)) == NULL ||
	    fread(d->data, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	d->len = (size_t)n;
	snprintf(d->url, sizeof(d->url), "http://bench.example/%s", path);
}

int
main(int argc, char **argv)
{
	struct doc_bytes	*docs;
	struct feed_doc		 doc;
	char			 err[PARSE_ERR_LEN];
	double			 t0, t1, t2, t3, best[3] = { 0, 0, 0 }, sum[3];
	size_t			 ndocs, i, bytes = 0, items = 0, failed = 0;
	int			 ch, rounds = 3, r;

	while ((ch = getopt(argc, argv, "r:")) != -1) {
		if (ch != 'r' || (rounds = atoi(optarg)) < 1) {
			fprintf(stderr, "usage: parse_bench [-r ROUNDS] FILE...\n");
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		fprintf(stderr, "usage: parse_bench [-r ROUNDS] FILE...\n");
		return 2;
	}
	ndocs = (size_t)argc;
	if ((docs = calloc(ndocs, sizeof(*docs))) == NULL) {
		perror("parse_bench: calloc");
		return 1;
	}
	for (i = 0; i < ndocs; i++) {
		load(argv[i], &docs[i]);
		bytes += docs[i].len;
	}
	parse_init();
	for (r = 0; r < rounds; r++) {
		sum[0] = sum[1] = sum[2] = 0;
		items = failed = 0;
		for (i = 0; i < ndocs; i++) {
			feed_doc_init(&doc, docs[i].url);
			t0 = cpu_now();
			if (parse_feed(docs[i].data, docs[i].len, docs[i].url,
			    NULL, &doc, err, sizeof(err)) == -1)
				failed++;
			t1 = cpu_now();
			clean_feed(&doc);
			t2 = cpu_now();
			hash_feed(&doc);
			t3 = cpu_now();
			items += doc.nitems;
			feed_doc_free(&doc);
			sum[0] += t1 - t0;
			sum[1] += t2 - t1;
			sum[2] += t3 - t2;
		}
		if (r == 0 || sum[0] + sum[1] + sum[2] <
		    best[0] + best[1] + best[2])
			memcpy(best, sum, sizeof(best));
	}
	printf("{\"bytes\": %zu, \"docs\": %zu, \"items\": %zu, "
	    "\"failed\": %zu, \"parse_s\": %.6f, \"clean_s\": %.6f, "
	    "\"hash_s\": %.6f}\n", bytes, ndocs, items, failed, best[0],
	    best[1], best[2]);
	parse_cleanup();
	return failed == 0 ? 0 : 1;
}
