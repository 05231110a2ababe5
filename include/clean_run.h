/*
 * clean_run.h — long runs of text kept out of libxml2's HTML parser
 * (clean.c's helper).
 *
 * libxml2 2.9's HTML parser reads text a character at a time, and text
 * is most of an article.  Before a fragment is parsed, each long run of
 * plain text (no markup, no reference, no control character) that
 * starts right after a tag or a reference is replaced by a placeholder:
 * a short string of Unicode noncharacters naming the run.  libxml2
 * builds the same tree around it, since the run and its placeholder are
 * both non-blank character data; clean.c reads every text node through
 * clean_runs_each(), which gives back the original text.  Attributes
 * clean.c never reads (style, rel, target, event handlers...) are left
 * out of the copy too: libxml2 would only parse and store them.
 *
 * Only a fragment whose markup is read the same way by the small
 * tokeniser here and by libxml2 is rewritten: well-formed start and end
 * tags with quoted or simple attribute values, comments, and script and
 * style elements closed by their own end tag.  Anything else (a stray
 * '<', a doctype, an unterminated comment, the placeholder's own bytes
 * in the input) leaves the fragment as it is.
 */
#ifndef FEEDD_CLEAN_RUN_H
#define FEEDD_CLEAN_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "buf.h"

struct clean_run {
	const char	*p;		/* into the original fragment */
	size_t		 n;
	size_t		 printable;	/* bytes 0x21-0x7e in it */
};

struct clean_runs {
	struct clean_run *v;
	size_t		 n;
	size_t		 cap;
};

/*
 * Called with each piece of a text: literal (run NULL), or a run given
 * back, which holds no '<', '&', '>', DEL, U+FFFE, U+FFFF or control
 * character but tab, newline and carriage return.
 */
typedef void	 clean_run_fn(void *arg, const char *s, size_t n,
		    const struct clean_run *run);
/*
 * Whether an attribute is ever read: its name (len bytes, any case) and
 * its value as written (vlen bytes, no quotes, references undecoded;
 * NULL when it has none).  *tag is 0 at each start tag, for the
 * function's notes on the attributes it saw before in the same tag.
 */
typedef bool	 clean_run_keep_fn(const char *name, size_t len,
		    const char *value, size_t vlen, unsigned *tag);

/*
 * Writes html (len bytes, NUL-terminated) to out with its long runs
 * replaced and noted in r (whose pointers go into html), and the
 * attributes keep (if not NULL) does not want left out; returns false,
 * with nothing replaced, when the fragment is not one to rewrite or
 * nothing changed.
 */
bool	 clean_runs_hide(struct clean_runs *r, struct buf *out,
	    const char *html, size_t len, clean_run_keep_fn *keep);
/* Calls fn on the pieces of the NUL-terminated s, runs given back. */
void	 clean_runs_each(const struct clean_runs *r, const char *s,
	    clean_run_fn *fn, void *arg);
/* Whether an attribute in the list of siblings from n, or under them,
 * holds a placeholder (libxml2 read the markup otherwise than we did). */
bool	 clean_runs_in_attrs(xmlNodePtr n);

#endif
