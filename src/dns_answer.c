/* dns_answer.c: a DNS reply as c-ares hands it over, read: the response
 * code, the records of the answer section (names expanded by c-ares's
 * ares_expand_name, compression and all), the CNAME chain from the name
 * asked (bounded, loops detected) and the addresses or name servers of the
 * name it ends at. Every length is checked against the message. */
#include <config.h>
#include "dns_int.h"

#include <arpa/inet.h>
#include <ares.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The name at p (inside the message abuf..abuf+alen) into *out (caller
 * frees with ares_free_string) and its encoded length; false when broken. */
static bool read_name(const unsigned char *p, const unsigned char *abuf, int alen, char **out, long *enclen)
{
	*out = NULL;
	if (ares_expand_name(p, abuf, alen, out, enclen) != ARES_SUCCESS) {
		*out = NULL;
		return false;
	}
	if (strlen(*out) > DNS_NAME_MAX) {
		ares_free_string(*out);
		*out = NULL;
		return false;
	}
	return true;
}

static enum dns_rcode rcode_of(unsigned code, char **text)
{
	static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};
	*text = NULL;
	switch (code) {
	case 0: return DNS_RC_NOERROR;
	case 2: return DNS_RC_SERVFAIL;
	case 3: return DNS_RC_NXDOMAIN;
	case 5: return DNS_RC_REFUSED;
	default:
		/* Folded into SERVFAIL (the server gave no usable answer); the
		 * exact code is kept for the evidence. */
		*text = code < sizeof names / sizeof *names ? xstrdup(names[code]) : xasprintf("RCODE%u", code);
		return DNS_RC_SERVFAIL;
	}
}

struct rr {
	char *owner;
	unsigned type;
	const unsigned char *rdata;
	unsigned rdlen;
};

/* The records of the answer section, each owner expanded; false when the
 * message is malformed. *n records into *out (free with free_rrs). */
static bool read_answers(const unsigned char *abuf, int alen, struct rr **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (alen < 12)
		return false;
	unsigned qd = get16(abuf + 4), an = get16(abuf + 6);
	const unsigned char *p = abuf + 12, *end = abuf + alen;
	for (unsigned i = 0; i < qd; i++) {
		char *name = NULL;
		long len;
		if (!read_name(p, abuf, alen, &name, &len))
			return false;
		ares_free_string(name);
		if (end - p < len + 4)
			return false;
		p += len + 4;
	}
	/* Each record takes at least 11 bytes: the count cannot outgrow the message. */
	struct rr *v = xcalloc(an ? an : 1, sizeof *v);
	size_t k = 0;
	bool good = true;
	for (unsigned i = 0; i < an; i++) {
		char *name = NULL;
		long len;
		if (!read_name(p, abuf, alen, &name, &len) || end - p < len + 10) {
			if (name)
				ares_free_string(name);
			good = false;
			break;
		}
		p += len;
		unsigned type = get16(p), rdlen = get16(p + 8);
		p += 10;
		if (end - p < (long)rdlen) {
			ares_free_string(name);
			good = false;
			break;
		}
		v[k++] = (struct rr){name, type, p, rdlen};
		p += rdlen;
	}
	*out = v;
	*n = k;
	return good;
}

static void free_rrs(struct rr *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ares_free_string(v[i].owner);
	free(v);
}

/* The CNAME chain from qname and the addresses (type want) of the name it
 * ends at; NS targets instead when want is NS. */
static void read_chain(const unsigned char *abuf, int alen, const struct rr *v, size_t n, const char *qname,
		       unsigned want, struct strlist *chain, struct strlist *found, bool *loop)
{
	char *cur = xstrdup(qname);
	for (int hop = 0; hop < DNS_CHAIN_MAX; hop++) {
		const struct rr *c = NULL;
		for (size_t i = 0; i < n && !c; i++)
			if (v[i].type == 5 && strcasecmp(v[i].owner, cur) == 0)
				c = &v[i];
		char *target;
		long len;
		if (!c || !read_name(c->rdata, abuf, alen, &target, &len))
			break;
		bool seen = strcasecmp(target, qname) == 0;
		for (size_t i = 0; i < chain->n && !seen; i++)
			seen = strcasecmp(chain->v[i], target) == 0;
		strlist_add(chain, target);
		free(cur);
		cur = xstrdup(target);
		ares_free_string(target);
		if (seen) {
			*loop = true;
			break;
		}
		if (hop == DNS_CHAIN_MAX - 1)
			*loop = true;   /* longer than any sane chain: treated as a loop */
	}
	for (size_t i = 0; i < n && found->n < DNS_ADDRS_MAX; i++) {
		const struct rr *a = &v[i];
		if (a->type != want || strcasecmp(a->owner, cur) != 0)
			continue;
		char text[INET6_ADDRSTRLEN];
		if (want == 1 && a->rdlen == 4 && inet_ntop(AF_INET, a->rdata, text, sizeof text)) {
			strlist_add(found, text);
		} else if (want == 28 && a->rdlen == 16 && inet_ntop(AF_INET6, a->rdata, text, sizeof text)) {
			strlist_add(found, text);
		} else if (want == 2) {
			char *ns;
			long len;
			if (read_name(a->rdata, abuf, alen, &ns, &len)) {
				strlist_add(found, ns);
				ares_free_string(ns);
			}
		}
	}
	free(cur);
}

/* The code c-ares gives when no answer came at all. */
static enum dns_rcode rcode_of_status(int status, char **text)
{
	*text = NULL;
	switch (status) {
	case ARES_ETIMEOUT: return DNS_RC_TIMEOUT;
	case ARES_ECONNREFUSED: return DNS_RC_NO_SERVER;
	case ARES_ESERVFAIL: return DNS_RC_SERVFAIL;
	case ARES_ENOTFOUND: return DNS_RC_NXDOMAIN;
	case ARES_EREFUSED: return DNS_RC_REFUSED;
	default:
		*text = xstrdup(ares_strerror(status));
		return DNS_RC_SERVFAIL;
	}
}

void dns_reply_read(int status, const unsigned char *abuf, int alen, const char *qname, unsigned want,
		    struct dns_reply *out)
{
	*out = (struct dns_reply){0};
	if (status != ARES_SUCCESS || !abuf) {
		out->rcode = rcode_of_status(status, &out->rcode_text);
		return;
	}
	struct rr *v;
	size_t n;
	if (!read_answers(abuf, alen, &v, &n)) {
		out->rcode = DNS_RC_SERVFAIL;
		out->rcode_text = xstrdup("malformed answer");
	} else {
		out->rcode = rcode_of(abuf[3] & 0x0f, &out->rcode_text);
		read_chain(abuf, alen, v, n, qname, want, &out->chain, &out->found, &out->loop);
		if (out->rcode == DNS_RC_NOERROR && out->found.n == 0 && want != 2 && (abuf[2] & 0x02))
			out->rcode_text = xstrdup("truncated answer");
	}
	free_rrs(v, n);
}

void dns_reply_free(struct dns_reply *r)
{
	free(r->rcode_text);
	strlist_free(&r->chain);
	strlist_free(&r->found);
	*r = (struct dns_reply){0};
}
