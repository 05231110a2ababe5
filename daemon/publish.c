/*
 * publish.c — the merged feed as Atom 1.0, the helpers every renderer
 * shares, and the atomic write (see publish.h).
 *
 * libxml2's xmlTextWriter does the escaping; what it cannot do is drop
 * the characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE
 * and U+FFFF), which would make the document unparseable, so every
 * string goes through publish_chars() first.
 *
 * RFC 4287 MUSTs kept here: feed and entry each have exactly one id,
 * title and updated; the feed has an author, so entries without one
 * inherit it (4.2.1); an entry without content has an alternate link
 * (4.1.1); at most one alternate link per type (4.1.1).  Atom allows one
 * atom:source per entry: it names the first feed that carried the item,
 * and every further carrier is an extra link rel="via".
 */
#include <dirent.h>
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

struct publish_xml {
	xmlTextWriterPtr	 w;
	xmlBufferPtr		 b;
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

char *
publish_chars(const char *s)
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
	if (b.data == NULL)
		return xstrdup("");
	return buf_take(&b);
}

struct publish_xml *
publish_xml_new(void)
{
	struct publish_xml	*x;

	x = xcalloc(1, sizeof(*x));
	if ((x->b = xmlBufferCreate()) == NULL)
		fatalx("publish: out of memory");
	if ((x->w = xmlNewTextWriterMemory(x->b, 0)) == NULL)
		fatalx("publish: cannot create xml writer");
	if (xmlTextWriterSetIndent(x->w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x->w, XC("  ")) < 0 ||
	    xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0)
		x->err = 1;
	return x;
}

char *
publish_xml_done(struct publish_xml *x, size_t *len)
{
	char	*out = NULL;

	if (xmlTextWriterEndDocument(x->w) < 0)
		x->err = 1;
	xmlFreeTextWriter(x->w);
	if (x->err)
		log_warnx("publish: xml writer failed");
	else {
		*len = (size_t)xmlBufferLength(x->b);
		out = xmalloc(*len + 1);
		memcpy(out, xmlBufferContent(x->b), *len);
		out[*len] = '\0';
	}
	xmlBufferFree(x->b);
	free(x);
	return out;
}

void
publish_xml_start(struct publish_xml *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, XC(name)) < 0)
		x->err = 1;
}

void
publish_xml_end(struct publish_xml *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->err = 1;
}

void
publish_xml_attr(struct publish_xml *x, const char *name, const char *value)
{
	char	*v;

	if (value == NULL)
		return;
	v = publish_chars(value);
	if (xmlTextWriterWriteAttribute(x->w, XC(name), XC(v)) < 0)
		x->err = 1;
	free(v);
}

void
publish_xml_text(struct publish_xml *x, const char *text)
{
	char	*v;

	v = publish_chars(text);
	if (xmlTextWriterWriteString(x->w, XC(v)) < 0)
		x->err = 1;
	free(v);
}

void
publish_xml_elem(struct publish_xml *x, const char *name, const char *type,
    const char *text)
{
	if (text == NULL)
		return;
	publish_xml_start(x, name);
	publish_xml_attr(x, "type", type);
	publish_xml_text(x, text);
	publish_xml_end(x);
}

char *
publish_urn(const char *what, const char *s)
{
	unsigned char	 h[HASH_LEN];
	char		 hex[HASH_HEX_LEN];

	hash_bytes(s, strlen(s), h);
	hash_hex(h, hex);
	return xasprintf("urn:feedd:%s:%s", what, hex);
}

char *
publish_url(const char *base, const char *path)
{
	size_t	 n;

	if (base == NULL)
		return NULL;
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s", (int)n, base, path);
}

char *
publish_self(const struct publish_meta *m, const char *ext)
{
	char	*path, *url;

	if (m->base_url == NULL)
		return NULL;
	path = xasprintf("%s%s", m->stem ? m->stem : PUBLISH_STEM, ext);
	url = publish_url(m->base_url, path);
	free(path);
	return url;
}

/*
 * Without base_url the merged feed's id is a urn of its title (as it
 * always was), a tag feed's one of title and stem.
 */
char *
publish_feed_id(const struct publish_meta *m)
{
	const char	*title = m->title ? m->title : "feedd";
	char		*s, *id;

	if (m->base_url)
		return publish_self(m, ".atom");
	if (m->stem == NULL || strcmp(m->stem, PUBLISH_STEM) == 0)
		return publish_urn("feed", title);
	s = xasprintf("%s %s", title, m->stem);
	id = publish_urn("feed", s);
	free(s);
	return id;
}

time_t
publish_updated(const struct item *it, time_t now)
{
	if (it->updated != DATE_NONE)
		return it->updated;
	if (it->published != DATE_NONE)
		return it->published;
	if (it->first_seen != DATE_NONE)
		return it->first_seen;
	return now;
}

time_t
publish_feed_updated(const struct publish_meta *m, const struct item *items,
    size_t n)
{
	time_t	 updated = DATE_NONE, t;
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((t = publish_updated(&items[i], m->now)) > updated)
			updated = t;
	return updated != DATE_NONE ? updated : m->now;
}

/*
 * RFC 4287 requires a title; an untitled item gets the start of its
 * text, cut at a word, else "(untitled)".
 */
char *
publish_title(const struct item *it)
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

/* Items read from the store have a uid; others get one from their
 * identity so the entry still has its required id. */
char *
publish_id(const struct item *it)
{
	char	*title, *id;

	if (it->uid)
		return xstrdup(it->uid);
	if (it->id)
		return publish_urn("entry", it->id);
	title = publish_title(it);
	id = publish_urn("entry", title);
	free(title);
	return id;
}

static void
atom_date(struct publish_xml *x, const char *name, time_t t)
{
	char	 iso[DATE_ISO_LEN];

	date_format_iso(t, iso);
	publish_xml_elem(x, name, NULL, iso);
}

/* <link rel= href= type= length=/>; length < 0 is left out. */
static void
atom_link(struct publish_xml *x, const char *rel, const char *href,
    const char *type, long long length)
{
	char	 len[24];

	if (href == NULL || *href == '\0')
		return;
	publish_xml_start(x, "link");
	publish_xml_attr(x, "rel", rel);
	publish_xml_attr(x, "href", href);
	publish_xml_attr(x, "type", type);
	if (length >= 0) {
		snprintf(len, sizeof(len), "%lld", length);
		publish_xml_attr(x, "length", len);
	}
	publish_xml_end(x);
}

static void
atom_person(struct publish_xml *x, const char *name)
{
	if (name == NULL || *name == '\0')
		return;
	publish_xml_start(x, "author");
	publish_xml_elem(x, "name", NULL, name);
	publish_xml_end(x);
}

static void
atom_source(struct publish_xml *x, const struct item_source *src)
{
	char	*id;

	id = src->url ? xstrdup(src->url) : publish_urn("feed", src->name);
	publish_xml_start(x, "source");
	publish_xml_elem(x, "id", NULL, id);
	publish_xml_elem(x, "title", "text", src->title ? src->title : src->name);
	atom_link(x, "alternate", src->link, NULL, -1);
	atom_link(x, "self", src->url, NULL, -1);
	publish_xml_end(x);
	free(id);
}

static void
atom_entry(struct publish_xml *x, const struct publish_meta *m,
    const struct item *it)
{
	char	*title, *id;
	size_t	 i;

	title = publish_title(it);
	id = publish_id(it);
	publish_xml_start(x, "entry");
	publish_xml_elem(x, "id", NULL, id);
	publish_xml_elem(x, "title", "text", title);
	free(title);
	free(id);
	atom_link(x, "alternate", it->link, NULL, -1);
	atom_date(x, "updated", publish_updated(it, m->now));
	if (it->published != DATE_NONE)
		atom_date(x, "published", it->published);
	atom_person(x, it->author);
	publish_xml_elem(x, "summary", "html", it->summary);
	if (it->content)
		publish_xml_elem(x, "content", "html", it->content);
	else if (it->link == NULL || *it->link == '\0')
		/* No alternate link: RFC 4287 4.1.1 wants content. */
		publish_xml_elem(x, "content", "html",
		    it->summary ? it->summary : "");
	for (i = 0; i < it->ncategories; i++) {
		if (it->categories[i] == NULL || *it->categories[i] == '\0')
			continue;
		publish_xml_start(x, "category");
		publish_xml_attr(x, "term", it->categories[i]);
		publish_xml_end(x);
	}
	for (i = 0; i < it->nenclosures; i++)
		atom_link(x, "enclosure", it->enclosures[i].url,
		    it->enclosures[i].type, it->enclosures[i].length);
	for (i = 1; i < it->nsources; i++)
		atom_link(x, "via", it->sources[i].link ?
		    it->sources[i].link : it->sources[i].url, NULL, -1);
	if (it->nsources > 0)
		atom_source(x, &it->sources[0]);
	publish_xml_end(x);
}

static void
atom_head(struct publish_xml *x, const struct publish_meta *m,
    const struct item *items, size_t n)
{
	const char	*title = m->title ? m->title : "feedd";
	char		*id, *url;

	id = publish_feed_id(m);
	publish_xml_elem(x, "id", NULL, id);
	free(id);
	publish_xml_elem(x, "title", "text", title);
	atom_date(x, "updated", publish_feed_updated(m, items, n));
	if ((url = publish_self(m, ".atom")) != NULL) {
		atom_link(x, "self", url, ATOM_TYPE, -1);
		free(url);
		url = publish_url(m->base_url, "/");
		atom_link(x, "alternate", url, "text/html", -1);
		free(url);
	}
	atom_link(x, "hub", m->hub, NULL, -1);
	atom_person(x, title);
	publish_xml_start(x, "generator");
	publish_xml_attr(x, "version", FEEDD_VERSION);
	publish_xml_text(x, "feedd");
	publish_xml_end(x);
}

char *
publish_atom(const struct publish_meta *m, const struct item *items,
    size_t n, size_t *len)
{
	struct publish_xml	*x;
	size_t			 i;

	x = publish_xml_new();
	publish_xml_start(x, "feed");
	publish_xml_attr(x, "xmlns", ATOM_NS);
	atom_head(x, m, items, n);
	for (i = 0; i < n; i++)
		atom_entry(x, m, &items[i]);
	return publish_xml_done(x, len);
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

void
publish_sweep(const char *path)
{
	DIR		*d;
	struct dirent	*e;
	char		*copy, *dir, *name;
	const char	*base;
	size_t		 blen;

	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	blen = strlen(base);
	copy = xstrdup(path);
	dir = dirname(copy);
	if ((d = opendir(dir)) == NULL) {
		free(copy);
		return;
	}
	/* ".NAME." and mkstemp's six characters, nothing else. */
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.' || strncmp(e->d_name + 1, base, blen) != 0 ||
		    e->d_name[blen + 1] != '.' || strlen(e->d_name + blen + 2) != 6)
			continue;
		name = xasprintf("%s/%s", dir, e->d_name);
		if (unlink(name) == -1)
			log_warn("publish: remove stale %s", name);
		else
			log_info("publish: removed %s left by an interrupted write",
			    name);
		free(name);
	}
	closedir(d);
	free(copy);
}
