/*
 * status.c — `feedd status` output (see status.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "date.h"
#include "due.h"
#include "log.h"
#include "status.h"
#include "store.h"

/* The result column: HTTP status, or the stage that failed. */
static void
status_result(const struct feed_state *f, char *out, size_t len)
{
	if (f->last_fetch == 0)
		snprintf(out, len, "-");
	else if (f->error_stage != NULL &&
	    (strcmp(f->error_stage, "fetch") != 0 || f->last_status == 0))
		snprintf(out, len, "%s", f->error_stage);
	else
		snprintf(out, len, "%ld", f->last_status);
}

static const char *
status_when(time_t t, char out[DATE_ISO_LEN])
{
	if (t == 0)
		return "never";
	date_format_iso(t, out);
	return out;
}

static const char *
status_next(const struct feed_state *f, char out[DATE_ISO_LEN])
{
	if (f->dead)
		return "dead";
	if (f->next_poll == 0)
		return "due";
	date_format_iso(f->next_poll, out);
	return out;
}

/* What else a user should know: the error, a move, a pending move. */
static void
status_note(const struct feed_state *f, char *out, size_t len)
{
	if (f->last_error)
		snprintf(out, len, "%s: %s", f->error_stage ?
		    f->error_stage : "error", f->last_error);
	else if (f->redirect_url)
		snprintf(out, len, "permanent redirect to %s (%ld of %d "
		    "polls)", f->redirect_url, f->redirect_count,
		    DUE_MOVE_POLLS);
	else if (f->moved_url)
		snprintf(out, len, "moved from %s", f->url);
	else
		snprintf(out, len, "-");
}

static void
status_table(const struct feed_state *v, size_t n, FILE *fp)
{
	char	 last[DATE_ISO_LEN], next[DATE_ISO_LEN], res[16], note[1024];
	size_t	 i;

	fprintf(fp, "%-16s %-20s %-6s %6s %-20s %6s  %-40s %s\n", "FEED",
	    "LAST POLL", "RESULT", "ITEMS", "NEXT POLL", "ERRORS", "URL",
	    "NOTE");
	for (i = 0; i < n; i++) {
		status_result(&v[i], res, sizeof(res));
		status_note(&v[i], note, sizeof(note));
		fprintf(fp, "%-16s %-20s %-6s %6ld %-20s %6ld  %-40s %s\n",
		    v[i].name, status_when(v[i].last_fetch, last), res,
		    v[i].items, status_next(&v[i], next), v[i].errors,
		    v[i].moved_url ? v[i].moved_url : v[i].url ? v[i].url : "-",
		    note);
	}
}

static json_t *
status_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
status_date(time_t t)
{
	char	 d[DATE_ISO_LEN];

	if (t == 0)
		return json_null();
	date_format_iso(t, d);
	return json_string(d);
}

static json_t *
status_object(const struct feed_state *f)
{
	char	 res[16];

	status_result(f, res, sizeof(res));
	return json_pack("{s:s?, s:s?, s:o, s:o, s:s, s:I, s:s?, s:I,"
	    " s:o, s:b, s:I, s:o, s:o, s:o, s:I}",
	    "name", f->name, "url", f->moved_url ? f->moved_url : f->url,
	    "configured_url", status_str(f->url),
	    "last_poll", status_date(f->last_fetch), "result", res,
	    "status", (json_int_t)f->last_status,
	    "error_stage", f->error_stage,
	    "items", (json_int_t)f->items,
	    "next_poll", status_date(f->dead ? 0 : f->next_poll),
	    "dead", f->dead,
	    "errors", (json_int_t)f->errors,
	    "last_error", status_str(f->last_error),
	    "last_ok", status_date(f->last_ok),
	    "redirect_url", status_str(f->redirect_url),
	    "redirect_count", (json_int_t)f->redirect_count);
}

static void
status_json(const struct feed_state *v, size_t n, FILE *fp)
{
	json_t	*a, *o;
	size_t	 i;

	if ((a = json_array()) == NULL)
		fatalx("status: json_array failed");
	for (i = 0; i < n; i++) {
		if ((o = status_object(&v[i])) == NULL ||
		    json_array_append_new(a, o) == -1)
			fatalx("status: cannot build the JSON for %s",
			    v[i].name);
	}
	if (json_dumpf(a, fp, JSON_INDENT(2)) == -1)
		log_warnx("status: cannot write the JSON");
	fputc('\n', fp);
	json_decref(a);
}

void
status_print(const struct feed_state *v, size_t n, bool json, FILE *fp)
{
	if (json)
		status_json(v, n, fp);
	else
		status_table(v, n, fp);
}
