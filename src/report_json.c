/* report_json.c: the `probe --json` object, key for key as the spec gives it.
 * jansson does the escaping; keys keep their insertion order. */
#include <config.h>
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	if (!s)
		return json_null();
	/* Network bytes may be invalid UTF-8: jansson refuses those, so escape them. */
	json_t *j = json_string(s);
	if (j)
		return j;
	char *safe = term_safe(s, strlen(s), true);
	j = json_string(safe);
	free(safe);
	return j ? j : json_null();
}

static json_t *ms_or_null(double ms)
{
	return ms < 0 ? json_null() : json_real((double)(long long)(ms * 10 + 0.5) / 10.0);
}

static json_t *strlist_json(const struct strlist *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, str_or_null(l->v[i]));
	return a;
}

static json_t *transport_json(const struct response *r)
{
	if (r->transport == TRANSPORT_NONE)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(transport_kind_name(r->transport)));
	json_object_set_new(o, "detail", str_or_null(r->transport_detail));
	json_object_set_new(o, "curl_code", json_integer(r->curl_code));
	return o;
}

static json_t *timings_json(const struct timings *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "dns", ms_or_null(t->dns));
	json_object_set_new(o, "connect", ms_or_null(t->connect));
	json_object_set_new(o, "tls", ms_or_null(t->tls));
	json_object_set_new(o, "ttfb", ms_or_null(t->ttfb));
	json_object_set_new(o, "total", ms_or_null(t->total));
	return o;
}

static json_t *cloudflare_json(const struct classification *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "proxied", json_boolean(c->proxied));
	json_object_set_new(o, "branded", json_boolean(c->branded));
	json_object_set_new(o, "generated_by", str_or_null(cf_generated_name(c->generated_by)));
	json_object_set_new(o, "page", str_or_null(cf_page_name(c->page)));
	json_object_set_new(o, "error_code", c->error_code ? json_integer(c->error_code) : json_null());
	json_object_set_new(o, "ray_id", c->ray_id[0] ? json_string(c->ray_id) : json_null());
	json_object_set_new(o, "evidence", strlist_json(&c->evidence));
	return o;
}

static json_t *diagnosis_json(const struct diagnosis *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "node", str_or_null(d->node_id));
	json_object_set_new(o, "title", str_or_null(d->title));
	json_object_set_new(o, "summary", str_or_null(d->summary));
	json_t *answered = json_array();
	for (size_t i = 0; i < d->n_answered; i++) {
		json_t *a = json_object();
		json_object_set_new(a, "question", str_or_null(d->answered[i].question));
		json_object_set_new(a, "answer", str_or_null(d->answered[i].answer));
		json_object_set_new(a, "by", json_string(answer_by_name(d->answered[i].by)));
		json_object_set_new(a, "evidence", str_or_null(d->answered[i].evidence));
		json_array_append_new(answered, a);
	}
	json_object_set_new(o, "answered", answered);
	json_object_set_new(o, "open_questions", strlist_json(&d->open_questions));
	json_object_set_new(o, "advice", strlist_json(&d->advice));
	return o;
}

static json_t *bool_or_null(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

/* The address the transfer used for the URL's own host, or null. */
static const char *connected_address(const struct response *r)
{
	if (r->first_ip)
		return r->first_ip;
	return r->t.connect >= 0 ? r->primary_ip : NULL;
}

static json_t *dns_json(const struct probe_result *p)
{
	const struct response *r = &p->resp;
	const struct dns_info *d = &r->dns;
	if (!d->asked)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "server", str_or_null(d->server));
	json_object_set_new(o, "rcode", str_or_null(dns_rcode_name(d->rcode)));
	json_object_set_new(o, "addresses", strlist_json(&d->addresses));
	json_object_set_new(o, "cname", strlist_json(&d->cname));
	json_object_set_new(o, "cloudflare", bool_or_null(p->dns_cloudflare));
	json_object_set_new(o, "connected", str_or_null(connected_address(r)));
	/* Additions: what the trees asked after a failure, and the exact code. */
	json_object_set_new(o, "rcode_detail", str_or_null(d->rcode_text));
	json_object_set_new(o, "cname_loop", json_boolean(d->cname_loop));
	json_object_set_new(o, "cd_resolves", bool_or_null(d->cd_resolves));
	json_object_set_new(o, "domain", str_or_null(d->domain));
	json_object_set_new(o, "domain_exists", bool_or_null(d->domain_exists));
	json_object_set_new(o, "ms", ms_or_null(d->ms));
	return o;
}

static json_t *tls_json(const struct response *r)
{
	const struct tls_info *t = &r->tls;
	if (!t->attempted)
		return json_null();
	json_t *o = json_object();
	char *nb = iso8601_utc(t->not_before), *na = iso8601_utc(t->not_after);
	json_object_set_new(o, "version", str_or_null(t->version));
	json_object_set_new(o, "subject", str_or_null(t->subject));
	json_object_set_new(o, "issuer", str_or_null(t->issuer));
	json_object_set_new(o, "names", strlist_json(&t->names));
	json_object_set_new(o, "not_before", str_or_null(nb));
	json_object_set_new(o, "not_after", str_or_null(na));
	json_object_set_new(o, "days_left", t->seen && t->not_after ? json_integer(tls_days_left(t)) : json_null());
	json_object_set_new(o, "verified", json_boolean(t->seen && t->verified));
	json_object_set_new(o, "verify_error", str_or_null(tls_verify_error_name(t->verify_error)));
	/* Additions: the verifier's own code and words, the names not listed. */
	json_object_set_new(o, "verify_code", t->verify_code ? json_integer(t->verify_code) : json_null());
	json_object_set_new(o, "verify_detail", str_or_null(t->verify_text));
	json_object_set_new(o, "names_total", json_integer(t->names_total));
	json_object_set_new(o, "chain_length", t->seen ? json_integer(t->chain_len) : json_null());
	free(nb);
	free(na);
	return o;
}

/* The server's own logs read around the probe, or null when none were
 * (a probe of another machine without --logs, --no-logs, a batch, a replay,
 * or no log of the server that answered was found). */
static json_t *logs_json(const struct local_evidence *e)
{
	if (!e || (!e->logs.n_files && !e->given))
		return json_null();
	const struct log_evidence *ev = &e->logs;
	json_t *files = json_array();
	for (size_t i = 0; i < ev->n_files; i++) {
		const struct log_file *f = &ev->files[i];
		bool read = f->state == LOG_STATE_READ;
		json_t *lines = json_array();
		for (size_t k = 0; read && k < ev->lines.n && json_array_size(lines) < 20; k++) {
			const struct log_line *l = &ev->lines.v[k];
			if (l->file != i || l->recent || log_line_relation(l, &ev->req) == LOG_REL_OTHER)
				continue;
			char *evd = log_line_evidence(ev, l);
			json_array_append_new(lines, str_or_null(evd));
			free(evd);
		}
		json_array_append_new(files, json_pack("{s:o, s:s, s:b, s:o, s:o, s:b, s:o}",
			"file", str_or_null(f->path), "kind", log_kind_name(f->kind), "read", read,
			"error", read ? json_null() : json_string(strerror(f->err)),
			"bytes_appended", read ? json_integer(f->appended) : json_null(),
			"rotated", f->rotated, "lines", lines));
	}
	return files;
}

/* The per-response part shared by the main object and `origin`. */
static json_t *origin_json(const struct probe_result *o, const char *address)
{
	json_t *j = json_object();
	json_object_set_new(j, "address", str_or_null(address));
	json_object_set_new(j, "status", o->resp.status ? json_integer(o->resp.status) : json_null());
	json_object_set_new(j, "reason", o->resp.status ? str_or_null(o->resp.reason) : json_null());
	json_object_set_new(j, "transport_error", transport_json(&o->resp));
	json_object_set_new(j, "server", str_or_null(o->cls.server));
	json_object_set_new(j, "cloudflare", cloudflare_json(&o->cls));
	json_object_set_new(j, "timings_ms", timings_json(&o->resp.t));
	json_object_set_new(j, "tls", tls_json(&o->resp));
	return j;
}

char *report_json(const struct probe_result *p)
{
	const struct response *r = &p->resp;
	json_t *o = json_object();
	json_object_set_new(o, "url", str_or_null(r->url));
	json_object_set_new(o, "final_url", str_or_null(r->final_url));
	json_object_set_new(o, "status", r->status ? json_integer(r->status) : json_null());
	json_object_set_new(o, "reason", r->status ? str_or_null(r->reason) : json_null());
	json_object_set_new(o, "http_version", r->status ? str_or_null(r->http_version) : json_null());
	json_object_set_new(o, "transport_error", transport_json(r));
	json_t *hops = json_array();
	for (size_t i = 0; i < r->n_redirects; i++)
		json_array_append_new(hops, json_pack("{s:i, s:o}", "status", r->redirects[i].status,
						      "location", str_or_null(r->redirects[i].location)));
	json_object_set_new(o, "redirects", hops);
	json_object_set_new(o, "timings_ms", timings_json(&r->t));
	json_object_set_new(o, "server", str_or_null(p->cls.server));
	json_object_set_new(o, "iis_substatus", str_or_null(p->cls.iis_substatus));
	json_object_set_new(o, "layer", str_or_null(layer_name(p->cls.layer)));
	json_object_set_new(o, "reference", p->cls.reference[0] ? str_or_null(p->cls.reference) : json_null());
	json_object_set_new(o, "soft_error", json_boolean(p->cls.soft_error));
	json_object_set_new(o, "cloudflare", cloudflare_json(&p->cls));
	json_object_set_new(o, "origin", p->origin ? origin_json(p->origin, p->origin_address) : json_null());
	json_object_set_new(o, "dns", dns_json(p));
	json_object_set_new(o, "tls", tls_json(r));
	json_object_set_new(o, "diagnosis", diagnosis_json(&p->diag));
	json_object_set_new(o, "logs", logs_json(p->local));
	/* Additions to the spec's keys (documented in the README). */
	json_object_set_new(o, "tls_verified", json_boolean(r->tls_verified));
	json_object_set_new(o, "body_bytes", json_integer((json_int_t)r->body_seen));
	json_object_set_new(o, "body_truncated", json_boolean(r->body_truncated));
	json_object_set_new(o, "replayed", json_boolean(r->replayed));

	char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(9));
	json_decref(o);
	char *copy = xstrdup(s ? s : "{}");
	free(s);
	return copy;
}
