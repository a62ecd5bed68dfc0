/* unit-cfranges.c: Cloudflare's ranges: parsing, matching, rendering. Loopback and
 * documentation addresses only: nothing here connects anywhere. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cfranges.h"
#include "tap.h"

int main(void)
{
	struct cf_ranges r;
	char *err = NULL;
	const char *kbdir = getenv("HTTPDOC_KB_DIR");

	ok(cfranges_load(kbdir ? kbdir : "kb", &r, &err) == 0, "the shipped ranges load (%s)", err ? err : "ok");
	ok(r.n >= 20, "the shipped file has IPv4 and IPv6 ranges (%zu)", r.n);
	ok(r.date && strlen(r.date) == 10, "the shipped file is dated (%s)", r.date ? r.date : "none");

	is_int(cfranges_contains(&r, "104.16.132.229"), 1, "an address in 104.16.0.0/13 is Cloudflare's");
	is_int(cfranges_contains(&r, "104.16.132.229:443"), 1, "an address with a port is matched");
	is_int(cfranges_contains(&r, "172.71.255.255"), 1, "the last address of 172.64.0.0/13 is Cloudflare's");
	is_int(cfranges_contains(&r, "172.72.0.0"), 0, "the first address after 172.64.0.0/13 is not");
	is_int(cfranges_contains(&r, "2606:4700:3033::6815:3e3"), 1, "an IPv6 address in 2606:4700::/32 is Cloudflare's");
	is_int(cfranges_contains(&r, "[2a06:98c7:ffff::1]:8443"), 1, "a bracketed IPv6 address with a port in 2a06:98c0::/29");
	is_int(cfranges_contains(&r, "2a06:98c8::1"), 0, "just past 2a06:98c0::/29 is not");
	is_int(cfranges_contains(&r, "127.0.0.1"), 0, "loopback is not Cloudflare's");
	is_int(cfranges_contains(&r, "192.0.2.10"), 0, "a documentation address is not Cloudflare's");
	is_int(cfranges_contains(&r, "::1"), 0, "IPv6 loopback is not Cloudflare's");
	is_int(cfranges_contains(&r, "origin.example.com"), -1, "a host name is not an address");
	is_int(cfranges_contains(&r, ""), -1, "an empty string is not an address");

	char *out = cfranges_expand(&r, "server {\n    {{cloudflare-ranges nginx-allow}}\n}\n");
	ok(strstr(out, "    allow 173.245.48.0/20;\n") != NULL, "nginx allow rules keep the snippet's indentation");
	ok(strstr(out, "    allow 2606:4700::/32;\n") != NULL, "nginx allow rules cover IPv6");
	ok(strstr(out, "    deny all;\n}\n") != NULL, "nginx allow rules end with deny all");
	free(out);
	out = cfranges_expand(&r, "{{cloudflare-ranges nginx-real-ip}}\n");
	ok(strstr(out, "set_real_ip_from 162.158.0.0/15;\n") && strstr(out, "real_ip_header CF-Connecting-IP;"),
	   "nginx real_ip settings name every range and the header");
	free(out);
	out = cfranges_expand(&r, "{{cloudflare-ranges iptables}}\n");
	ok(strstr(out, "ip6tables -I INPUT -p tcp -m multiport --dports 80,443 -s 2400:cb00::/32 -j ACCEPT") != NULL,
	   "iptables rules use ip6tables for IPv6 ranges");
	free(out);
	out = cfranges_expand(&r, "{{cloudflare-ranges apache-require}}\n{{cloudflare-ranges apache-remoteip}}\n{{cloudflare-ranges ufw}}\n{{cloudflare-ranges nftables}}\n");
	ok(strstr(out, "Require ip 131.0.72.0/22") && strstr(out, "RemoteIPTrustedProxy 131.0.72.0/22") &&
	   strstr(out, "ufw allow proto tcp from 131.0.72.0/22 to any port 80,443") &&
	   strstr(out, "ip saddr @cf4 accept"), "Apache, mod_remoteip, ufw and nftables forms render");
	free(out);
	out = cfranges_expand(&r, "keep {{cloudflare-ranges bogus}} as is\n");
	is_str(out, "keep {{cloudflare-ranges bogus}} as is\n", "an unknown format is left as it is");
	free(out);
	cfranges_free(&r);

	ok(cfranges_parse("# date: 2026-01-01\n10.0.0.0/33\n", "t.txt", &r, &err) == -1 && err &&
	   strstr(err, "t.txt:2:"), "a bad prefix length is refused with file:line (%s)", err ? err : "");
	free(err);
	err = NULL;
	ok(cfranges_parse("# only comments\n", "t.txt", &r, &err) == -1, "a file without ranges is refused");
	free(err);
	return tap_done();
}
