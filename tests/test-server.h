/* test-server.h: the parts of the test server that do not talk to sockets:
 * fixture parsing and body codings. */
#ifndef HTTPDOC_TEST_SERVER_H
#define HTTPDOC_TEST_SERVER_H

#include <stddef.h>

/* A fixture split in place: the status, the header lines (NUL-terminated,
 * CR stripped, pointing into the text) and the body, left byte for byte. */
struct fixture {
	unsigned status;
	char *lines[64];
	size_t n_lines;
	char *body;
	size_t body_len;
};

/* Split text (len bytes, modified) into fx. Returns 0, or -1 when the text
 * has no status line or no blank line after the headers. */
int fixture_parse(char *text, size_t len, struct fixture *fx);

/* The body coded as "gzip", "deflate" (zlib format, as HTTP means it) or "br"
 * (only when built with libbrotlienc), in a new buffer the caller frees;
 * NULL when the coding is unknown or not built in. */
unsigned char *codec_compress(const char *coding, const char *src, size_t len, size_t *out_len);

/* A gzip stream that inflates to 1 GiB of zeros (about 1 MiB), in a new
 * buffer the caller frees; NULL on failure. */
unsigned char *codec_gzip_bomb(size_t *out_len);

/* The raw responses of /hostile/NAME (test-server-hostile.c). The bytes go
 * out through writer(ctx, buf, len); the caller closes the connection after.
 * Returns 0, or -1 when NAME is not a hostile route. The br and zstd bombs
 * are built on first use (a 501 when the encoder is not built in). */
typedef void (*hostile_writer)(void *ctx, const void *buf, size_t len);
int hostile_send(const char *name, hostile_writer writer, void *ctx);
/* Release the bombs built so far. */
void hostile_free(void);

#endif
