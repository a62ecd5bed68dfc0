/* test-server.c: the loopback HTTP(S) server the end-to-end tests probe.
 *
 *   test-server [--ipv6] [--tls CERT KEY] [--dir DIR] [--corpus DIR]
 *               [--lifetime SECS] [--log FILE]   (FILE: "METHOD PATH USER-AGENT" a line)
 *   test-server --features
 *
 * Binds 127.0.0.1 (or ::1) on a port the kernel picks, prints the port as one
 * line on stdout, and serves until SIGTERM/SIGINT or until the lifetime
 * (default 120 s) is over, so a test that forgets it cannot leave it behind.
 * Routes (any method):
 *   /r/NAME              DIR/NAME.http: status line, headers, blank line, body;
 *                        "X-Fixture-Compress: gzip|deflate|br" compresses the body
 *   /raw/NAME            DIR/NAME.http written to the socket byte for byte
 *   /cgi-sys/NAME.cgi    DIR/cpanel-NAME.http (cPanel's suspendedpage.cgi, defaultwebpage.cgi)
 *   /corpus/FILE         a corpus page; ?status=NNN, ?cf=1 (Cloudflare headers),
 *                        ?server=NAME (a Server header)
 *   /redirect/N          302 to /redirect/N-1 ... /redirect/0 answers 200
 *   /loop                302 to itself          /to?url=URL   302 to URL
 *   /loop/KIND           301 loops, each hop with Cloudflare's headers when ?cf=1:
 *                        www (www.HOST <-> HOST), scheme?http=PORT&https=PORT (to
 *                        the other scheme at its port: a server of each kind), self,
 *                        slash (/loop/slash <-> /loop/slash/), grow/ (adds x/)
 *   /status/NNN          that status, small body
 *   /hang                never answers          /empty        closes, no response
 *   /slow                one body byte a second /endless      chunked body forever
 *   /big?mb=N            N MiB with a Content-Length
 *   /gzip-bomb           ~1 MiB of gzip that inflates to 1 GiB
 *   /flip?state=FILE     502 while FILE is absent, 200 once it exists
 *   /headers/hostile     escape sequences and bad UTF-8 in the reason phrase and
 *                        headers, a 64 KiB header (written raw: plain HTTP only)
 *   /hostile/NAME        raw responses that break the rules (test-server-hostile.c)
 * Exit: 0 after a clean stop, 1 on a start-up failure, 77 when TLS or IPv6 was
 * asked for and is not available (the TAP "skip" status). */
#include <config.h>

#include "test-server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

#define FILE_MAX (8u * 1024 * 1024)       /* largest fixture or corpus file */

static const char *opt_dir = ".";
static const char *opt_corpus;
static bool opt_tls;
static FILE *log_file;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int stopping;
static unsigned char *bomb;
static size_t bomb_len;

/* ------------------------------------------------------------ helpers */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("test-server: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* Sleep ms milliseconds in small steps; false when the server is stopping. */
static bool nap(long ms)
{
	for (; ms > 0; ms -= 50) {
		struct timespec ts = { 0, 50 * 1000000L };

		if (atomic_load(&stopping))
			return false;
		nanosleep(&ts, NULL);
	}
	return !atomic_load(&stopping);
}

/* Whole file into a new buffer (NUL-terminated); NULL when unreadable, not
 * a regular file, or bigger than FILE_MAX. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)FILE_MAX) {
		fclose(f);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A file name from a URL: no slash, no leading dot, nothing odd. */
static bool safe_name(const char *s)
{
	if (!*s || *s == '.' || strlen(s) > 200)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *s))
			return false;
	return true;
}

static const char *arg(struct MHD_Connection *c, const char *key)
{
	return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
}

static MHD_RESULT send_buffer(struct MHD_Connection *c, unsigned status, const char *ctype,
			      const void *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, mode);
	MHD_RESULT ret;

	if (!r)
		return MHD_NO;
	if (ctype)
		MHD_add_response_header(r, "Content-Type", ctype);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static MHD_RESULT send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return send_buffer(c, status, "text/plain", text, strlen(text), MHD_RESPMEM_MUST_COPY);
}

static MHD_RESULT send_redirect(struct MHD_Connection *c, const char *location)
{
	static const char body[] = "<html><body>Moved</body></html>\n";
	struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
								 MHD_RESPMEM_PERSISTENT);
	MHD_RESULT ret;

	if (!r)
		return MHD_NO;
	/* MHD refuses header values with CR or LF: a hostile URL gets a 400. */
	if (MHD_add_response_header(r, "Location", location) != MHD_YES) {
		MHD_destroy_response(r);
		return send_text(c, 400, "bad redirect target\n");
	}
	MHD_add_response_header(r, "Content-Type", "text/html");
	ret = MHD_queue_response(c, 302, r);
	MHD_destroy_response(r);
	return ret;
}

/* Write all of buf to the connection's socket, bypassing MHD (plain HTTP only). */
static void write_raw(struct MHD_Connection *c, const char *buf, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	int fd = ci ? ci->connect_fd : -1;

	while (fd >= 0 && len > 0 && !atomic_load(&stopping)) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd p = { fd, POLLOUT, 0 };

			poll(&p, 1, 100);
		} else {
			break;
		}
	}
}

/* ------------------------------------------------------------ fixtures */

static bool header_is(const char *line, const char *name)
{
	size_t n = strlen(name);

	return strncasecmp(line, name, n) == 0 && line[n] == ':';
}

/* Serve DIR/NAME.http through MHD: its status, its headers (less the framing
 * ones MHD writes itself and the X-Fixture-* directives), its body. */
static MHD_RESULT route_fixture(struct MHD_Connection *c, const char *name)
{
	char path[PATH_MAX], *text;
	unsigned char *packed = NULL;
	struct MHD_Response *r;
	struct fixture fx;
	size_t i, len;
	MHD_RESULT ret;

	if (!safe_name(name))
		return send_text(c, 400, "bad fixture name\n");
	snprintf(path, sizeof path, "%s/%s.http", opt_dir, name);
	if (!(text = read_file(path, &len)))
		return send_text(c, 404, "no such fixture\n");
	if (fixture_parse(text, len, &fx) != 0) {
		free(text);
		return send_text(c, 500, "fixture is not a response\n");
	}
	for (i = 0; i < fx.n_lines; i++) {
		const char *how = fx.lines[i] + strlen("X-Fixture-Compress:");

		if (!header_is(fx.lines[i], "X-Fixture-Compress"))
			continue;
		packed = codec_compress(how + strspn(how, " \t"), fx.body, fx.body_len, &fx.body_len);
		if (!packed) {
			free(text);
			return send_text(c, 501, "fixture coding not built in\n");
		}
	}
	r = MHD_create_response_from_buffer(fx.body_len, packed ? (void *)packed : fx.body,
					    MHD_RESPMEM_MUST_COPY);
	for (i = 0; r && i < fx.n_lines; i++) {
		char *line = fx.lines[i], *colon = strchr(line, ':');

		if (!colon || strncasecmp(line, "X-Fixture-", 10) == 0 ||
		    header_is(line, "Content-Length") || header_is(line, "Transfer-Encoding") ||
		    header_is(line, "Connection"))
			continue;
		*colon = '\0';
		MHD_add_response_header(r, line, colon + 1 + strspn(colon + 1, " \t"));
	}
	ret = r ? MHD_queue_response(c, fx.status, r) : MHD_NO;
	if (r)
		MHD_destroy_response(r);
	free(packed);
	free(text);
	return ret;
}

static MHD_RESULT route_raw(struct MHD_Connection *c, const char *name)
{
	char path[PATH_MAX], *text;
	size_t len;

	if (opt_tls)
		return send_text(c, 501, "raw routes need plain HTTP\n");
	if (!safe_name(name))
		return send_text(c, 400, "bad fixture name\n");
	snprintf(path, sizeof path, "%s/%s.http", opt_dir, name);
	if (!(text = read_file(path, &len)))
		return send_text(c, 404, "no such fixture\n");
	write_raw(c, text, len);
	free(text);
	return MHD_NO;  /* MHD closes the connection: the end of the body */
}

static MHD_RESULT route_corpus(struct MHD_Connection *c, const char *file)
{
	const char *s = arg(c, "status"), *cf = arg(c, "cf"), *server = arg(c, "server");
	const char *ext = strrchr(file, '.'), *ctype = "text/html; charset=UTF-8";
	char path[PATH_MAX], *text;
	struct MHD_Response *r;
	unsigned status = s ? (unsigned)atoi(s) : 200;
	size_t len;
	MHD_RESULT ret;

	if (!opt_corpus)
		return send_text(c, 404, "no corpus given\n");
	if (!safe_name(file) || status < 200 || status > 999)
		return send_text(c, 400, "bad corpus request\n");
	snprintf(path, sizeof path, "%s/%s", opt_corpus, file);
	if (!(text = read_file(path, &len)))
		return send_text(c, 404, "no such corpus file\n");
	if (ext && strcmp(ext, ".txt") == 0)
		ctype = "text/plain; charset=UTF-8";
	else if (ext && strcmp(ext, ".md") == 0)
		ctype = "text/markdown; charset=UTF-8";
	r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", ctype);
	if (cf && strcmp(cf, "1") == 0) {
		MHD_add_response_header(r, "Server", "cloudflare");
		MHD_add_response_header(r, "CF-RAY", "8a1b2c3d4e5f6071-LAX");
		MHD_add_response_header(r, "cf-cache-status", "DYNAMIC");
	} else if (server) {
		MHD_add_response_header(r, "Server", server);
	}
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* ------------------------------------------------------------ streams */

/* One byte a second after a first one that gets the headers out at once. */
static ssize_t read_slow(void *cls, uint64_t pos, char *buf, size_t max)
{
	if (pos > 0 && !nap(1000))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (pos >= 3600)
		return MHD_CONTENT_READER_END_OF_STREAM;
	buf[0] = pos == 0 ? '<' : '.';
	return 1;
}

/* Bytes of an HTML-looking stream; endless when cls is NULL. */
static ssize_t read_filler(void *cls, uint64_t pos, char *buf, size_t max)
{
	static const char unit[] = "<p>httpdoc test body, endless and harmless.</p>\n";
	size_t i, n = max > 65536 ? 65536 : max;

	if (atomic_load(&stopping))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	for (i = 0; i < n; i++)
		buf[i] = unit[(pos + i) % (sizeof unit - 1)];
	return (ssize_t)n;
}

static MHD_RESULT send_stream(struct MHD_Connection *c, uint64_t size,
			      MHD_ContentReaderCallback cb)
{
	struct MHD_Response *r = MHD_create_response_from_callback(size, 64 * 1024, cb, NULL, NULL);
	MHD_RESULT ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/html");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static MHD_RESULT send_bomb(struct MHD_Connection *c)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(bomb_len, bomb,
								 MHD_RESPMEM_PERSISTENT);
	MHD_RESULT ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/html");
	MHD_add_response_header(r, "Content-Encoding", "gzip");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

/* Reason phrase and header values with a screen clear, a title change, a C1
 * CSI, invalid UTF-8, and one 64 KiB header: things a terminal must not get. */
static MHD_RESULT send_hostile(struct MHD_Connection *c)
{
	static const char body[] =
		"<html><head><title>\033[2JHostile\033]0;pwned\a</title></head>\n"
		"<body><h1>403 Forbidden\033[31m</h1><hr><center>nginx</center></body></html>\n";
	size_t cap = 96 * 1024, n;
	char *buf;

	if (opt_tls)
		return send_text(c, 501, "raw routes need plain HTTP\n");
	buf = xmalloc(cap);
	n = (size_t)snprintf(buf, cap,
		"HTTP/1.1 403 Forbidden\033[2J\033]0;pwned\a\r\n"
		"Server: nginx\033[31m\xc2\x9b" "1m\r\n"
		"X-Title: \033]0;owned title\a\r\n"
		"X-Bad-Utf8: \xff\xfe\xc3(\xe2\x82\r\n"
		"Content-Type: text/html\r\n"
		"Content-Length: %zu\r\n"
		"Connection: close\r\n"
		"X-Long: ", sizeof body - 1);
	memset(buf + n, 'A', 64 * 1024);
	n += 64 * 1024;
	n += (size_t)snprintf(buf + n, cap - n, "\r\n\r\n%s", body);
	write_raw(c, buf, n);
	free(buf);
	return MHD_NO;
}

static void raw_writer(void *c, const void *buf, size_t len)
{
	write_raw(c, buf, len);
}

static MHD_RESULT route_hostile(struct MHD_Connection *c, const char *name)
{
	if (opt_tls)
		return send_text(c, 501, "raw routes need plain HTTP\n");
	if (hostile_send(name, raw_writer, c) != 0)
		return send_text(c, 404, "no such hostile route\n");
	return MHD_NO;  /* MHD closes the connection: the end of the body */
}

/* ------------------------------------------------------------ loops */

/* 301 to location; with cf, the headers Cloudflare's edge adds. */
static MHD_RESULT send_moved(struct MHD_Connection *c, const char *location, bool cf)
{
	static const char body[] = "<html><body>Moved</body></html>\n";
	static atomic_uint ray;
	struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
								 MHD_RESPMEM_PERSISTENT);
	char id[40];
	MHD_RESULT ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Location", location);
	MHD_add_response_header(r, "Content-Type", "text/html");
	if (cf) {
		snprintf(id, sizeof id, "8e2f4d1c%08x-LHR", atomic_fetch_add(&ray, 1));
		MHD_add_response_header(r, "Server", "cloudflare");
		MHD_add_response_header(r, "CF-Ray", id);
	}
	ret = MHD_queue_response(c, 301, r);
	MHD_destroy_response(r);
	return ret;
}

/* The Host header cut into its name and its port ("" when none). */
static void host_parts(struct MHD_Connection *c, char *name, size_t ncap, char *port, size_t pcap)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	const char *colon = h ? strrchr(h, ':') : NULL;
	size_t len;

	if (!h)
		h = "localhost";
	if (colon && strchr(colon, ']'))
		colon = NULL;
	len = colon ? (size_t)(colon - h) : strlen(h);
	snprintf(name, ncap, "%.*s", (int)(len < ncap ? len : ncap - 1), h);
	snprintf(port, pcap, "%s", colon ? colon + 1 : "");
}

/* The kinds of redirect loop a site makes (see the header comment). */
static MHD_RESULT route_loop(struct MHD_Connection *c, const char *kind)
{
	char name[256], port[16], where[700];
	const char *cf = arg(c, "cf");
	bool is_cf = cf && strcmp(cf, "1") == 0;

	host_parts(c, name, sizeof name, port, sizeof port);
	if (strcmp(kind, "www") == 0) {
		bool www = strncmp(name, "www.", 4) == 0;

		snprintf(where, sizeof where, "%s://%s%s%s%s/loop/www", opt_tls ? "https" : "http",
			 www ? "" : "www.", www ? name + 4 : name, *port ? ":" : "", port);
		return send_moved(c, where, is_cf);
	}
	if (strcmp(kind, "scheme") == 0) {
		const char *to = arg(c, opt_tls ? "http" : "https"), *other = arg(c, opt_tls ? "https" : "http");
		if (!to || !other || !*to || strspn(to, "0123456789") != strlen(to) ||
		    strspn(other, "0123456789") != strlen(other))
			return send_text(c, 400, "http=PORT&https=PORT needed\n");
		/* The same address but for the scheme (and its port), both ways. */
		snprintf(where, sizeof where, "%s://%s:%s/loop/scheme?http=%s&https=%s%s", opt_tls ? "http" : "https",
			 name, to, opt_tls ? to : other, opt_tls ? other : to, is_cf ? "&cf=1" : "");
		return send_moved(c, where, is_cf);
	}
	if (strcmp(kind, "self") == 0)
		return send_moved(c, is_cf ? "/loop/self?cf=1" : "/loop/self", is_cf);
	if (strcmp(kind, "slash") == 0)
		return send_moved(c, "/loop/slash/", is_cf);
	if (strcmp(kind, "slash/") == 0)
		return send_moved(c, "/loop/slash", is_cf);
	if (strncmp(kind, "grow/", 5) == 0 && strlen(kind) < 400) {
		snprintf(where, sizeof where, "/loop/%sx/", kind);
		return send_moved(c, where, is_cf);
	}
	return send_text(c, 404, "no such loop\n");
}

/* ------------------------------------------------------------ dispatch */

static MHD_RESULT route(struct MHD_Connection *c, const char *url)
{
	char where[64];
	const char *v;

	if (strncmp(url, "/r/", 3) == 0)
		return route_fixture(c, url + 3);
	if (strncmp(url, "/raw/", 5) == 0)
		return route_raw(c, url + 5);
	if (strncmp(url, "/cgi-sys/", 9) == 0 && strlen(url) < 64) {
		/* where cPanel sends a suspended account or an unknown name */
		snprintf(where, sizeof where, "cpanel-%.*s", (int)strcspn(url + 9, "."), url + 9);
		return route_fixture(c, where);
	}
	if (strncmp(url, "/corpus/", 8) == 0)
		return route_corpus(c, url + 8);
	if (strncmp(url, "/redirect/", 10) == 0) {
		long n = strtol(url + 10, NULL, 10);

		if (n <= 0 || n > 1000)
			return send_text(c, 200, "redirects done\n");
		snprintf(where, sizeof where, "/redirect/%ld", n - 1);
		return send_redirect(c, where);
	}
	if (strcmp(url, "/loop") == 0)
		return send_redirect(c, "/loop");
	if (strncmp(url, "/loop/", 6) == 0)
		return route_loop(c, url + 6);
	if (strcmp(url, "/to") == 0)
		return (v = arg(c, "url")) ? send_redirect(c, v) : send_text(c, 400, "no url\n");
	if (strncmp(url, "/status/", 8) == 0) {
		long s = strtol(url + 8, NULL, 10);

		if (s < 200 || s > 999)
			return send_text(c, 400, "status out of range\n");
		snprintf(where, sizeof where, "status %ld from the test server\n", s);
		return send_text(c, (unsigned)s, where);
	}
	if (strcmp(url, "/hang") == 0) {
		while (nap(1000))
			;
		return MHD_NO;
	}
	if (strcmp(url, "/empty") == 0)
		return MHD_NO;
	if (strcmp(url, "/slow") == 0)
		return send_stream(c, MHD_SIZE_UNKNOWN, read_slow);
	if (strcmp(url, "/endless") == 0)
		return send_stream(c, MHD_SIZE_UNKNOWN, read_filler);
	if (strcmp(url, "/big") == 0) {
		long mb = (v = arg(c, "mb")) ? strtol(v, NULL, 10) : 200;

		if (mb < 0 || mb > 4096)
			return send_text(c, 400, "mb out of range\n");
		return send_stream(c, (uint64_t)mb * 1024 * 1024, read_filler);
	}
	if (strcmp(url, "/gzip-bomb") == 0)
		return send_bomb(c);
	if (strcmp(url, "/flip") == 0) {
		if (!(v = arg(c, "state")))
			return send_text(c, 400, "no state file\n");
		return access(v, F_OK) == 0 ? send_text(c, 200, "up\n")
					    : send_text(c, 502, "down\n");
	}
	if (strcmp(url, "/headers/hostile") == 0)
		return send_hostile(c);
	if (strncmp(url, "/hostile/", 9) == 0)
		return route_hostile(c, url + 9);
	return send_text(c, 404, "no such route\n");
}

/* MHD calls this once when the headers are in, then for every piece of the
 * request body, then once more with no data: answer on that last call. */
static MHD_RESULT on_request(void *cls, struct MHD_Connection *c, const char *url,
			     const char *method, const char *version, const char *upload,
			     size_t *upload_size, void **state)
{
	static int seen;

	if (!*state) {
		*state = &seen;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (log_file) {
		const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");

		pthread_mutex_lock(&log_lock);
		fprintf(log_file, "%s %s %s\n", method, url, ua ? ua : "-");
		fflush(log_file);
		pthread_mutex_unlock(&log_lock);
	}
	return route(c, url);
}

/* ------------------------------------------------------------ main */

struct config {
	bool ipv6;
	long lifetime;
	const char *cert_file, *key_file;
};

static void usage(void)
{
	fputs("usage: test-server [--ipv6] [--tls CERT KEY] [--dir DIR] [--corpus DIR]\n"
	      "                   [--lifetime SECS] [--log FILE] | --features\n", stderr);
	exit(1);
}

static void features(void)
{
	printf("gzip deflate%s%s%s\n",
#ifdef HAVE_BROTLIENC
	       " br",
#else
	       "",
#endif
#ifdef HAVE_ZSTD
	       " zstd",
#else
	       "",
#endif
	       MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES ? " tls" : "");
	exit(0);
}

static void parse_args(int argc, char **argv, struct config *cf)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ipv6") == 0) {
			cf->ipv6 = true;
		} else if (strcmp(argv[i], "--features") == 0) {
			features();
		} else if (strcmp(argv[i], "--tls") == 0 && i + 2 < argc) {
			cf->cert_file = argv[++i];
			cf->key_file = argv[++i];
		} else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
			opt_dir = argv[++i];
		} else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) {
			opt_corpus = argv[++i];
		} else if (strcmp(argv[i], "--lifetime") == 0 && i + 1 < argc) {
			cf->lifetime = strtol(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc) {
			if (!(log_file = fopen(argv[++i], "a"))) {
				perror(argv[i]);
				exit(1);
			}
		} else {
			usage();
		}
	}
	if (cf->lifetime <= 0 || cf->lifetime > 3600)
		usage();
}

/* Listen on loopback, on a port the kernel picks. With TLS, cert and key
 * are PEM text; NULL for plain HTTP. */
static struct MHD_Daemon *start(bool ipv6, const char *cert, const char *key)
{
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0) | (cert ? MHD_USE_TLS : 0);
	struct sockaddr_in6 a6;
	struct sockaddr_in a4;

	memset(&a4, 0, sizeof a4);
	a4.sin_family = AF_INET;
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(&a6, 0, sizeof a6);
	a6.sin6_family = AF_INET6;
	a6.sin6_addr = in6addr_loopback;
	/* Without TLS the option list ends before the certificate options. */
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
				MHD_OPTION_SOCK_ADDR,
				ipv6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
				cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
				MHD_OPTION_HTTPS_MEM_KEY, key,
				MHD_OPTION_END);
}

/* Until SIGTERM, SIGINT or SIGHUP, or the end of the lifetime. */
static void wait_for_end(const sigset_t *sigs, long lifetime)
{
	time_t end = time(NULL) + lifetime;

	while (time(NULL) < end) {
		struct timespec ts = { end - time(NULL), 0 };

		if (sigtimedwait(sigs, NULL, &ts) >= 0)
			return;
	}
}

int main(int argc, char **argv)
{
	struct config cf = { false, 120, NULL, NULL };
	const union MHD_DaemonInfo *info;
	char *cert = NULL, *key = NULL;
	struct MHD_Daemon *d;
	sigset_t sigs;
	size_t len;

	parse_args(argc, argv, &cf);
	if (cf.cert_file) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			fputs("test-server: libmicrohttpd was built without TLS\n", stderr);
			return 77;
		}
		cert = read_file(cf.cert_file, &len);
		key = read_file(cf.key_file, &len);
		if (!cert || !key) {
			fprintf(stderr, "test-server: cannot read %s or %s\n", cf.cert_file, cf.key_file);
			return 1;
		}
		opt_tls = true;
	}
	if (!(bomb = codec_gzip_bomb(&bomb_len))) {
		fputs("test-server: cannot build the gzip bomb\n", stderr);
		return 1;
	}

	/* Signals go to sigtimedwait(), never to MHD's threads, which inherit
	 * this mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!(d = start(cf.ipv6, cert, key))) {
		fprintf(stderr, "test-server: cannot listen on %s\n", cf.ipv6 ? "[::1]" : "127.0.0.1");
		return cf.ipv6 ? 77 : 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("%u\n", info ? (unsigned)info->port : 0u);
	fflush(stdout);

	wait_for_end(&sigs, cf.lifetime);
	/* Streams and /hang see the flag within 50 ms; alarm() is the backstop
	 * should a connection thread still hold MHD_stop_daemon up. */
	atomic_store(&stopping, 1);
	alarm(10);
	MHD_stop_daemon(d);
	free(cert);
	free(key);
	free(bomb);
	hostile_free();
	if (log_file)
		fclose(log_file);
	return 0;
}
