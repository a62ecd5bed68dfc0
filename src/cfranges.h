/* cfranges.h: Cloudflare's published IP ranges, shipped as data in the KB
 * directory (cloudflare-ips.txt: one CIDR a line, '#' comments, a
 * "# date: YYYY-MM-DD" line), and the rules rendered from them. */
#ifndef HTTPDOC_CFRANGES_H
#define HTTPDOC_CFRANGES_H

#include <stdbool.h>
#include <stddef.h>

struct cf_range {
	int family;                 /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int prefix;
	char *text;                 /* "173.245.48.0/20" */
};

struct cf_ranges {
	struct cf_range *v;
	size_t n;
	char *date;                 /* "2024-09-01", or NULL */
};

/* Load DIR/cloudflare-ips.txt. Returns 0, or -1 with *err ("file:line: ...", caller frees). */
int cfranges_load(const char *dir, struct cf_ranges *out, char **err);
/* Parse the text of such a file (for tests); name is used in errors. */
int cfranges_parse(const char *text, const char *name, struct cf_ranges *out, char **err);
void cfranges_free(struct cf_ranges *r);

/* Is this address (IPv4 or IPv6 text, brackets and a :port allowed) one of Cloudflare's?
 * Returns 1 yes, 0 no, -1 not an address (a host name). */
int cfranges_contains(const struct cf_ranges *r, const char *address);

/* Replace every "{{cloudflare-ranges FORMAT}}" line in text with rules for
 * each range. FORMAT: nginx-allow, nginx-real-ip, apache-require, apache-remoteip,
 * iptables, nftables, ufw, list. Unknown formats are left as they are.
 * Returns a new string. */
char *cfranges_expand(const struct cf_ranges *r, const char *text);

#endif
