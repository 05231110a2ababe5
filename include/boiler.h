/*
 * boiler.h — what publishing platforms glue onto items (clean.c's
 * helper).
 *
 * Built-in rules know the share widgets, related-post blocks, comment
 * and subscribe buttons, "The post ... appeared first on ..." footers
 * and "Continue reading" tails of WordPress, Blogger, Medium, Ghost,
 * Substack and Feedburner; feeds.conf adds its own (struct clean_rules
 * in clean.h).  A text rule matches only a short block (at most
 * BOILER_TEXT_MAX bytes of text), so an article's own paragraphs are
 * never taken for boilerplate, however a pattern is written, and a
 * link only where it stands alone, so no sentence loses a word.
 */
#ifndef FEEDD_BOILER_H
#define FEEDD_BOILER_H

#include <stdbool.h>

#include "clean.h"
#include "html.h"

#define BOILER_TEXT_MAX	240

struct boiler {
	const struct clean_rules *global;	/* or NULL */
	const struct clean_rules *feed;		/* or NULL */
	const char	*author;		/* cleaned author, or NULL */
};

/* Element n is a widget by its class or id, or by a user selector. */
bool	 boiler_element(const struct boiler *, const struct html_node *n);
/* Block n holds only boilerplate text (punctuation around it aside). */
bool	 boiler_text(const struct boiler *, const struct html_node *n);
/*
 * Inline element n (a link, a span) holds only boilerplate text and
 * stands alone on its line (in its nearest block ancestor, between two
 * block boundaries or <br>): nothing but punctuation and white space
 * around it there, or, for a "Continue reading" tail, nothing after it
 * and a finished sentence before.  Never true of words in running text.
 */
bool	 boiler_inline(const struct boiler *, const struct html_node *n);
/* A user's strip_element line is a selector we understand. */
bool	 boiler_selector_valid(const char *);

#endif
