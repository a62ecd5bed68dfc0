/* unit-net.c: the facts the network around a response gives, without a
 * network: the shape of a redirect chain, what a DNS answer says (and which
 * addresses can never work), a certificate's verdict and dates as evidence,
 * and the lines the reports show. */
#include <config.h>
#include "facts.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "netinfo.h"
#include "probe_int.h"
#include "redirects.h"
#include "report.h"
#include "tap.h"
#include "util.h"

/* A response for url whose hops point to the locations given (NULL ends). */
static void chain(struct response *r, const char *url, ...)
{
	va_list ap;
	response_init(r);
	r->url = url ? xstrdup(url) : NULL;
	va_start(ap, url);
	for (const char *l = va_arg(ap, const char *); l; l = va_arg(ap, const char *))
		response_add_redirect(r, 301, l);
	va_end(ap);
}

static void loop_is(const char *what, enum redirect_loop want, const char *want_ev, struct response *r)
{
	char *ev = NULL;
	enum redirect_loop got = redirect_loop_find(r, &ev);
	is_str(redirect_loop_name(got), redirect_loop_name(want), "%s", what);
	if (want_ev)
		is_str(ev, want_ev, "%s: the evidence", what);
	free(ev);
	response_free(r);
}

static void test_loops(void)
{
	struct response r;
	chain(&r, "http://a.example/x", "https://a.example/x", "http://a.example/x", NULL);
	loop_is("http, https, http: the scheme", LOOP_SCHEME,
		"http://a.example/x -> 301 https://a.example/x -> 301 http://a.example/x", &r);
	chain(&r, "http://a.example:8080/x", "https://a.example:8443/x", "http://a.example:8080/x", NULL);
	loop_is("the scheme and its port together: still the scheme", LOOP_SCHEME, NULL, &r);
	chain(&r, "https://a.example/", "https://www.a.example/", "https://A.example/", NULL);
	loop_is("www and the bare name (host case ignored)", LOOP_WWW, NULL, &r);
	chain(&r, "https://a.example/", "https://a.example/", NULL);
	loop_is("an address to itself", LOOP_SAME_URL, "https://a.example/ -> 301 https://a.example/", &r);
	chain(&r, "https://a.example/p", "https://a.example/p/", "https://a.example/p", NULL);
	loop_is("a trailing slash added and taken", LOOP_PATH, NULL, &r);
	chain(&r, "https://a.example/p?x=1", "https://a.example/p?x=2", "https://a.example/p?x=1", NULL);
	loop_is("the query counts as the path", LOOP_PATH, NULL, &r);
	chain(&r, "http://a.example/", "https://a.example/", "https://www.a.example/", "http://a.example/", NULL);
	loop_is("scheme and host both change: a repeat", LOOP_REPEAT, NULL, &r);
	chain(&r, "https://a.example/a", "https://a.example/a/a", "https://a.example/a/a/a", "https://a.example/a/a/a/a",
	      NULL);
	loop_is("a growing path", LOOP_GROWING_PATH, NULL, &r);
	chain(&r, "https://a.example/1", "https://a.example/2", "https://a.example/3", NULL);
	loop_is("three different addresses: no loop", LOOP_NONE, NULL, &r);
	chain(&r, "https://a.example/x#one", "https://a.example/x#two", NULL);
	loop_is("the fragment does not count", LOOP_SAME_URL, NULL, &r);
	chain(&r, "https://a.example:443/", "https://a.example/", NULL);
	loop_is("the default port is the same address", LOOP_SAME_URL, NULL, &r);
	/* A saved response has no URL: the chain starts at the first location. */
	chain(&r, NULL, "https://a.example/", "http://a.example/", "https://a.example/", NULL);
	loop_is("a saved chain", LOOP_SCHEME, "https://a.example/ -> 301 http://a.example/ -> 301 https://a.example/", &r);
	chain(&r, "https://a.example/", "not a url", "https://a.example/", NULL);
	loop_is("an unreadable location ends the chain read", LOOP_NONE, NULL, &r);

	chain(&r, "https://a.example/", "ftp://files.example/x", NULL);
	char *s = redirect_other_scheme(&r);
	is_str(s, "ftp", "the other scheme of a refused redirect");
	free(s);
	response_free(&r);
	chain(&r, "https://a.example/", "HTTPS://b.example/", NULL);
	s = redirect_other_scheme(&r);
	is_str(s, NULL, "https in capitals is no other scheme");
	free(s);
	response_free(&r);
}

static struct dns_info answer(const char *rcode_host, enum dns_rcode rc, ...)
{
	struct dns_info d = {0};
	d.asked = true;
	d.host = xstrdup(rcode_host);
	d.server = xstrdup("127.0.0.1#5353");
	d.rcode = rc;
	d.cd_resolves = d.domain_exists = -1;
	va_list ap;
	va_start(ap, rc);
	for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
		strlist_add(&d.addresses, a);
	va_end(ap);
	return d;
}

static void kind_is(const char *what, const char *want, struct dns_info d)
{
	struct facts *f = facts_new();
	facts_add_dns(f, &d, -1);
	is_str(facts_get(f, "dns.address_kind"), want, "%s", what);
	facts_free(f);
	dns_info_free(&d);
}

static void test_dns(void)
{
	kind_is("127.0.0.1 from DNS cannot work", "unusable", answer("a.test", DNS_RC_NOERROR, "127.0.0.1", NULL));
	kind_is("0.0.0.0 and ::1", "unusable", answer("a.test", DNS_RC_NOERROR, "0.0.0.0", "::1", NULL));
	kind_is("a documentation address", "unusable", answer("a.test", DNS_RC_NOERROR, "192.0.2.7", NULL));
	kind_is("a private address is an intranet's", "usable", answer("a.test", DNS_RC_NOERROR, "10.1.2.3", NULL));
	kind_is("only IPv6", "ipv6_only", answer("a.test", DNS_RC_NOERROR, "2606:4700::1", NULL));
	kind_is("both families", "usable", answer("a.test", DNS_RC_NOERROR, "2606:4700::1", "104.16.1.1", NULL));
	struct dns_info h = answer("a.test", DNS_RC_NOERROR, "127.0.0.1", NULL);
	free(h.server);
	h.server = xstrdup("/etc/hosts");
	kind_is("the hosts file says nothing of DNS", NULL, h);

	struct dns_info d = answer("nope.test", DNS_RC_NXDOMAIN, NULL);
	d.domain = xstrdup("nope.test");
	d.domain_exists = 0;
	struct facts *f = facts_new();
	facts_add_dns(f, &d, -1);
	is_str(facts_get(f, "dns.rcode"), "NXDOMAIN", "dns.rcode");
	is_str(facts_evidence(f, "dns.rcode"), "NXDOMAIN from 127.0.0.1#5353 for nope.test", "its evidence");
	is_str(facts_get(f, "dns.domain_exists"), "false", "dns.domain_exists");
	is_str(facts_get(f, "dns.cloudflare"), NULL, "no dns.cloudflare when unknown");
	ok(facts_by(f, "dns.rcode") == ANSWER_BY_PROBE, "by the probe");
	facts_free(f);
	dns_info_free(&d);

	d = answer("x.test", DNS_RC_NOERROR, NULL);
	strlist_add(&d.cname, "y.test");
	strlist_add(&d.cname, "x.test");
	d.cname_loop = true;
	char *t = dns_answer_text(&d);
	is_str(t, "NOERROR from 127.0.0.1#5353 for x.test, an alias of y.test -> x.test, but the aliases loop",
	       "a CNAME loop in words");
	free(t);
	dns_info_free(&d);
	d = answer("x.test", DNS_RC_TIMEOUT, NULL);
	t = dns_answer_text(&d);
	is_str(t, "no answer from 127.0.0.1#5353 for x.test in time (TIMEOUT)", "a timeout in words");
	free(t);
	dns_info_free(&d);
	d = answer("x.test", DNS_RC_SERVFAIL, NULL);
	d.cd_resolves = 1;
	d.cd_rcode = xstrdup("NOERROR");
	f = facts_new();
	facts_add_dns(f, &d, -1);
	is_str(facts_get(f, "dns.cd_resolves"), "true", "dns.cd_resolves");
	is_str(facts_evidence(f, "dns.cd_resolves"),
	       "with checking disabled (CD): NOERROR from 127.0.0.1#5353 for x.test, with an address", "its evidence");
	facts_free(f);
	dns_info_free(&d);

	d = answer("cf.test", DNS_RC_NOERROR, "104.16.1.1", "104.16.2.2", NULL);
	f = facts_new();
	facts_add_dns(f, &d, 1);
	is_str(facts_get(f, "dns.cloudflare"), "true", "dns.cloudflare");
	is_str(facts_evidence(f, "dns.cloudflare"), "104.16.1.1, 104.16.2.2 are in Cloudflare's published ranges",
	       "its evidence");
	facts_free(f);
	dns_info_free(&d);
	d = (struct dns_info){0};
	f = facts_new();
	facts_add_dns(f, &d, -1);
	is_str(facts_get(f, "dns.rcode"), NULL, "no lookup, no DNS fact");
	facts_free(f);
}

static void test_tls(void)
{
	struct tls_info t = {0};
	t.attempted = t.seen = true;
	t.checked_at = 1764547200;           /* 2025-12-01T00:00:00Z */
	t.not_before = 1577836800;           /* 2020-01-01 */
	t.not_after = 1577923200;            /* 2020-01-02 */
	t.verify_code = 10;
	t.verify_text = xstrdup("certificate has expired");
	t.verify_error = TLS_VERIFY_EXPIRED;
	t.subject = xstrdup("CN=a.example");
	char *iso = iso8601_utc(t.not_after);
	is_str(iso, "2020-01-02T00:00:00Z", "ISO 8601, UTC");
	free(iso);
	is_int(tls_days_left(&t), -2160, "days left: negative once expired");
	char *ev = facts_tls_evidence(&t);
	is_str(ev, "notAfter 2020-01-02 (expired 2160 days ago); verify error 10 (certificate has expired)",
	       "the evidence of an expired certificate");
	free(ev);
	t.not_after = t.checked_at + 3600;
	is_int(tls_days_left(&t), 0, "an hour left: 0 days");
	t.not_after = t.checked_at - 3600;
	is_int(tls_days_left(&t), -1, "an hour ago: -1 day");

	struct response r;
	response_init(&r);
	r.transport = TRANSPORT_TLS;
	r.tls.attempted = true;
	struct facts *f = facts_new();
	facts_add_tls(f, &r);
	is_str(facts_get(f, "tls.verify_error"), "no_certificate", "a handshake that failed before a certificate");
	facts_free(f);
	response_free(&r);
	response_init(&r);
	f = facts_new();
	facts_add_tls(f, &r);
	is_str(facts_get(f, "tls.verify_error"), NULL, "plain http: no TLS fact");
	facts_free(f);
	response_free(&r);

	/* Five days left on a good certificate: the reports name it. */
	struct tls_info s = {0};
	s.attempted = s.seen = s.verified = true;
	s.checked_at = 1764547200;
	s.not_after = s.checked_at + 5 * 86400 + 60;
	char *w = report_tls_warning(&s);
	is_str(w, "the certificate expires in 5 days (2025-12-06): renew it now", "the warning");
	free(w);
	s.not_after = s.checked_at + 15 * 86400 + 60;
	w = report_tls_warning(&s);
	is_str(w, NULL, "fifteen days: no warning");
	free(w);
	char *v = report_tls_short(&s);
	is_str(v, "verified, 15 days left", "in a few words");
	free(v);
	tls_info_free(&t);
}

static void test_url_address(void)
{
	ok(probe_url_is_address("http://127.0.0.1:8080/x"), "an IPv4 URL is an address");
	ok(probe_url_is_address("https://[::1]:8443/"), "an IPv6 URL is an address");
	ok(probe_url_is_address("http://user:pw@10.0.0.1/"), "user information does not hide the address");
	ok(!probe_url_is_address("http://127.0.0.1.example/"), "a name that starts like an address is a name");
	ok(!probe_url_is_address("https://example.com/path?ip=1.2.3.4"), "an address in the query is no host");
	ok(!probe_url_is_address("http://localhost:80/"), "localhost is a name");
	char *host;
	long port;
	probe_url_host_port("https://[2001:db8::1]/", &host, &port);
	is_str(host, "2001:db8::1", "the host of an IPv6 URL, without brackets");
	is_int(port, 443, "https's port");
	free(host);
	probe_url_host_port("http://Example.COM:8080/", &host, &port);
	is_str(host, "Example.COM", "a host name as written");
	is_int(port, 8080, "the URL's port");
	free(host);
}

int main(void)
{
	test_url_address();
	test_loops();
	test_dns();
	test_tls();
	return tap_done();
}
