/* test-server-hostile.c: responses that break HTTP's rules, for tests/hostile.sh.
 *
 * Every response is written raw (the test server's write_raw(), plain HTTP
 * only) through the writer the caller passes, so this file never touches a
 * socket or libmicrohttpd; after it returns the caller closes the connection,
 * which ends any body sent without a length. */
#include <config.h>

#include "test-server.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_BROTLIENC
#include <brotli/encode.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#define HUGE_HEADER (1024u * 1024)        /* one header value of 1 MiB */
#define MANY_HEADERS 10000u               /* header lines in one response */
#define BOMB_ZEROS (256u * 1024 * 1024)   /* what a br or zstd bomb inflates to */
#define BOMB_STEP (1024u * 1024)          /* zeros fed to the encoder at a time */

struct out {
	hostile_writer writer;
	void *ctx;
};

static void put(const struct out *o, const void *buf, size_t len)
{
	o->writer(o->ctx, buf, len);
}

static void puts_out(const struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* The end of a head already begun (Content-Length, Connection: close, the
 * blank line), then the body. */
static void end_with_body(const struct out *o, const void *body, size_t len)
{
	char tail[96];

	snprintf(tail, sizeof tail, "Content-Length: %zu\r\nConnection: close\r\n\r\n", len);
	puts_out(o, tail);
	put(o, body, len);
}

/* A whole response: the status line, headers (each ending in CRLF), body. */
static void send_whole(const struct out *o, const char *status_line, const char *headers,
		       const void *body, size_t len)
{
	puts_out(o, status_line);
	puts_out(o, "\r\n");
	puts_out(o, headers);
	end_with_body(o, body, len);
}

static const char page[] =
	"<html><head><title>Hostile test page</title></head>\n"
	"<body><h1>A page from httpdoc's hostile test server</h1></body></html>\n";

/* ------------------------------------------------------------ oversized heads */

/* One header line whose value is HUGE_HEADER bytes. */
static void huge_header(const struct out *o)
{
	char *value = malloc(HUGE_HEADER);

	if (!value)
		return;
	memset(value, 'A', HUGE_HEADER);
	puts_out(o, "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\nX-Huge: ");
	put(o, value, HUGE_HEADER);
	free(value);
	puts_out(o, "\r\n");
	end_with_body(o, page, sizeof page - 1);
}

/* MANY_HEADERS short header lines (about 200 KiB in all). */
static void many_headers(const struct out *o)
{
	char line[64];

	puts_out(o, "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\n");
	for (unsigned i = 0; i < MANY_HEADERS; i++) {
		snprintf(line, sizeof line, "X-Filler-%05u: %u\r\n", i, i);
		puts_out(o, line);
	}
	end_with_body(o, page, sizeof page - 1);
}

/* ------------------------------------------------------------ cut short */

/* A status line and a header and a half, then the connection closes. */
static void close_mid_headers(const struct out *o)
{
	puts_out(o, "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/ht");
}

/* Content-Length says 100000; 100 bytes come, then the connection closes. */
static void close_mid_body(const struct out *o)
{
	char body[100];

	memset(body, 'x', sizeof body);
	memcpy(body, "<html><body>", 12);
	puts_out(o, "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\n"
		    "Content-Length: 100000\r\n\r\n");
	put(o, body, sizeof body);
}

/* HTTP/1.0 with no Content-Length: the body runs until the close. */
static void http10_until_close(const struct out *o)
{
	puts_out(o, "HTTP/1.0 200 OK\r\nServer: Apache\r\nContent-Type: text/html\r\n\r\n");
	for (int i = 0; i < 1000; i++)
		put(o, page, sizeof page - 1);
}

/* ------------------------------------------------------------ bad status lines */

static void status_line(const struct out *o, const char *line)
{
	send_whole(o, line, "Server: nginx\r\nContent-Type: text/html\r\n", page, sizeof page - 1);
}

/* ------------------------------------------------------------ bad bytes */

static void nul_header(const struct out *o)
{
	static const char nul[] = "X-Nul: before\0after\r\n";

	puts_out(o, "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\n");
	put(o, nul, sizeof nul - 1);
	end_with_body(o, page, sizeof page - 1);
}

static void nul_body(const struct out *o)
{
	static const char body[] =
		"<html><head><title>Nul\0in the title</title></head>\n"
		"<body><h1>403 Forbidden</h1>\0\0\0<p>after the NULs</p>"
		"<hr><center>nginx</center></body></html>\n";

	send_whole(o, "HTTP/1.1 403 Forbidden", "Content-Type: text/html\r\n", body, sizeof body - 1);
}

static void bad_utf8(const struct out *o)
{
	static const char body[] =
		"<html><head><meta charset=\"utf-8\">"
		"<title>Bad \xff\xfe title \xc3( \xe2\x82 \xed\xa0\x80 \xc0\xaf end</title></head>\n"
		"<body><h1>Bad \xf8\x88\x80\x80\x80 UTF-8 \xc2</h1></body></html>\n";

	send_whole(o, "HTTP/1.1 200 OK", "Server: nginx\r\nContent-Type: text/html; charset=utf-8\r\n",
		   body, sizeof body - 1);
}

/* ------------------------------------------------------------ bombs */

struct blob {
	unsigned char *p;
	size_t len, cap;
};

static void blob_add(struct blob *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		if (!(b->p = realloc(b->p, b->cap))) {
			fputs("test-server: out of memory\n", stderr);
			abort();
		}
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static struct blob br_bomb, zstd_bomb;
static pthread_once_t br_once = PTHREAD_ONCE_INIT, zstd_once = PTHREAD_ONCE_INIT;

/* BOMB_ZEROS zeros through the brotli encoder at quality 1, BOMB_STEP at a
 * time: a few hundred KiB, built on first use so other tests don't pay. */
static void br_bomb_build(void)
{
#ifdef HAVE_BROTLIENC
	BrotliEncoderState *s = BrotliEncoderCreateInstance(NULL, NULL, NULL);
	unsigned char *zeros = calloc(1, BOMB_STEP), tmp[65536];

	if (!s || !zeros)
		goto out;
	BrotliEncoderSetParameter(s, BROTLI_PARAM_QUALITY, 1);
	for (size_t done = 0; done < BOMB_ZEROS; done += BOMB_STEP) {
		bool last = done + BOMB_STEP >= BOMB_ZEROS;
		const uint8_t *in = zeros;
		size_t avail_in = BOMB_STEP;

		while (avail_in || BrotliEncoderHasMoreOutput(s) ||
		       (last && !BrotliEncoderIsFinished(s))) {
			uint8_t *next = tmp;
			size_t avail_out = sizeof tmp;

			if (!BrotliEncoderCompressStream(s, last ? BROTLI_OPERATION_FINISH
								 : BROTLI_OPERATION_PROCESS,
							 &avail_in, &in, &avail_out, &next, NULL)) {
				free(br_bomb.p);
				br_bomb.p = NULL;
				goto out;
			}
			blob_add(&br_bomb, tmp, sizeof tmp - avail_out);
		}
	}
out:
	if (s)
		BrotliEncoderDestroyInstance(s);
	free(zeros);
#endif
}

/* The same with zstd at level 1: one frame of BOMB_ZEROS zeros. */
static void zstd_bomb_build(void)
{
#ifdef HAVE_ZSTD
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	unsigned char *zeros = calloc(1, BOMB_STEP), tmp[65536];

	if (!cc || !zeros)
		goto out;
	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 1);
	for (size_t done = 0; done < BOMB_ZEROS; done += BOMB_STEP) {
		bool last = done + BOMB_STEP >= BOMB_ZEROS;
		ZSTD_inBuffer in = { zeros, BOMB_STEP, 0 };
		size_t left;

		do {
			ZSTD_outBuffer o = { tmp, sizeof tmp, 0 };

			left = ZSTD_compressStream2(cc, &o, &in, last ? ZSTD_e_end : ZSTD_e_continue);
			if (ZSTD_isError(left)) {
				free(zstd_bomb.p);
				zstd_bomb.p = NULL;
				goto out;
			}
			blob_add(&zstd_bomb, tmp, o.pos);
		} while (last ? left != 0 : in.pos < in.size);
	}
out:
	ZSTD_freeCCtx(cc);
	free(zeros);
#endif
}

static void send_bomb(const struct out *o, const char *coding, const struct blob *b)
{
	char head[128];

	if (!b->p) {
		send_whole(o, "HTTP/1.1 501 Not Implemented", "Content-Type: text/plain\r\n",
			   "coding not built in\n", 20);
		return;
	}
	snprintf(head, sizeof head, "Content-Type: text/html\r\nContent-Encoding: %s\r\n", coding);
	send_whole(o, "HTTP/1.1 200 OK", head, b->p, b->len);
}

/* ------------------------------------------------------------ dispatch */

int hostile_send(const char *name, hostile_writer writer, void *ctx)
{
	const struct out o = { writer, ctx };

	if (strcmp(name, "huge-header") == 0)
		huge_header(&o);
	else if (strcmp(name, "many-headers") == 0)
		many_headers(&o);
	else if (strcmp(name, "close-mid-headers") == 0)
		close_mid_headers(&o);
	else if (strcmp(name, "close-mid-body") == 0)
		close_mid_body(&o);
	else if (strcmp(name, "http10") == 0)
		http10_until_close(&o);
	else if (strcmp(name, "status-no-code") == 0)
		status_line(&o, "HTTP/1.1 OK");
	else if (strcmp(name, "status-garbage") == 0)
		status_line(&o, "FOO 200 BAR");
	else if (strcmp(name, "status-000") == 0)
		status_line(&o, "HTTP/1.1 000 Zero");
	else if (strcmp(name, "status-999") == 0)
		status_line(&o, "HTTP/1.1 999 Nines");
	else if (strcmp(name, "nul-header") == 0)
		nul_header(&o);
	else if (strcmp(name, "nul-body") == 0)
		nul_body(&o);
	else if (strcmp(name, "bad-utf8") == 0)
		bad_utf8(&o);
	else if (strcmp(name, "br-bomb") == 0)
		send_bomb(&o, "br", (pthread_once(&br_once, br_bomb_build), &br_bomb));
	else if (strcmp(name, "zstd-bomb") == 0)
		send_bomb(&o, "zstd", (pthread_once(&zstd_once, zstd_bomb_build), &zstd_bomb));
	else
		return -1;
	return 0;
}

void hostile_free(void)
{
	free(br_bomb.p);
	free(zstd_bomb.p);
}
