/*
 * html.h — an HTML fragment as a tree, for the cleaner.
 *
 * html_parse() reads a fragment as if it stood inside <body>, the way
 * libxml2 2.9's HTML parser reads it in recovery mode (which the
 * cleaner used before, and which its tests describe): the same implied
 * end tags, the same end tags ignored, the same entities decoded, the
 * same white space kept.  Where that parser loses text a browser shows
 * (text after </body>), html.c follows the browser.  It does in one
 * pass over the bytes, into one arena, what libxml2 did with a node
 * allocation per name, attribute and text: the cleaner spent a third
 * of its time there.
 *
 * Comments, processing instructions and doctypes are not in the tree,
 * so text on both sides of one is one node: no text node is empty or
 * next to another.  The text of script and style is, as one text
 * child.  html.c's top comment lists where the tree differs from
 * libxml2's on purpose; bench-htmldiff compares the two.
 *
 * Every string in the tree is NUL-terminated, valid UTF-8 (given valid
 * UTF-8 in), and lives in the tree's arena until the next html_parse()
 * on it or html_tree_free().
 */
#ifndef FEEDD_HTML_H
#define FEEDD_HTML_H

#include <stdbool.h>
#include <stddef.h>

enum html_kind {
	HTML_ELEMENT,
	HTML_TEXT,
};

struct html_attr {
	const char		*name;	/* lower case, prefix and all */
	const char		*value;	/* references decoded; NULL when
					   written without a value, but
					   HTML 4's boolean attributes
					   (checked, selected, nowrap...)
					   then have their name, as in
					   libxml2 */
	struct html_attr	*next;	/* in document order; of several
					   of one name only the first */
};

struct html_node {
	enum html_kind		 kind;
	const char		*name;	/* element: lower case, what follows
					   a prefix ("o:p" is "p", as
					   libxml2 has it); text: NULL */
	const char		*text;	/* text: decoded; element: NULL */
	size_t			 len;	/* text: strlen(text) */
	bool			 plain;	/* text: no control, no 0xc2 (as
					   of a no-break space), no two
					   spaces together: its white space
					   collapses to itself */
	struct html_attr	*attrs;	/* element only */
	struct html_node	*parent;	/* NULL for the body */
	struct html_node	*children;	/* first child */
	struct html_node	*last;		/* last child */
	struct html_node	*next;		/* next sibling */
	struct html_node	*prev;		/* previous sibling */
};

struct html_tree;

/* A tree to parse into, reused parse after parse; free it with
 * html_tree_free().  Out of memory is fatal (xmalloc.h). */
struct html_tree	*html_tree_new(void);
void			 html_tree_free(struct html_tree *);

/*
 * Parses len bytes of s (valid UTF-8 without NUL; need not be
 * terminated) into t, dropping what t held before, and returns the
 * <body> element whose children are the fragment.  Never NULL: any
 * bytes are some fragment.  Nesting deeper than HTML_DEPTH_MAX
 * elements, the body being the first, adds no more levels: a start
 * tag there opens nothing and its content goes to the deepest element,
 * so the tree stays walkable by recursion.
 */
#define HTML_DEPTH_MAX	256
struct html_node	*html_parse(struct html_tree *t, const char *s,
			    size_t len);

/* The value of n's first attribute called name (lower case), or NULL
 * when it has none or one written without a value. */
const char		*html_attr(const struct html_node *n, const char *name);

#endif /* FEEDD_HTML_H */
