/*
 * test_work.c — the worker pool: every job runs once and comes back,
 * the bound holds, finished jobs wake the owner's pipe, and cleaning
 * on several threads at once gives what one thread gives.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"
#include "parse.h"
#include "unit.h"
#include "url.h"
#include "work.h"

#define NJOBS	200

#define HTML "<p>Read <a href=\"/story?utm_source=rss&amp;id=%d\">story %d" \
	"</a> <img src=\"pic%d.png\"><script>alert(1)</script></p>"

struct job {
	int	 n;
	int	 runs;
	char	*html;
	char	*out;
};

static void
job_run(void *arg)
{
	struct job	*j = arg;

	j->runs++;
	j->out = clean_html(j->html, "https://example.org/feed");
}

static void
thread_done(void)
{
	clean_thread_cleanup();
	url_thread_cleanup();
}

static void
test_pool(void)
{
	struct job	 jobs[NJOBS], *j;
	struct work	*w;
	char		 err[128], *want, c;
	int		 p[2], i, next = 0, back = 0, wakes = 0;
	bool		 bounded = true, same = true, once = true;

	if (pipe2(p, O_NONBLOCK) == -1) {
		perror("pipe2");
		exit(1);
	}
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < NJOBS; i++) {
		jobs[i].n = i;
		if (asprintf(&jobs[i].html, HTML, i, i, i) == -1)
			exit(1);
	}
	w = work_new(3, 4, p[1], thread_done, err, sizeof(err));
	CHECK(w != NULL, "work_new with 3 threads and room for 4 jobs");
	if (w == NULL)
		return;
	CHECK_INT(work_threads(w), 3, "three workers");
	CHECK(work_next(w) == NULL, "nothing finished in an empty pool");
	CHECK(work_wait(w) == NULL, "work_wait on an empty pool returns");
	while (back < NJOBS) {
		while (next < NJOBS && !work_full(w))
			work_submit(w, job_run, &jobs[next++]);
		if (work_pending(w) > 4)
			bounded = false;
		if ((j = work_wait(w)) == NULL)
			break;
		back++;
	}
	CHECK_INT(back, NJOBS, "every job came back");
	CHECK_INT(work_pending(w), 0, "nothing pending at the end");
	CHECK(bounded, "never more than 4 jobs in the pool");
	while (read(p[0], &c, 1) == 1)
		wakes++;
	CHECK(wakes > 0, "finished jobs wrote to the wake pipe");
	work_free(w);
	for (i = 0; i < NJOBS; i++) {
		want = clean_html(jobs[i].html, "https://example.org/feed");
		if (jobs[i].runs != 1)
			once = false;
		if (want == NULL || jobs[i].out == NULL ||
		    strcmp(want, jobs[i].out) != 0)
			same = false;
		free(want);
		free(jobs[i].out);
		free(jobs[i].html);
	}
	CHECK(once, "each job ran exactly once");
	CHECK(same, "cleaning on workers gives what the main thread gives");
	close(p[0]);
	close(p[1]);
	clean_thread_cleanup();
	url_thread_cleanup();
}

int
main(void)
{
	parse_init();
	test_pool();
	parse_cleanup();
	return unit_done();
}
