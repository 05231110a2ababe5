/*
 * fuzz_html.c — libFuzzer target for the fragment parser (html.h).
 *
 * The input, made valid UTF-8 as the cleaner makes it (clean_utf8), is
 * parsed into one tree reused from run to run, and the tree is checked
 * for what html.h promises: parent, children and last pointers agree,
 * no text node is empty or next to another, every string is valid
 * UTF-8 without a NUL before its end and of its stated length, names
 * are lower case, and nothing is deeper than HTML_DEPTH_MAX elements
 * (the body being the first).  The input is parsed a second time
 * without the bytes after its first half, so reading stops at len.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clean_prep.h"
#include "html.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct html_tree	*tree;

static void
fail(const char *what)
{
	fprintf(stderr, "invariant: %s\n", what);
	abort();
}

/* Whether s (len bytes, NUL after them) is valid UTF-8 without NUL. */
static bool
utf8_ok(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint32_t		 c;

	if (s[len] != '\0')
		return false;
	while (i < len) {
		if (p[i] == 0)
			return false;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			n = 2;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			n = 3;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			n = 4;
		else
			return false;
		if (len - i < n)
			return false;
		c = p[i] & (0x7f >> n);
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			c = c << 6 | (p[i + k] & 0x3f);
		}
		if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
		    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
			return false;
		i += n;
	}
	return true;
}

static void
check_name(const char *name)
{
	const char	*p;

	if (name == NULL || name[0] == '\0' || !utf8_ok(name, strlen(name)))
		fail("name missing or not UTF-8");
	for (p = name; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			fail("name not lower case");
}

static void
check(const struct html_node *n, const struct html_node *parent, int depth)
{
	const struct html_node	*c, *prev = NULL;
	const struct html_attr	*a;

	if (n->parent != parent)
		fail("parent link");
	if (n->kind == HTML_TEXT) {
		if (depth > HTML_DEPTH_MAX + 1)
			fail("text too deep");
		if (n->text == NULL || n->len == 0 || n->name != NULL ||
		    n->children != NULL || n->last != NULL || n->attrs != NULL)
			fail("text node shape");
		if (!utf8_ok(n->text, n->len))
			fail("text not UTF-8 of its length");
		return;
	}
	if (n->kind != HTML_ELEMENT || n->text != NULL)
		fail("element node shape");
	if (depth > HTML_DEPTH_MAX)
		fail("element too deep");
	check_name(n->name);
	for (a = n->attrs; a != NULL; a = a->next) {
		check_name(a->name);
		if (a->value != NULL && !utf8_ok(a->value, strlen(a->value)))
			fail("attribute value not UTF-8");
	}
	for (c = n->children; c != NULL; prev = c, c = c->next) {
		if (prev != NULL && prev->kind == HTML_TEXT &&
		    c->kind == HTML_TEXT)
			fail("adjacent text nodes");
		check(c, n, depth + 1);
	}
	if (n->last != prev)
		fail("last pointer");
}

static void
parse_check(const char *s, size_t len)
{
	const struct html_node	*body;

	body = html_parse(tree, s, len);
	if (body == NULL || body->next != NULL ||
	    strcmp(body->name, "body") != 0)
		fail("body");
	check(body, NULL, 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 b;
	char		*half;
	size_t		 cut;

	if (size > 256 * 1024)
		return 0;
	if (tree == NULL)
		tree = html_tree_new();
	buf_init(&b, 0);
	clean_utf8(&b, (const char *)data, size);
	parse_check(b.data ? b.data : "", b.len);
	/* the first half alone (cut between characters), with nothing
	 * readable after it */
	for (cut = b.len / 2; cut > 0 && (b.data[cut] & 0xc0) == 0x80; cut--)
		;
	if (cut > 0 && (half = malloc(cut)) != NULL) {
		memcpy(half, b.data, cut);
		parse_check(half, cut);
		free(half);
	}
	buf_free(&b);
	return 0;
}
