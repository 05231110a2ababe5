/*
 * html_form.h — the canonical form test_html.c and bench-htmldiff
 * write trees in, to compare html.c's with libxml2's: text escaped
 * (controls as character references, so none hides), attributes in
 * order, one written without a value as its bare name.
 */
#ifndef FEEDD_HTML_FORM_H
#define FEEDD_HTML_FORM_H

#include <stdbool.h>
#include <string.h>

#include "buf.h"

static inline void
form_escaped(struct buf *b, const char *s, size_t n, bool attr)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (p[i] == '&')
			buf_puts(b, "&amp;");
		else if (p[i] == '<')
			buf_puts(b, "&lt;");
		else if (p[i] == '>')
			buf_puts(b, "&gt;");
		else if (attr && p[i] == '"')
			buf_puts(b, "&quot;");
		else if (p[i] < 0x20 || p[i] == 0x7f)
			buf_printf(b, "&#x%X;", p[i]);
		else
			buf_putc(b, p[i]);
	}
}

/* value NULL: written without one. */
static inline void
form_attr(struct buf *b, const char *name, const char *value)
{
	buf_putc(b, ' ');
	buf_puts(b, name);
	if (value == NULL)
		return;
	buf_puts(b, "=\"");
	form_escaped(b, value, strlen(value), true);
	buf_putc(b, '"');
}

#endif
