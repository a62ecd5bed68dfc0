/* dns_int.h: private to dns.c and dns_answer.c: one reply read. */
#ifndef HTTPDOC_DNS_INT_H
#define HTTPDOC_DNS_INT_H

#include <stdbool.h>

#include "netinfo.h"
#include "util.h"

#define DNS_CHAIN_MAX 16        /* CNAME hops followed */
#define DNS_ADDRS_MAX 32        /* addresses kept per question */
#define DNS_NAME_MAX 1024       /* an expanded name longer than this is refused */

/* What one reply says for a question about qname. */
struct dns_reply {
	enum dns_rcode rcode;
	char *rcode_text;       /* the exact code or problem when rcode folds it, or NULL */
	struct strlist chain;   /* the CNAME chain from qname */
	struct strlist found;   /* the addresses (A, AAAA) or name servers (NS) of where it ends */
	bool loop;              /* the chain came back on itself, or went on too long */
};

/* Read the reply c-ares handed over (status, abuf of alen bytes, which may
 * be NULL when status says no answer came) to a question of type want (1 A,
 * 28 AAAA, 2 NS) about qname. Free out with dns_reply_free. */
void dns_reply_read(int status, const unsigned char *abuf, int alen, const char *qname, unsigned want,
		    struct dns_reply *out);
void dns_reply_free(struct dns_reply *r);

#endif
