/* response.c: the response model shared by the probe, replay and classifier. */
#include <config.h>
#include "response.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

static const struct {
	enum transport_kind kind;
	const char *json, *code;
} kinds[] = {
	{TRANSPORT_DNS, "dns", "dns"},
	{TRANSPORT_CONNECT, "connect", "connect"},
	{TRANSPORT_TIMEOUT, "timeout", "timeout"},
	{TRANSPORT_TLS, "tls", "tls"},
	{TRANSPORT_EMPTY_REPLY, "empty_reply", "empty-reply"},
	{TRANSPORT_TOO_MANY_REDIRECTS, "too_many_redirects", "too-many-redirects"},
	{TRANSPORT_PROTOCOL_REFUSED, "protocol_refused", "protocol-refused"},
	{TRANSPORT_OTHER, "other", "other"},
};

const char *transport_kind_name(enum transport_kind k)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (kinds[i].kind == k)
			return kinds[i].json;
	return NULL;
}

const char *transport_kind_code(enum transport_kind k)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (kinds[i].kind == k)
			return kinds[i].code;
	return NULL;
}

const char *transport_kind_words(enum transport_kind k)
{
	switch (k) {
	case TRANSPORT_DNS: return _("the host name does not resolve (DNS)");
	case TRANSPORT_CONNECT: return _("the connection was refused or failed");
	case TRANSPORT_TIMEOUT: return _("no answer in time (timeout)");
	case TRANSPORT_TLS: return _("the TLS handshake or certificate failed");
	case TRANSPORT_EMPTY_REPLY: return _("the server closed the connection without answering");
	case TRANSPORT_TOO_MANY_REDIRECTS: return _("too many redirects (a redirect loop?)");
	case TRANSPORT_PROTOCOL_REFUSED: return _("a redirect to a scheme other than http or https was refused");
	default: return _("the transfer failed");
	}
}

enum transport_kind transport_kind_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof kinds / sizeof *kinds; i++)
		if (str_ieq(s, kinds[i].json) || str_ieq(s, kinds[i].code))
			return kinds[i].kind;
	return TRANSPORT_NONE;
}

void response_init(struct response *r)
{
	memset(r, 0, sizeof *r);
	r->t.dns = r->t.connect = r->t.tls = r->t.ttfb = r->t.total = -1;
	r->tls_verified = true;
	r->dns.cd_resolves = r->dns.domain_exists = -1;
}

void response_clear_headers(struct response *r)
{
	for (size_t i = 0; i < r->n_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	r->headers = NULL;
	r->n_headers = 0;
}

void response_free(struct response *r)
{
	if (!r)
		return;
	free(r->url);
	free(r->final_url);
	free(r->reason);
	free(r->http_version);
	response_clear_headers(r);
	for (size_t i = 0; i < r->n_redirects; i++)
		free(r->redirects[i].location);
	free(r->redirects);
	free(r->transport_detail);
	free(r->body);
	free(r->primary_ip);
	free(r->first_ip);
	dns_info_free(&r->dns);
	tls_info_free(&r->tls);
	free(r->local_ip);
	response_init(r);
}

const char *response_header(const struct response *r, const char *name)
{
	for (size_t i = 0; i < r->n_headers; i++)
		if (str_ieq(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

void response_add_header(struct response *r, const char *name, size_t nlen,
			 const char *value, size_t vlen)
{
	if (r->n_headers >= RESPONSE_HEADERS_MAX)
		return;
	while (vlen && (*value == ' ' || *value == '\t')) {
		value++;
		vlen--;
	}
	while (vlen && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t' ||
			value[vlen - 1] == '\r' || value[vlen - 1] == '\n'))
		vlen--;
	if (r->n_headers % 16 == 0)
		r->headers = xrealloc(r->headers, (r->n_headers + 16) * sizeof *r->headers);
	r->headers[r->n_headers].name = xstrndup(name, nlen);
	r->headers[r->n_headers].value = xstrndup(value, vlen);
	r->n_headers++;
}

void response_add_redirect(struct response *r, int status, const char *location)
{
	r->redirects = xrealloc(r->redirects, (r->n_redirects + 1) * sizeof *r->redirects);
	r->redirects[r->n_redirects].status = status;
	r->redirects[r->n_redirects].location = xstrdup(location);
	r->n_redirects++;
}

void response_add_body(struct response *r, const void *p, size_t n)
{
	r->body_seen += n;
	if (r->body_len >= RESPONSE_BODY_KEEP)
		return;
	size_t keep = RESPONSE_BODY_KEEP - r->body_len;
	if (keep > n)
		keep = n;
	if (r->body_len + keep + 1 > r->body_cap) {
		size_t cap = r->body_cap ? r->body_cap : 16384;
		while (cap < r->body_len + keep + 1)
			cap *= 2;
		if (cap > RESPONSE_BODY_KEEP + 1)
			cap = RESPONSE_BODY_KEEP + 1;
		r->body = xrealloc(r->body, cap);
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, p, keep);
	r->body_len += keep;
	r->body[r->body_len] = '\0';
}

const char *status_reason_default(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 101: return "Switching Protocols";
	case 102: return "Processing";
	case 103: return "Early Hints";
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 203: return "Non-Authoritative Information";
	case 204: return "No Content";
	case 205: return "Reset Content";
	case 206: return "Partial Content";
	case 207: return "Multi-Status";
	case 208: return "Already Reported";
	case 226: return "IM Used";
	case 300: return "Multiple Choices";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 305: return "Use Proxy";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 402: return "Payment Required";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 407: return "Proxy Authentication Required";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 416: return "Range Not Satisfiable";
	case 417: return "Expectation Failed";
	case 418: return "I'm a teapot";
	case 421: return "Misdirected Request";
	case 422: return "Unprocessable Content";
	case 423: return "Locked";
	case 424: return "Failed Dependency";
	case 425: return "Too Early";
	case 426: return "Upgrade Required";
	case 428: return "Precondition Required";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 451: return "Unavailable For Legal Reasons";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	case 506: return "Variant Also Negotiates";
	case 507: return "Insufficient Storage";
	case 508: return "Loop Detected";
	case 510: return "Not Extended";
	case 511: return "Network Authentication Required";
	/* Not in the registry, but common enough to name. */
	case 444: return "No Response";
	case 499: return "Client Closed Request";
	case 520: return "Web Server Returned an Unknown Error";
	case 521: return "Web Server Is Down";
	case 522: return "Connection Timed Out";
	case 523: return "Origin Is Unreachable";
	case 524: return "A Timeout Occurred";
	case 525: return "SSL Handshake Failed";
	case 526: return "Invalid SSL Certificate";
	case 527: return "Railgun Error";
	case 530: return "Origin Error";
	default: return NULL;
	}
}
