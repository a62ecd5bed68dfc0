/* cmd_probe.c: `httpdoc probe`: probe URLs concurrently (or replay a saved
 * response) and print one diagnosis per URL, in input order unless
 * --unordered. URLs from --input are read as the window frees, so memory
 * holds the probes in flight and the output not yet printed, nothing more. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "analyst.h"
#include "cmd.h"
#include "htmlscan.h"
#include "i18n.h"
#include "kb.h"
#include "replay.h"
#include "report.h"
#include "serverlogs.h"

struct job;

/* One transfer of a job: the URL itself, or the same URL at --origin. */
struct part {
	struct job *job;
	bool origin;
};

struct job {
	size_t index;
	int running;              /* transfers not finished yet */
	struct part edge_part, origin_part;
	struct probe_result p;    /* freed once analysed: what follows is what is kept */
	char *text;               /* rendered */
	int cls;                  /* [0] transport, [1..5] 1xx..5xx */
	bool failing;
	bool error_edge, error_layer, error_origin;   /* who wrote the error page */
};

struct pending {
	size_t index;
	char *text;
};

struct run {
	const struct cli *cli;
	const struct kb *kb;
	bool one_line;            /* several URLs in text mode: a line each */
	size_t next_print, done, started, failing, bad_input;
	size_t total;             /* URLs to probe, 0 when unknown (a pipe) */
	struct pending *pending;  /* finished, waiting for earlier ones (ordered mode) */
	size_t n_pending, cap_pending;
	/* summary */
	size_t by_class[6];       /* [0] transport, [1..5] 1xx..5xx */
	size_t by_edge, by_layer, by_origin;
	double t0;
	bool progress;
	FILE *input;
	size_t input_line;
	size_t next_arg;
	struct analyst *analyst;  /* batches: analysis on a second thread; NULL: inline */
	struct serverlogs *logs;  /* one URL: the server's logs around its probe, or NULL */
};

static double now_s(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static bool failing(const struct response *r)
{
	return r->transport != TRANSPORT_NONE || r->status >= 400 || r->status < 100;
}

/* One line for a URL in a batch: status, who, the node reached. */
static char *render_line(const struct probe_result *p)
{
	const struct response *r = &p->resp;
	const struct classification *c = &p->cls;
	struct buf b = {0};
	char *url = term_safe(r->url ? r->url : "", r->url ? strlen(r->url) : 0, false);
	if (r->transport != TRANSPORT_NONE)
		buf_printf(&b, "%-4s %s  %s", "---", url, transport_kind_name(r->transport));
	else
		buf_printf(&b, "%-4d %s  %s", r->status, url,
			   c->generated_by == CF_GEN_EDGE ? "cloudflare-edge" : layer_name(c->layer));
	if (r->transport == TRANSPORT_NONE && c->server && c->generated_by != CF_GEN_EDGE)
		buf_printf(&b, " (%s)", c->server);
	if (c->page != CF_PAGE_NONE)
		buf_printf(&b, " %s", cf_page_name(c->page));
	else if (c->layer_page != LPAGE_NONE)
		buf_printf(&b, " %s", layer_page_name(c->layer_page));
	if (c->soft_error)
		buf_puts(&b, " soft-error");
	if (c->error_code)
		buf_printf(&b, " %d", c->error_code);
	if (p->diag.node_id)
		buf_printf(&b, "  [%s]", p->diag.node_id);
	buf_puts(&b, "\n");
	free(url);
	return buf_steal(&b);
}

static char *render(const struct run *run, const struct probe_result *p, size_t index)
{
	const struct cli *cli = run->cli;
	if (cli->json) {
		struct buf b = {0};
		char *j = report_json(p);
		buf_puts(&b, j);
		buf_append(&b, "\n", 1);
		free(j);
		return buf_steal(&b);
	}
	if (cli->report) {
		char *m = report_markdown(p);
		char *s = xasprintf("%s%s", index ? "\n---\n\n" : "", m);
		free(m);
		return s;
	}
	if (run->one_line)
		return render_line(p);
	char *t = report_text(p, cli->color);
	char *s = xasprintf("%s%s", index ? "\n" : "", t);
	free(t);
	return s;
}

static void progress_clear(struct run *run)
{
	if (run->progress)
		fputs("\r\033[K", stderr);
}

static void progress_draw(struct run *run)
{
	if (!run->progress)
		return;
	double el = now_s() - run->t0;
	/* Lines refused as bad URLs count as handled. */
	size_t done = run->done + run->bad_input, total = run->total;
	double rate = el > 0 ? done / el : 0;
	if (total >= done && total) {
		int width = 30, fill = (int)(width * done / total);
		fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.0f/s  ETA %.0fs\033[K", fill,
			"##############################", width - fill, "", done, total, rate,
			rate > 0 ? (total - done) / rate : 0.0);
	} else {
		fprintf(stderr, "\r%zu %s  %.0f/s\033[K", done, _("probed"), rate);
	}
	fflush(stderr);
}

static void print_text(struct run *run, char *text)
{
	progress_clear(run);
	fputs(text, stdout);
	fflush(stdout);
	free(text);
}

static void emit(struct run *run, size_t index, char *text)
{
	if (run->cli->unordered) {
		print_text(run, text);
		return;
	}
	if (run->n_pending == run->cap_pending) {
		run->cap_pending = run->cap_pending ? run->cap_pending * 2 : 64;
		run->pending = xrealloc(run->pending, run->cap_pending * sizeof *run->pending);
	}
	run->pending[run->n_pending++] = (struct pending){index, text};
	/* Print every result that is next in order. */
	for (bool found = true; found;) {
		found = false;
		for (size_t i = 0; i < run->n_pending; i++) {
			if (run->pending[i].index != run->next_print)
				continue;
			print_text(run, run->pending[i].text);
			run->pending[i] = run->pending[--run->n_pending];
			run->next_print++;
			found = true;
			break;
		}
	}
}

/* Classify, diagnose and render a finished job, then drop the response:
 * on the analyst's thread in a batch. Reads only what run never changes. */
static void analyse(void *item, void *ctx)
{
	const struct run *run = ctx;
	struct job *job = item;
	if (run->logs) {
		/* One URL, inline: what the server logged about this very request. */
		probe_result_classify(&job->p);
		job->p.local = serverlogs_end(run->logs, &run->cli->probe, &job->p.resp, job->p.cls.server);
	} else if (!job->p.resp.replayed) {
		/* A batch reads no logs (its requests run at once), nor does --no-logs;
		 * but whether the address is this machine's is known all the same. */
		job->p.local = serverlogs_here(&job->p.resp);
	}
	probe_result_analyse(&job->p, run->kb);
	const struct response *r = &job->p.resp;
	job->failing = failing(r) || job->p.cls.soft_error;   /* a block page served with 200 is no success */
	job->cls = r->transport != TRANSPORT_NONE || r->status < 100 || r->status > 599 ? 0 : r->status / 100;
	if (r->transport == TRANSPORT_NONE && (r->status >= 400 || job->p.cls.soft_error)) {
		enum layer_kind layer = job->p.cls.layer;
		job->error_edge = job->p.cls.generated_by == CF_GEN_EDGE;
		job->error_layer = !job->error_edge && layer != LAYER_ORIGIN && layer != LAYER_NONE;
		job->error_origin = !job->error_edge && !job->error_layer;
	}
	job->text = render(run, &job->p, job->index);
	probe_result_free(&job->p);
}

/* Count, print (in order unless --unordered) and free an analysed job. */
static void finish(struct run *run, struct job *job)
{
	run->failing += job->failing;
	run->by_class[job->cls]++;
	run->by_edge += job->error_edge;
	run->by_layer += job->error_layer;
	run->by_origin += job->error_origin;
	run->done++;
	emit(run, job->index, job->text);
	free(job);
	progress_draw(run);
}

static void collect(struct run *run, bool wait)
{
	void *items[64];
	size_t n;
	while ((n = analyst_collect(run->analyst, items, 64, wait)) > 0) {
		for (size_t i = 0; i < n; i++)
			finish(run, items[i]);
		wait = false;
	}
}

static void on_done(void *user, struct response *out, void *cbdata)
{
	(void)out;
	struct run *run = cbdata;
	struct job *job = ((struct part *)user)->job;
	if (--job->running > 0)
		return;   /* the other transfer of this URL is still running */
	if (run->analyst) {
		analyst_submit(run->analyst, job);
		return;
	}
	analyse(job, run);
	finish(run, job);
}

/* The URL on a line of --input, trimmed in place; NULL for a blank line or a comment. */
static char *input_url(char *line)
{
	char *s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len && strchr("\r\n \t", s[len - 1]))
		s[--len] = '\0';
	return len && s[0] != '#' ? s : NULL;
}

/* How many URLs a regular --input file lists, read ahead so the progress bar
 * can show an ETA; 0 (unknown) for a pipe or the terminal. */
static size_t count_input(FILE *in)
{
	struct stat st;
	if (fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	size_t n = 0, cap = 0;
	char *line = NULL;
	while (getline(&line, &cap, in) >= 0)
		n += input_url(line) != NULL;
	free(line);
	rewind(in);
	return n;
}

/* The next URL to probe from the arguments, then --input; NULL at the end. */
static char *next_url(struct run *run)
{
	if (run->next_arg < run->cli->args.n)
		return xstrdup(run->cli->args.v[run->next_arg++]);
	if (!run->input)
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, run->input) >= 0) {
		run->input_line++;
		char *s = input_url(line);
		if (s) {
			char *url = xstrdup(s);
			free(line);
			return url;
		}
	}
	free(line);
	return NULL;
}

static int replay(struct cli *cli)
{
	if (cli->args.n || cli->input) {
		cli_error(_("--replay takes one saved response and no URLs"));
		return EXIT_USAGE;
	}
	struct probe_result p;
	probe_result_init(&p);
	char *err = NULL;
	if (replay_load(cli->replay, &p.resp, &err) != 0) {
		cli_error("%s", err);   /* replay_load escapes what it quotes */
		free(err);
		probe_result_free(&p);
		return EXIT_USAGE;
	}
	struct kb *kb = cli_load_kb();
	if (!kb) {
		probe_result_free(&p);
		return EXIT_USAGE;
	}
	probe_result_analyse(&p, kb);
	struct run run = {.cli = cli, .kb = kb};
	char *text = render(&run, &p, 0);
	fputs(text, stdout);
	free(text);
	int status = failing(&p.resp) || p.cls.soft_error ? EXIT_FAILING : EXIT_OK;
	probe_result_free(&p);
	kb_free(kb);
	return status;
}

static void summary(const struct run *run)
{
	static const char *names[] = {"transport", "1xx", "2xx", "3xx", "4xx", "5xx"};
	printf("\n");
	printf(_("Summary: %zu URLs in %.1f s:"), run->done, now_s() - run->t0);
	for (int i = 1; i <= 5; i++)
		if (run->by_class[i])
			printf("  %s %zu", names[i], run->by_class[i]);
	if (run->by_class[0])
		printf("  %s %zu", _("no answer"), run->by_class[0]);
	printf("\n");
	if (run->by_layer)
		printf(_("Errors produced by Cloudflare's edge: %zu; by another CDN, WAF, load balancer, "
			 "proxy or hosting layer: %zu; by the origin: %zu\n"),
		       run->by_edge, run->by_layer, run->by_origin);
	else if (run->by_edge || run->by_origin)
		printf(_("Errors produced by Cloudflare's edge: %zu; by the origin: %zu\n"), run->by_edge, run->by_origin);
}

int cmd_probe(struct cli *cli)
{
	if (cli->replay)
		return replay(cli);
	if (cli->args.n == 0 && !cli->input) {
		cli_error(_("probe needs a URL (or --input FILE, or --replay FILE)"));
		return EXIT_USAGE;
	}
	/* Refuse bad arguments before probing anything. */
	for (size_t i = 0; i < cli->args.n; i++) {
		char *norm, *err;
		if (probe_check_url(cli->args.v[i], &norm, &err) != 0) {
			cli_error("%s", err);
			free(err);
			return EXIT_USAGE;
		}
		free(norm);
	}
	if (!cli_origin_ok(cli))
		return EXIT_USAGE;
	bool one = cli->args.n == 1 && !cli->input;
	struct strlist log_files = {0};
	if (!cli_logs(cli, one ? 1 : 2, &log_files)) {
		strlist_free(&log_files);
		return EXIT_USAGE;
	}
	struct run run = {.cli = cli, .t0 = now_s()};
	if (cli->input) {
		run.input = strcmp(cli->input, "-") == 0 ? stdin : fopen(cli->input, "r");
		if (!run.input) {
			cli_error(_("cannot read %s: %s"), cli->input, strerror(errno));
			return EXIT_USAGE;
		}
	}
	struct kb *kb = cli_load_kb();
	if (!kb) {
		if (run.input && run.input != stdin)
			fclose(run.input);
		strlist_free(&log_files);
		return EXIT_USAGE;
	}
	run.kb = kb;
	/* The logs are noted before the request, so that what it adds can be told apart. */
	if (one) {
		struct serverlogs_options lo = {.paths = &log_files, .off = cli->no_logs, .kb = kb};
		run.logs = serverlogs_begin(&lo);
	}
	strlist_free(&log_files);
	run.one_line = !cli->json && !cli->report && (cli->input || cli->args.n > 1);
	/* A progress bar for batches, on stderr, only where a person watches it. */
	run.progress = isatty(STDERR_FILENO) && (cli->input || cli->args.n > 1);
	if (run.progress) {
		size_t listed = run.input ? count_input(run.input) : 0;
		run.total = run.input && !listed ? 0 : cli->args.n + listed;
	}

	/* Several URLs: the analysis runs beside the transfers. */
	if (cli->input || cli->args.n > 1) {
		html_scan_global_init();
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		run.analyst = analyst_start(cpus > 1 ? (int)cpus : 1, analyse, &run);
	}

	struct probe_batch *batch = probe_batch_new(cli->parallel);
	size_t queued = 0;
	bool more = true;
	while (more || queued || (run.analyst && analyst_pending(run.analyst))) {
		/* Keep the queue one window ahead of the transfers, and the
		 * analyst no more than a few windows behind them. */
		while (more && queued < (size_t)cli->parallel * 2 &&
		       (!run.analyst || analyst_pending(run.analyst) < (size_t)cli->parallel * 4)) {
			char *url = next_url(&run);
			if (!url) {
				more = false;
				break;
			}
			char *norm, *err;
			if (probe_check_url(url, &norm, &err) != 0) {
				progress_clear(&run);
				cli_error(_("%s line %zu: %s"), cli->input, run.input_line, err);
				free(err);
				free(url);
				run.bad_input++;
				continue;
			}
			struct job *job = xcalloc(1, sizeof *job);
			probe_result_init(&job->p);
			job->index = run.started++;
			job->edge_part = (struct part){job, false};
			job->origin_part = (struct part){job, true};
			job->running = 1;
			probe_batch_add(batch, norm, &cli->probe, &job->p.resp, &job->edge_part);
			if (cli->origin) {
				/* The same URL at the origin, in parallel: Host and SNI stay the URL's. */
				struct probe_options o = cli->probe;
				o.connect_to = cli->origin;
				o.insecure = cli->probe.insecure || cli->origin_insecure;
				job->p.origin = xcalloc(1, sizeof *job->p.origin);
				probe_result_init(job->p.origin);
				job->p.origin_address = xstrdup(cli->origin);
				job->running++;
				probe_batch_add(batch, norm, &o, &job->p.origin->resp, &job->origin_part);
			}
			free(norm);
			free(url);
			queued += job->running;
		}
		if (queued)
			queued = probe_batch_run(batch, 100, on_done, &run);
		if (run.analyst)
			collect(&run, !queued);
	}
	analyst_stop(run.analyst);
	probe_batch_free(batch);
	serverlogs_free(run.logs);
	progress_clear(&run);
	if (run.one_line)
		summary(&run);
	for (size_t i = 0; i < run.n_pending; i++)
		free(run.pending[i].text);
	free(run.pending);
	if (run.input && run.input != stdin)
		fclose(run.input);
	kb_free(kb);
	if (run.bad_input)
		return EXIT_USAGE;
	return run.failing ? EXIT_FAILING : EXIT_OK;
}
