/* cfranges.c: Cloudflare's IP ranges: loading, matching, rendering rules. */
#include <config.h>
#include "cfranges.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util.h"

static int parse_cidr(const char *s, struct cf_range *r)
{
	char tmp[64];
	const char *slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof tmp)
		return -1;
	memcpy(tmp, s, (size_t)(slash - s));
	tmp[slash - s] = '\0';
	char *end;
	errno = 0;
	long prefix = strtol(slash + 1, &end, 10);
	if (errno || *end || end == slash + 1)
		return -1;
	memset(r->addr, 0, sizeof r->addr);
	if (inet_pton(AF_INET, tmp, r->addr) == 1) {
		r->family = AF_INET;
		if (prefix < 0 || prefix > 32)
			return -1;
	} else if (inet_pton(AF_INET6, tmp, r->addr) == 1) {
		r->family = AF_INET6;
		if (prefix < 0 || prefix > 128)
			return -1;
	} else {
		return -1;
	}
	r->prefix = (int)prefix;
	r->text = xstrdup(s);
	return 0;
}

int cfranges_parse(const char *text, const char *name, struct cf_ranges *out, char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	char *copy = xstrdup(text), *save = NULL;
	int line = 0;
	for (char *l = copy; l; l = save) {
		save = strchr(l, '\n');
		if (save)
			*save++ = '\0';
		line++;
		str_collapse_space(l);
		if (!*l)
			continue;
		if (l[0] == '#') {
			if (strncmp(l, "# date:", 7) == 0 && !out->date)
				out->date = xstrdup(l + 7 + (l[7] == ' '));
			continue;
		}
		struct cf_range r;
		if (parse_cidr(l, &r) != 0) {
			char *safe = term_safe(l, strlen(l) > 60 ? 60 : strlen(l), false);
			*err = xasprintf("%s:%d: '%s' is not an address range like 192.0.2.0/24", name, line, safe);
			free(safe);
			free(copy);
			cfranges_free(out);
			return -1;
		}
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		out->v[out->n++] = r;
	}
	free(copy);
	if (out->n == 0) {
		*err = xasprintf("%s: no address ranges", name);
		cfranges_free(out);
		return -1;
	}
	return 0;
}

int cfranges_load(const char *dir, struct cf_ranges *out, char **err)
{
	char *path = xasprintf("%s/cloudflare-ips.txt", dir), *text;
	size_t len;
	/* A read that fails midway parses as the empty file it then is. */
	enum file_read got = file_read(path, 1 << 20, &text, &len);
	if (got == FILE_READ_OPEN) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		memset(out, 0, sizeof *out);
		return -1;
	}
	int rc = cfranges_parse(text ? text : "", path, out, err);
	free(text);
	free(path);
	return rc;
}

void cfranges_free(struct cf_ranges *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	free(r->date);
	memset(r, 0, sizeof *r);
}

/* "[2606:4700::1]:443" -> "2606:4700::1"; "192.0.2.1:80" -> "192.0.2.1". */
static bool bare_address(const char *in, char *out, size_t cap)
{
	const char *s = in, *e = in + strlen(in);
	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close)
			return false;
		s++;
		e = close;
	} else if (strchr(s, ':') == strrchr(s, ':') && strchr(s, ':')) {
		e = strchr(s, ':');   /* one colon: IPv4 with a port */
	}
	if ((size_t)(e - s) >= cap)
		return false;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return true;
}

static bool in_range(const struct cf_range *r, const unsigned char *a)
{
	int full = r->prefix / 8, rest = r->prefix % 8;
	if (memcmp(r->addr, a, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xFF << (8 - rest));
	return (r->addr[full] & mask) == (a[full] & mask);
}

int cfranges_contains(const struct cf_ranges *r, const char *address)
{
	char bare[64];
	unsigned char a[16] = {0};
	int family;
	if (!address || !bare_address(address, bare, sizeof bare))
		return -1;
	if (inet_pton(AF_INET, bare, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, bare, a) == 1)
		family = AF_INET6;
	else
		return -1;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].family == family && in_range(&r->v[i], a))
			return 1;
	return 0;
}

static void render(const struct cf_ranges *r, const char *format, const char *indent, struct buf *b)
{
	bool nft = strcmp(format, "nftables") == 0;
	if (r->date)
		buf_printf(b, "%s# Cloudflare's ranges as published on %s: compare with the current lists\n",
			   indent, r->date);
	if (nft) {
		buf_printf(b, "%stable inet cloudflare {\n%s    set cf4 { type ipv4_addr; flags interval; elements = {", indent, indent);
		int k = 0;
		for (size_t i = 0; i < r->n; i++)
			if (r->v[i].family == AF_INET)
				buf_printf(b, "%s %s", k++ ? "," : "", r->v[i].text);
		buf_printf(b, " } }\n%s    set cf6 { type ipv6_addr; flags interval; elements = {", indent);
		k = 0;
		for (size_t i = 0; i < r->n; i++)
			if (r->v[i].family == AF_INET6)
				buf_printf(b, "%s %s", k++ ? "," : "", r->v[i].text);
		buf_printf(b, " } }\n%s    chain input { type filter hook input priority 0;\n"
			   "%s        tcp dport { 80, 443 } ip saddr @cf4 accept\n"
			   "%s        tcp dport { 80, 443 } ip6 saddr @cf6 accept\n%s    }\n%s}\n",
			   indent, indent, indent, indent, indent);
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		const char *t = r->v[i].text;
		bool v6 = r->v[i].family == AF_INET6;
		if (strcmp(format, "nginx-allow") == 0)
			buf_printf(b, "%sallow %s;\n", indent, t);
		else if (strcmp(format, "nginx-real-ip") == 0)
			buf_printf(b, "%sset_real_ip_from %s;\n", indent, t);
		else if (strcmp(format, "apache-require") == 0)
			buf_printf(b, "%sRequire ip %s\n", indent, t);
		else if (strcmp(format, "apache-remoteip") == 0)
			buf_printf(b, "%sRemoteIPTrustedProxy %s\n", indent, t);
		else if (strcmp(format, "iptables") == 0)
			buf_printf(b, "%s%s -I INPUT -p tcp -m multiport --dports 80,443 -s %s -j ACCEPT\n", indent,
				   v6 ? "ip6tables" : "iptables", t);
		else if (strcmp(format, "ufw") == 0)
			buf_printf(b, "%sufw allow proto tcp from %s to any port 80,443\n", indent, t);
		else
			buf_printf(b, "%s%s\n", indent, t);
	}
	if (strcmp(format, "nginx-allow") == 0)
		buf_printf(b, "%sdeny all;\n", indent);
	else if (strcmp(format, "nginx-real-ip") == 0)
		buf_printf(b, "%sreal_ip_header CF-Connecting-IP;\n", indent);
}

static bool known_format(const char *f)
{
	static const char *const formats[] = {"nginx-allow", "nginx-real-ip", "apache-require", "apache-remoteip",
					      "iptables", "nftables", "ufw", "list", NULL};
	for (size_t i = 0; formats[i]; i++)
		if (strcmp(formats[i], f) == 0)
			return true;
	return false;
}

char *cfranges_expand(const struct cf_ranges *r, const char *text)
{
	struct buf b = {0};
	const char *p = text;
	buf_append(&b, "", 0);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
		const char *open = memmem(p, len, "{{cloudflare-ranges ", 20);
		const char *close = open ? memmem(open, len - (size_t)(open - p), "}}", 2) : NULL;
		char format[32] = "";
		if (open && close && (size_t)(close - open - 20) < sizeof format) {
			memcpy(format, open + 20, (size_t)(close - open - 20));
			format[close - open - 20] = '\0';
		}
		if (r && r->n && known_format(format)) {
			char *indent = xstrndup(p, (size_t)(open - p));
			render(r, format, indent, &b);
			free(indent);
		} else {
			buf_append(&b, p, len);
		}
		p += len;
	}
	return buf_steal(&b);
}
