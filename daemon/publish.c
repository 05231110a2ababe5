/*
 * publish.c — the merged feed as Atom 1.0, and its atomic write (see
 * publish.h).
 *
 * libxml2's xmlTextWriter does the escaping; what it cannot do is drop
 * the characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE
 * and U+FFFF), which would make the document unparseable, so every
 * string goes through xml_chars() first.
 *
 * RFC 4287 MUSTs kept here: feed and entry each have exactly one id,
 * title and updated; the feed has an author, so entries without one
 * inherit it (4.2.1); an entry without content has an alternate link
 * (4.1.1); at most one alternate link per type (4.1.1).  Atom allows one
 * atom:source per entry: it names the first feed that carried the item,
 * and every further carrier is an extra link rel="via".
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>

#include "buf.h"
#include "clean.h"
#include "date.h"
#include "hash.h"
#include "log.h"
#include "publish.h"
#include "xmalloc.h"

#define ATOM_NS			"http://www.w3.org/2005/Atom"
#define ATOM_TYPE		"application/atom+xml"
#define PUBLISH_TITLE_CHARS	80	/* of a title made from the text */
#define PUBLISH_UNTITLED	"(untitled)"

/* libxml2 wants xmlChar; BAD_CAST would cast away const. */
#define XC(s)			((const xmlChar *)(s))

struct atom {
	xmlTextWriterPtr	 w;
	const struct publish_meta *meta;
	int			 err;	/* a writer call failed */
};

/* Is c allowed in an XML 1.0 document?  (XML 1.0, 2.2 Char) */
static int
xml_char_ok(int c)
{
	return c == 0x9 || c == 0xA || c == 0xD ||
	    (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	    (c >= 0x10000 && c <= 0x10FFFF);
}

/*
 * A copy of s with every character XML 1.0 forbids removed, and every
 * byte that is not part of valid UTF-8 with them.
 */
static char *
xml_chars(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	struct buf		 b;
	int			 c, len;

	buf_init(&b, 0);
	while (*p) {
		len = (int)strnlen((const char *)p, 4);
		c = xmlGetUTF8Char(p, &len);
		if (c < 0) {
			p++;
			continue;
		}
		if (xml_char_ok(c))
			buf_append(&b, p, (size_t)len);
		p += len;
	}
	return buf_take(&b);
}

static void
atom_rc(struct atom *a, int rc)
{
	if (rc < 0)
		a->err = 1;
}

static void
atom_start(struct atom *a, const char *name)
{
	atom_rc(a, xmlTextWriterStartElement(a->w, XC(name)));
}

static void
atom_end(struct atom *a)
{
	atom_rc(a, xmlTextWriterEndElement(a->w));
}

static void
atom_attr(struct atom *a, const char *name, const char *value)
{
	char	*v;

	if (value == NULL)
		return;
	v = xml_chars(value);
	atom_rc(a, xmlTextWriterWriteAttribute(a->w, XC(name),
	    XC(v)));
	free(v);
}

static void
atom_text(struct atom *a, const char *text)
{
	char	*v;

	v = xml_chars(text);
	atom_rc(a, xmlTextWriterWriteString(a->w, XC(v)));
	free(v);
}

/* <name type="type">text</name>; nothing when text is NULL. */
static void
atom_elem(struct atom *a, const char *name, const char *type,
    const char *text)
{
	if (text == NULL)
		return;
	atom_start(a, name);
	atom_attr(a, "type", type);
	atom_text(a, text);
	atom_end(a);
}

static void
atom_date(struct atom *a, const char *name, time_t t)
{
	char	 iso[DATE_ISO_LEN];

	date_format_iso(t, iso);
	atom_elem(a, name, NULL, iso);
}

/* <link rel= href= type= length=/>; length < 0 is left out. */
static void
atom_link(struct atom *a, const char *rel, const char *href,
    const char *type, long long length)
{
	char	 len[24];

	if (href == NULL || *href == '\0')
		return;
	atom_start(a, "link");
	atom_attr(a, "rel", rel);
	atom_attr(a, "href", href);
	atom_attr(a, "type", type);
	if (length >= 0) {
		snprintf(len, sizeof(len), "%lld", length);
		atom_attr(a, "length", len);
	}
	atom_end(a);
}

static void
atom_person(struct atom *a, const char *name)
{
	if (name == NULL || *name == '\0')
		return;
	atom_start(a, "author");
	atom_elem(a, "name", NULL, name);
	atom_end(a);
}

/* "urn:feedd:<what>:" + hex SHA-256 of s: a stable id for s. */
static char *
atom_urn(const char *what, const char *s)
{
	unsigned char	 h[HASH_LEN];
	char		 hex[HASH_HEX_LEN];

	hash_bytes(s, strlen(s), h);
	hash_hex(h, hex);
	return xasprintf("urn:feedd:%s:%s", what, hex);
}

/* base_url + path without a doubled slash. */
static char *
atom_url(const char *base, const char *path)
{
	size_t	 n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s", (int)n, base, path);
}

static time_t
entry_updated(const struct item *it, time_t now)
{
	if (it->updated != DATE_NONE)
		return it->updated;
	if (it->published != DATE_NONE)
		return it->published;
	if (it->first_seen != DATE_NONE)
		return it->first_seen;
	return now;
}

/*
 * RFC 4287 requires a title; an untitled item gets the start of its
 * text, cut at a word, else "(untitled)".
 */
static char *
entry_title(const struct item *it)
{
	char	*text;
	size_t	 n, cut;

	if (it->title && *it->title)
		return xstrdup(it->title);
	text = clean_text(it->summary ? it->summary : it->content);
	if (text == NULL || *text == '\0') {
		free(text);
		return xstrdup(PUBLISH_UNTITLED);
	}
	if (strlen(text) <= PUBLISH_TITLE_CHARS)
		return text;
	/* Back up to a UTF-8 boundary, then to a space if there is one. */
	n = PUBLISH_TITLE_CHARS;
	while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	for (cut = n; cut > n / 2 && text[cut] != ' '; cut--)
		;
	if (text[cut] == ' ')
		n = cut;
	text[n] = '\0';
	item_take(&text, xasprintf("%s\u2026", text));
	return text;
}

static void
entry_source(struct atom *a, const struct item_source *src)
{
	char	*id;

	id = src->url ? xstrdup(src->url) : atom_urn("feed", src->name);
	atom_start(a, "source");
	atom_elem(a, "id", NULL, id);
	atom_elem(a, "title", "text", src->title ? src->title : src->name);
	atom_link(a, "alternate", src->link, NULL, -1);
	atom_link(a, "self", src->url, NULL, -1);
	atom_end(a);
	free(id);
}

static void
atom_entry(struct atom *a, const struct item *it)
{
	char	*title, *id;
	size_t	 i;

	title = entry_title(it);
	atom_start(a, "entry");
	/* Items read from the store have a uid; others get one from
	 * their identity so the entry still has its required id. */
	if (it->uid)
		atom_elem(a, "id", NULL, it->uid);
	else {
		id = atom_urn("entry", it->id ? it->id : title);
		atom_elem(a, "id", NULL, id);
		free(id);
	}
	atom_elem(a, "title", "text", title);
	free(title);
	atom_link(a, "alternate", it->link, NULL, -1);
	atom_date(a, "updated", entry_updated(it, a->meta->now));
	if (it->published != DATE_NONE)
		atom_date(a, "published", it->published);
	atom_person(a, it->author);
	atom_elem(a, "summary", "html", it->summary);
	if (it->content)
		atom_elem(a, "content", "html", it->content);
	else if (it->link == NULL || *it->link == '\0')
		/* No alternate link: RFC 4287 4.1.1 wants content. */
		atom_elem(a, "content", "html", it->summary ? it->summary : "");
	for (i = 0; i < it->ncategories; i++) {
		if (it->categories[i] == NULL || *it->categories[i] == '\0')
			continue;
		atom_start(a, "category");
		atom_attr(a, "term", it->categories[i]);
		atom_end(a);
	}
	for (i = 0; i < it->nenclosures; i++)
		atom_link(a, "enclosure", it->enclosures[i].url,
		    it->enclosures[i].type, it->enclosures[i].length);
	for (i = 1; i < it->nsources; i++)
		atom_link(a, "via", it->sources[i].link ?
		    it->sources[i].link : it->sources[i].url, NULL, -1);
	if (it->nsources > 0)
		entry_source(a, &it->sources[0]);
	atom_end(a);
}

static void
atom_head(struct atom *a, const struct item *items, size_t n)
{
	const struct publish_meta *m = a->meta;
	const char	*title = m->title ? m->title : "feedd";
	char		*id, *url;
	time_t		 updated = DATE_NONE, t;
	size_t		 i;

	for (i = 0; i < n; i++)
		if ((t = entry_updated(&items[i], m->now)) > updated)
			updated = t;
	if (m->base_url)
		id = atom_url(m->base_url, "/feed.atom");
	else
		id = atom_urn("feed", title);
	atom_elem(a, "id", NULL, id);
	atom_elem(a, "title", "text", title);
	atom_date(a, "updated", updated != DATE_NONE ? updated : m->now);
	if (m->base_url) {
		atom_link(a, "self", id, ATOM_TYPE, -1);
		url = atom_url(m->base_url, "/");
		atom_link(a, "alternate", url, "text/html", -1);
		free(url);
	}
	atom_person(a, title);
	atom_start(a, "generator");
	atom_attr(a, "version", FEEDD_VERSION);
	atom_text(a, "feedd");
	atom_end(a);
	free(id);
}

char *
publish_atom(const struct publish_meta *meta, const struct item *items,
    size_t n, size_t *len)
{
	struct atom	 a;
	xmlBufferPtr	 xb;
	char		*out = NULL;
	size_t		 i;

	if ((xb = xmlBufferCreate()) == NULL)
		fatalx("publish: out of memory");
	if ((a.w = xmlNewTextWriterMemory(xb, 0)) == NULL)
		fatalx("publish: cannot create xml writer");
	a.meta = meta;
	a.err = 0;
	atom_rc(&a, xmlTextWriterSetIndent(a.w, 1));
	atom_rc(&a, xmlTextWriterSetIndentString(a.w, XC("  ")));
	atom_rc(&a, xmlTextWriterStartDocument(a.w, NULL, "UTF-8", NULL));
	atom_start(&a, "feed");
	atom_attr(&a, "xmlns", ATOM_NS);
	atom_head(&a, items, n);
	for (i = 0; i < n && !a.err; i++)
		atom_entry(&a, &items[i]);
	atom_rc(&a, xmlTextWriterEndDocument(a.w));
	xmlFreeTextWriter(a.w);
	if (a.err)
		log_warnx("publish: xml writer failed");
	else {
		*len = (size_t)xmlBufferLength(xb);
		out = xmalloc(*len + 1);
		memcpy(out, xmlBufferContent(xb), *len);
		out[*len] = '\0';
	}
	xmlBufferFree(xb);
	return out;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync the directory so the rename itself survives a crash. */
static int
sync_dir(const char *dir)
{
	int	 fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
publish_write(const char *path, const char *data, size_t len, char *err,
    size_t errlen)
{
	char		*copy, *dir, *tmp;
	const char	*what;
	int		 fd = -1, rc = -1;

	copy = xstrdup(path);
	dir = dirname(copy);
	tmp = xasprintf("%s/.%s.XXXXXX", dir, strrchr(path, '/') ?
	    strrchr(path, '/') + 1 : path);
	what = "create temporary file";
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s %s: %s", path, what, tmp,
		    strerror(errno));
		goto done;
	}
	/* mkstemp makes 0600; the output is for others to read. */
	if (fchmod(fd, 0644) == -1)
		what = "chmod";
	else if (write_all(fd, data, len) == -1)
		what = "write";
	else if (fsync(fd) == -1)
		what = "fsync";
	else
		what = NULL;
	if (close(fd) == -1 && what == NULL)
		what = "close";
	fd = -1;
	if (what == NULL && rename(tmp, path) == -1)
		what = "rename";
	if (what != NULL) {
		snprintf(err, errlen, "%s: %s %s: %s", path, what, tmp,
		    strerror(errno));
		unlink(tmp);
		goto done;
	}
	if (sync_dir(dir) == -1) {
		snprintf(err, errlen, "%s: fsync directory %s: %s", path, dir,
		    strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (fd != -1)
		close(fd);
	free(tmp);
	free(copy);
	return rc;
}
