/*
 * htmldiff.c — html.c against libxml2 2.9's HTML parser, fragment by
 * fragment: the two must build the same body (html.h).
 *
 *   bench-htmldiff [-nqv] [-r ROUNDS] FILE...
 *   bench-htmldiff -f [-nqv] [-r ROUNDS] FILE...
 *   bench-htmldiff -g COUNT [-nqv] [-r ROUNDS] [-s SEED]
 *
 * Each FILE is a feed (RSS, Atom, JSON Feed) read with parse_feed();
 * every item's summary and content is made ready as clean.c does
 * (clean_utf8, then clean_bogus_comments when clean_has_bogus) and
 * parsed by both: libxml2 as clean.c called it before html.c, after
 * "<body>", and html_parse().  With -f each FILE is one fragment as it
 * stands.  With -g the fragments are COUNT random tag soups (seed
 * SEED, default 1) of the names, attributes, references and broken
 * markup libxml2 treats specially.  -n skips the bogus-comment rewrite
 * (to see raw markup).
 *
 * Both bodies are written out canonically: elements with their
 * attributes in order (a value written without one shows as the bare
 * name, an empty one as name=""), text escaped, adjacent text joined
 * (comments and processing instructions are not in html.c's tree, so
 * the text around them is one).  A fragment whose two forms differ is
 * "deliberate" when libxml2's tree shows one of html.c's differences
 * by design (see its top comment) and "different" otherwise:
 *
 *   after-body   something outside libxml2's body, or in the input an
 *                end tag for body or html, or a body, head or html
 *                tag (whose "/>" may end the body): libxml2 closes
 *                its body there
 *   html5-void   an embed, source, track, wbr or keygen with content
 *   depth        libxml2 nested 255 elements deep: it stopped there
 *
 * For the comparison (not the timing) libxml2 is told the HTML5 void
 * elements html.c knows, through its SAX handler, so html5-void should
 * stay 0 and fragments with those elements are compared all the same.
 *
 * Of each file the first fragment that is different is shown, with
 * some context; -v shows every differing one in full, deliberate or
 * not, and -q none.  Last come the counts and the CPU time of each
 * parser over all fragments, the best of ROUNDS (default 3; 0: no
 * timing) passes: libxml2's parse and xmlFreeDoc, html_parse() into
 * one tree.  Exits 1 when a fragment is different.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>

#include "buf.h"
#include "clean_prep.h"
#include "feed.h"
#include "html.h"
#include "../tests/unit/html_form.h"
#include "parse.h"

#define LX_OPTS		(HTML_PARSE_NONET | HTML_PARSE_NOERROR | \
	HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT | \
	HTML_PARSE_RECOVER)
#define LX_PREFIX	"<body>"
#define CONTEXT_BYTES	160	/* shown either side of a difference */
#define LX_DEPTH_MAX	255	/* elements libxml2 nests below body */

enum verdict { SAME, DIFFERENT, DELIBERATE };

/* What libxml2's tree shows of html.c's deliberate differences. */
#define SIG_AFTER_BODY	0x1
#define SIG_VOID5	0x2
#define SIG_DEPTH	0x4

struct frag {
	char	*data;		/* made ready, "<body>" in front */
	size_t	 len;		/* without the prefix */
	int	 file;
};

struct frags {
	struct frag	*v;
	size_t		 n, cap;
};

static int	 verbose, quiet;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: bench-htmldiff [-fnqv] [-r ROUNDS] FILE...\n"
	    "       bench-htmldiff -g COUNT [-nqv] [-r ROUNDS] [-s SEED]\n");
	exit(2);
}

static double
cpu_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*d;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) == -1 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) == -1) {
		perror(path);
		exit(1);
	}
	if ((d = malloc((size_t)n + 1)) == NULL ||
	    fread(d, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	d[n] = '\0';
	*len = (size_t)n;
	return d;
}

/* s made ready as clean.c does, after the prefix libxml2 gets. */
static void
frag_add(struct frags *fs, const char *s, size_t n, int file, bool bogus)
{
	struct buf	 b;
	struct frag	*f;

	buf_init(&b, 0);
	buf_puts(&b, LX_PREFIX);
	clean_utf8(&b, s, n);
	if (bogus && clean_has_bogus(b.data + strlen(LX_PREFIX),
	    b.len - strlen(LX_PREFIX)))
		clean_bogus_comments(&b, strlen(LX_PREFIX));
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 1024;
		if ((fs->v = reallocarray(fs->v, fs->cap, sizeof(*fs->v))) ==
		    NULL) {
			perror("bench-htmldiff");
			exit(1);
		}
	}
	f = &fs->v[fs->n++];
	f->len = b.len - strlen(LX_PREFIX);
	f->data = buf_take(&b);
	f->file = file;
}

static void
feed_frags(struct frags *fs, const char *path, int file, bool bogus)
{
	struct feed_doc	 doc;
	char		 err[PARSE_ERR_LEN], url[512], *data;
	size_t		 len, i;

	data = slurp(path, &len);
	snprintf(url, sizeof(url), "http://htmldiff.example/%s", path);
	feed_doc_init(&doc, url);
	if (parse_feed(data, len, url, NULL, &doc, err, sizeof(err)) == -1)
		fprintf(stderr, "%s: %s\n", path, err);
	for (i = 0; i < doc.nitems; i++) {
		if (doc.items[i].summary != NULL)
			frag_add(fs, doc.items[i].summary,
			    strlen(doc.items[i].summary), file, bogus);
		if (doc.items[i].content != NULL)
			frag_add(fs, doc.items[i].content,
			    strlen(doc.items[i].content), file, bogus);
	}
	feed_doc_free(&doc);
	free(data);
}

/* --- random tag soup --- */

static const char *const soup_names[] = {
	"a", "abbr", "address", "b", "big", "blockquote", "body", "br",
	"caption", "center", "col", "colgroup", "dd", "dir", "div", "dl",
	"dt", "em", "embed", "fieldset", "font", "form", "frameset", "h1",
	"h2", "head", "hr", "html", "i", "iframe", "img", "input", "keygen",
	"legend", "li", "link", "listing", "menu", "meta", "noscript",
	"object", "ol", "optgroup", "option", "p", "param", "pre", "s",
	"script", "select", "small", "source", "span", "strike", "strong",
	"style", "sub", "table", "tbody", "td", "textarea", "tfoot", "th",
	"thead", "title", "tr", "track", "tt", "u", "ul", "wbr", "xmp",
	"x", "o:p", "a:b", "p.x", ":x", "figure", "svg", "math", "section",
	"A", "P", "Td", "sCRIPT", "Br",
};

static const char *const soup_attrs[] = {
	"href", "class", "id", "title", "checked", "disabled", "CLASS",
	"src", "alt", "data-x", "a:b", "_x", ".y", "nowrap", "selected",
};

static const char *const soup_values[] = {
	"x", "a b", "", "&amp;", "&lt", "&#65;", "&#0;x", "&foo;", "&#x1F600;",
	"q&amp;r", "\"", "'", ">", "/", "&", "&#", "\xef\xbf\xbe", "\x01",
	"\r\n", "\xc3\xa9", "a&nbsp;b", "&#xD800;", "&#99999999999;",
};

static const char *const soup_text[] = {
	"text", " ", "  ", "\n", "\r\n", "\t", "word ", "&amp;", "&nbsp;",
	"&lt", "&#x41;", "&#0;", "&#", "&", "&bogus;", "&amp", "&AMP;",
	"\x01", "\x0c", "\x7f", "\xef\xbf\xbe", "\xef\xbf\xbf", "\xc3\xa9",
	"\xe2\x80\x94", "\xf0\x9f\x98\x80", "<", "< ", "<3", "<<", "<=",
	"<>", "<\xc3\xa9", "<#", "<_x>", "<.x>", "<!-- c -->", "<!--",
	"<!-->", "<!--x--!>", "-->", "</", "</ x>", "</3>", "<?pi x?>",
	"<?", "<!DOCTYPE html>", "<!x>", "/>", ">", "\"", "'", "=",
	"</body>", "</html>", "<body>", "<body/>", "<html>", "<head>",
	"</head>",
};

static bool	 soup_roots;	/* whether this soup may close its body */

static size_t
pick(size_t n)
{
	return (size_t)random() % n;
}

/* A random string of l, rarely one that makes libxml2 close its body
 * (and leaves the fragment out of the comparison). */
static const char *
pick_str(const char *const *l, size_t n)
{
	const char	*s;

	do
		s = l[pick(n)];
	while (!soup_roots && (strcasestr(s, "body") != NULL ||
	    strcasestr(s, "html") != NULL));
	return s;
}

#define PICK(l)	pick_str((l), sizeof(l) / sizeof(*(l)))

static void
soup_tag(struct buf *b)
{
	int	 i, nattr = (int)pick(4);

	buf_printf(b, "<%s", PICK(soup_names));
	for (i = 0; i < nattr; i++) {
		buf_printf(b, "%s%s", pick(8) ? " " : "\n", PICK(soup_attrs));
		switch (pick(6)) {
		case 0:
			break;
		case 1:
			buf_printf(b, "=%s", PICK(soup_values));
			break;
		case 2:
			buf_printf(b, "='%s'", PICK(soup_values));
			break;
		case 3:
			buf_printf(b, " = \"%s\"", PICK(soup_values));
			break;
		default:
			buf_printf(b, "=\"%s\"", PICK(soup_values));
		}
	}
	buf_puts(b, pick(10) == 0 ? "/>" : pick(30) == 0 ? "" : ">");
}

/* A fragment of up to 60 random pieces, now and then nested deep. */
static void
soup(struct buf *b)
{
	int	 i, n = 1 + (int)pick(60);

	soup_roots = pick(20) == 0;
	if (pick(200) == 0)
		for (i = 0; i < 250 + (int)pick(20); i++)
			buf_puts(b, pick(2) ? "<div>" : "<b>");
	for (i = 0; i < n; i++) {
		switch (pick(4)) {
		case 0:
			soup_tag(b);
			break;
		case 1:
			buf_printf(b, "</%s%s>", PICK(soup_names),
			    pick(10) ? "" : " x");
			break;
		default:
			buf_puts(b, PICK(soup_text));
		}
	}
}

/* --- canonical form --- */

static bool
is_void5(const char *name)
{
	return strcmp(name, "embed") == 0 || strcmp(name, "source") == 0 ||
	    strcmp(name, "track") == 0 || strcmp(name, "wbr") == 0 ||
	    strcmp(name, "keygen") == 0;
}

/* The value of a libxml2 attribute: NULL when it has no children. */
static void
lx_attrs(struct buf *b, xmlAttrPtr a)
{
	struct buf	 v;
	xmlNodePtr	 c;

	buf_init(&v, 0);
	for (; a != NULL; a = a->next) {
		if (a->children == NULL) {
			form_attr(b, (const char *)a->name, NULL);
			continue;
		}
		buf_reset(&v);
		for (c = a->children; c != NULL; c = c->next)
			if (c->content != NULL)
				buf_puts(&v, (const char *)c->content);
		form_attr(b, (const char *)a->name, buf_str(&v));
	}
	buf_free(&v);
}

/* libxml2's children of n, noting the signatures of deliberate
 * differences in *sig. */
static void
lx_children(struct buf *b, struct buf *text, xmlNodePtr n, int depth,
    int *sig)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				buf_puts(text, (const char *)n->content);
			continue;
		}
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
			continue;
		form_escaped(b, text->data ? text->data : "", text->len, false);
		buf_reset(text);
		if (n->type != XML_ELEMENT_NODE) {
			buf_printf(b, "<?node type %d?>", n->type);
			continue;
		}
		if (depth >= LX_DEPTH_MAX)
			*sig |= SIG_DEPTH;
		if (is_void5((const char *)n->name) && n->children != NULL)
			*sig |= SIG_VOID5;
		buf_printf(b, "<%s", (const char *)n->name);
		lx_attrs(b, n->properties);
		buf_putc(b, '>');
		lx_children(b, text, n->children, depth + 1, sig);
		form_escaped(b, text->data ? text->data : "", text->len, false);
		buf_reset(text);
		buf_printf(b, "</%s>", (const char *)n->name);
	}
}

/* Whether anything but comments, processing instructions and the
 * body is in the document: libxml2 closed the body early. */
static bool
lx_outside(xmlDocPtr doc, xmlNodePtr body)
{
	xmlNodePtr	 n, root = NULL;

	for (n = doc->children; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE)
			return true;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (root != NULL)
			return true;
		root = n;
	}
	if (root == NULL || body == NULL)
		return true;
	for (n = root->children; n != NULL; n = n->next)
		if (n != body && (n->type == XML_ELEMENT_NODE ||
		    n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE))
			return true;
	return false;
}

/*
 * startElement that ends an HTML5 void element as soon as its start
 * tag closes with '>', as html.c does: the node and libxml2's name
 * stack are popped (htmlParseStartTag pushed the name before calling
 * us; what it then reads of the stack finds the parent, not a void).
 */
static void
lx_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	htmlParserCtxtPtr	 ctxt = ctx;

	xmlSAX2StartElement(ctx, name, atts);
	if (!is_void5((const char *)name) || ctxt->input->cur >=
	    ctxt->input->end || *ctxt->input->cur != '>' || ctxt->nameNr < 2 ||
	    !xmlStrEqual(ctxt->name, name))
		return;
	xmlSAX2EndElement(ctx, name);
	ctxt->nameTab[--ctxt->nameNr] = NULL;
	ctxt->name = ctxt->nameTab[ctxt->nameNr - 1];
}

static xmlNodePtr
lx_body(xmlDocPtr doc)
{
	xmlNodePtr	 root, n;

	if ((root = xmlDocGetRootElement(doc)) == NULL)
		return NULL;
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "body") == 0)
			return n;
	return NULL;
}

static int
lx_form(htmlParserCtxtPtr ctxt, const struct frag *f, struct buf *b)
{
	struct buf	 text;
	xmlDocPtr	 doc;
	xmlNodePtr	 body;
	int		 sig = 0;

	ctxt->sax->startElement = lx_start;
	doc = htmlCtxtReadMemory(ctxt, f->data, (int)(f->len +
	    strlen(LX_PREFIX)), NULL, "UTF-8", LX_OPTS);
	if (strcasestr(f->data + strlen(LX_PREFIX), "</body") != NULL ||
	    strcasestr(f->data + strlen(LX_PREFIX), "</html") != NULL ||
	    strcasestr(f->data + strlen(LX_PREFIX), "<body") != NULL ||
	    strcasestr(f->data + strlen(LX_PREFIX), "<head") != NULL ||
	    strcasestr(f->data + strlen(LX_PREFIX), "<html") != NULL)
		sig |= SIG_AFTER_BODY;
	if (doc == NULL) {
		buf_puts(b, "<?libxml2 gave no document?>");
		return SIG_AFTER_BODY;
	}
	body = lx_body(doc);
	if (lx_outside(doc, body))
		sig |= SIG_AFTER_BODY;
	buf_init(&text, 0);
	if (body != NULL) {
		lx_children(b, &text, body->children, 1, &sig);
		form_escaped(b, text.data ? text.data : "", text.len, false);
	}
	buf_free(&text);
	xmlFreeDoc(doc);
	return sig;
}

static void
html_children(struct buf *b, struct buf *text, const struct html_node *n)
{
	const struct html_attr	*a;

	for (; n != NULL; n = n->next) {
		if (n->kind == HTML_TEXT) {
			buf_append(text, n->text, n->len);
			continue;
		}
		form_escaped(b, text->data ? text->data : "", text->len, false);
		buf_reset(text);
		buf_printf(b, "<%s", n->name);
		for (a = n->attrs; a != NULL; a = a->next)
			form_attr(b, a->name, a->value);
		buf_putc(b, '>');
		html_children(b, text, n->children);
		form_escaped(b, text->data ? text->data : "", text->len, false);
		buf_reset(text);
		buf_printf(b, "</%s>", n->name);
	}
}

static void
html_form(struct html_tree *t, const struct frag *f, struct buf *b)
{
	struct buf		 text;
	const struct html_node	*body;

	body = html_parse(t, f->data + strlen(LX_PREFIX), f->len);
	buf_init(&text, 0);
	html_children(b, &text, body->children);
	form_escaped(b, text.data ? text.data : "", text.len, false);
	buf_free(&text);
}

/* --- report --- */

static void
show_span(const char *label, const char *s, size_t len, size_t at)
{
	size_t	 from = 0, to = len;

	if (!verbose) {
		from = at > CONTEXT_BYTES ? at - CONTEXT_BYTES : 0;
		to = len - at > CONTEXT_BYTES ? at + CONTEXT_BYTES : len;
	}
	printf("  %s%s%.*s%s\n", label, from > 0 ? "..." : "",
	    (int)(to - from), s + from, to < len ? "..." : "");
}

static void
show_diff(const char *path, const struct frag *f, const struct buf *lx,
    const struct buf *ht, int sig)
{
	size_t	 at = 0;

	while (at < lx->len && at < ht->len && lx->data[at] == ht->data[at])
		at++;
	printf("%s: fragment of %zu bytes differs at %zu%s%s%s%s\n", path,
	    f->len, at, sig ? " (deliberate:" : "",
	    sig & SIG_AFTER_BODY ? " after-body" : "",
	    sig & SIG_VOID5 ? " html5-void" : "",
	    sig & SIG_DEPTH ? " depth)" : sig ? ")" : "");
	if (verbose || f->len <= 2 * CONTEXT_BYTES)
		printf("  input:   %.*s\n", (int)f->len,
		    f->data + strlen(LX_PREFIX));
	show_span("libxml2: ", lx->data ? lx->data : "", lx->len, at);
	show_span("html.c:  ", ht->data ? ht->data : "", ht->len, at);
}

/* Compares every fragment; counts[] by verdict, and by signature. */
static void
compare(const struct frags *fs, char **paths, size_t counts[3],
    size_t sigs[3])
{
	htmlParserCtxtPtr	 ctxt;
	struct html_tree	*t;
	struct buf		 lx, ht;
	size_t			 i;
	int			 sig, last = -1;
	enum verdict		 v;

	ctxt = htmlNewParserCtxt();
	t = html_tree_new();
	buf_init(&lx, 0);
	buf_init(&ht, 0);
	for (i = 0; i < fs->n; i++) {
		buf_reset(&lx);
		buf_reset(&ht);
		sig = lx_form(ctxt, &fs->v[i], &lx);
		html_form(t, &fs->v[i], &ht);
		if (lx.len == ht.len && (lx.len == 0 ||
		    memcmp(lx.data, ht.data, lx.len) == 0))
			v = SAME;
		else
			v = sig ? DELIBERATE : DIFFERENT;
		counts[v]++;
		if (v == DELIBERATE) {
			sigs[0] += !!(sig & SIG_AFTER_BODY);
			sigs[1] += !!(sig & SIG_VOID5);
			sigs[2] += !!(sig & SIG_DEPTH);
		}
		if (v == SAME || quiet || (!verbose && (v == DELIBERATE ||
		    last == fs->v[i].file)))
			continue;
		last = fs->v[i].file;
		show_diff(paths[0] != NULL ? paths[fs->v[i].file] : "soup",
		    &fs->v[i], &lx, &ht, sig);
	}
	buf_free(&lx);
	buf_free(&ht);
	html_tree_free(t);
	htmlFreeParserCtxt(ctxt);
}

/* CPU seconds of ROUNDS passes of each parser, the best of them. */
static void
timing(const struct frags *fs, int rounds, double *lx_s, double *ht_s)
{
	htmlParserCtxtPtr	 ctxt;
	struct html_tree	*t;
	xmlDocPtr		 doc;
	double			 t0, t1;
	size_t			 i;
	int			 r;

	ctxt = htmlNewParserCtxt();
	t = html_tree_new();
	for (r = 0; r < rounds; r++) {
		t0 = cpu_now();
		for (i = 0; i < fs->n; i++) {
			doc = htmlCtxtReadMemory(ctxt, fs->v[i].data,
			    (int)(fs->v[i].len + strlen(LX_PREFIX)), NULL,
			    "UTF-8", LX_OPTS);
			xmlFreeDoc(doc);
		}
		t1 = cpu_now();
		if (r == 0 || t1 - t0 < *lx_s)
			*lx_s = t1 - t0;
		t0 = cpu_now();
		for (i = 0; i < fs->n; i++)
			html_parse(t, fs->v[i].data + strlen(LX_PREFIX),
			    fs->v[i].len);
		t1 = cpu_now();
		if (r == 0 || t1 - t0 < *ht_s)
			*ht_s = t1 - t0;
	}
	html_tree_free(t);
	htmlFreeParserCtxt(ctxt);
}

int
main(int argc, char **argv)
{
	struct frags	 fs = { NULL, 0, 0 };
	size_t		 counts[3] = { 0, 0, 0 }, sigs[3] = { 0, 0, 0 };
	size_t		 i, bytes = 0, len;
	double		 lx_s = 0, ht_s = 0;
	char		*data;
	struct buf	 b;
	bool		 raw = false, bogus = true;
	long		 gen = 0;
	unsigned	 seed = 1;
	int		 ch, rounds = 3;

	while ((ch = getopt(argc, argv, "fg:nqr:s:v")) != -1) {
		switch (ch) {
		case 'f':
			raw = true;
			break;
		case 'g':
			if ((gen = atol(optarg)) < 1)
				usage();
			break;
		case 'n':
			bogus = false;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'r':
			if ((rounds = atoi(optarg)) < 0)
				usage();
			break;
		case 's':
			seed = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if ((argc < 1) == (gen == 0))
		usage();
	parse_init();
	srandom(seed);
	buf_init(&b, 0);
	for (; gen > 0; gen--) {
		buf_reset(&b);
		soup(&b);
		frag_add(&fs, b.data, b.len, (int)gen, bogus);
	}
	buf_free(&b);
	for (i = 0; i < (size_t)argc; i++) {
		if (!raw) {
			feed_frags(&fs, argv[i], (int)i, bogus);
			continue;
		}
		data = slurp(argv[i], &len);
		frag_add(&fs, data, len, (int)i, bogus);
		free(data);
	}
	for (i = 0; i < fs.n; i++)
		bytes += fs.v[i].len;
	compare(&fs, argv, counts, sigs);
	printf("fragments: %zu (%zu bytes)  equal: %zu  different: %zu  "
	    "deliberate: %zu (after-body %zu, html5-void %zu, depth %zu)\n",
	    fs.n, bytes, counts[SAME], counts[DIFFERENT], counts[DELIBERATE],
	    sigs[0], sigs[1], sigs[2]);
	if (rounds > 0) {
		timing(&fs, rounds, &lx_s, &ht_s);
		printf("cpu: libxml2 %.3f s  html.c %.3f s  (%.1fx)\n", lx_s,
		    ht_s, ht_s > 0 ? lx_s / ht_s : 0);
	}
	for (i = 0; i < fs.n; i++)
		free(fs.v[i].data);
	free(fs.v);
	parse_cleanup();
	return counts[DIFFERENT] ? 1 : 0;
}
