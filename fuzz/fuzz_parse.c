/*
 * fuzz_parse.c — libFuzzer target for the feed parser (parse_feed), with
 * clean, hash and the parse dump behind it, as `feedd parse` runs them.
 *
 * The input's first byte picks the HTTP charset handed to the parser
 * (none, utf-8, iso-8859-1, a bogus name), the rest is the document.
 * Beyond the sanitizers' own checks the oracle asserts what parse.h and
 * feed.h promise: every string leaving the pipeline is valid UTF-8, and
 * the dump is valid JSON; and the document is read alike with
 * parse_runs.c's hiding and without.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "clean.h"
#include "dump.h"
#include "feed.h"
#include "hash.h"
#include "parse.h"
#include "parse_int.h"

#define FUZZ_URL	"https://fuzz.example/dir/feed.xml"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

static const char *const charsets[] = {
	NULL, "utf-8", "iso-8859-1", "x-bogus", "utf-16", "windows-1252",
	"shift_jis", NULL,
};

/* A strict UTF-8 check: no overlongs, no surrogates, nothing past U+10FFFF. */
static int
utf8_ok(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned int		 c, min;
	int			 n, i;

	while (*p) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1; c = *p & 0x1f; min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2; c = *p & 0x0f; min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3; c = *p & 0x07; min = 0x10000;
		} else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

static void
check(const char *what, const char *s)
{
	if (s != NULL && !utf8_ok(s)) {
		fprintf(stderr, "oracle: %s is not valid UTF-8: %s\n", what, s);
		abort();
	}
}

static void
check_doc(const struct feed_doc *doc)
{
	const struct item	*it;
	size_t			 i, j;

	check("feed title", doc->title);
	check("feed link", doc->link);
	check("feed description", doc->description);
	for (i = 0; i < doc->nitems; i++) {
		it = &doc->items[i];
		check("id", it->id);
		check("title", it->title);
		check("link", it->link);
		check("author", it->author);
		check("summary", it->summary);
		check("content", it->content);
		for (j = 0; j < it->ncategories; j++)
			check("category", it->categories[j]);
		for (j = 0; j < it->nenclosures; j++) {
			check("enclosure url", it->enclosures[j].url);
			check("enclosure type", it->enclosures[j].type);
		}
	}
}

static void
show(struct buf *b, const char *s)
{
	buf_puts(b, s != NULL ? s : "(null)");
	buf_putc(b, '\n');
}

/* A date as text; one at or past start is a future date clamped to the
 * time it was read, which differs from one read to the next. */
static void
show_date(struct buf *b, time_t t, time_t start)
{
	if (t >= start)
		buf_puts(b, "now ");
	else
		buf_printf(b, "%lld ", (long long)t);
}

/* parse_feed() of the document as a text: result, error, every field. */
static char *
parsed(const char *data, size_t size, const char *charset, time_t start)
{
	struct feed_doc		 doc;
	const struct item	*it;
	struct buf		 b;
	char			 err[PARSE_ERR_LEN] = "";
	size_t			 i, j;

	feed_doc_init(&doc, FUZZ_URL);
	buf_init(&b, 0);
	buf_printf(&b, "%d %s\n", parse_feed(data, size, FUZZ_URL, charset,
	    &doc, err, sizeof(err)), err);
	show(&b, doc.title);
	show(&b, doc.link);
	show(&b, doc.description);
	for (i = 0; i < doc.nitems; i++) {
		it = &doc.items[i];
		show(&b, it->id);
		show(&b, it->title);
		show(&b, it->link);
		show(&b, it->author);
		show(&b, it->summary);
		show(&b, it->content);
		show(&b, it->base);
		show_date(&b, it->published, start);
		show_date(&b, it->updated, start);
		buf_putc(&b, '\n');
		for (j = 0; j < it->ncategories; j++)
			show(&b, it->categories[j]);
		for (j = 0; j < it->nenclosures; j++)
			show(&b, it->enclosures[j].url);
	}
	feed_doc_free(&doc);
	return buf_take(&b);
}

/* The document must read alike with its runs hidden and without. */
static void
check_runs(const char *data, size_t size, const char *charset)
{
	char	*fast, *slow;
	time_t	 start = time(NULL);

	fast = parsed(data, size, charset, start);
	parse_runs_off = true;
	slow = parsed(data, size, charset, start);
	parse_runs_off = false;
	if (strcmp(fast, slow) != 0) {
		fprintf(stderr, "oracle: read otherwise with runs hidden:\n"
		    "%s\n--- without:\n%s\n", fast, slow);
		abort();
	}
	free(fast);
	free(slow);
}

/* Each item must hash alike with its text folded a byte at a time. */
static void
check_fold(struct feed_doc *doc)
{
	struct item	*it;
	struct item	 again;
	size_t		 i;

	hash_fold_bytewise = true;
	for (i = 0; i < doc->nitems; i++) {
		it = &doc->items[i];
		again = *it;
		hash_item(&again);
		if (memcmp(again.hash, it->hash, sizeof(it->hash)) != 0 ||
		    memcmp(&again.sim, &it->sim, sizeof(it->sim)) != 0) {
			fprintf(stderr, "oracle: item %zu hashes otherwise "
			    "folded a byte at a time\n", i);
			abort();
		}
	}
	hash_fold_bytewise = false;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	parse_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed_doc	 doc;
	char		 err[PARSE_ERR_LEN];
	const char	*charset;
	char		*out;
	json_t		*j;
	json_error_t	 jerr;

	if (size < 1 || size > 256 * 1024)
		return 0;
	charset = charsets[data[0] & 7];
	check_runs((const char *)data + 1, size - 1, charset);
	feed_doc_init(&doc, FUZZ_URL);
	if (parse_feed((const char *)data + 1, size - 1, FUZZ_URL, charset,
	    &doc, err, sizeof(err)) == 0) {
		check_doc(&doc);
		clean_feed(&doc);
		hash_feed(&doc);
		check_fold(&doc);
		check_doc(&doc);
		if ((out = dump_feed(&doc)) == NULL)
			abort();
		if ((j = json_loads(out, 0, &jerr)) == NULL) {
			fprintf(stderr, "oracle: dump is not JSON: %s\n%s\n",
			    jerr.text, out);
			abort();
		}
		json_decref(j);
		free(out);
	} else
		check("error", err);
	feed_doc_free(&doc);
	return 0;
}
