/* test-server-codec.c: fixture parsing and body codings for the test server. */
#include <config.h>

#include "test-server.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>
#ifdef HAVE_BROTLIENC
#include <brotli/encode.h>
#endif

#define BOMB_CHUNK (1024u * 1024)
#define BOMB_CHUNKS 1024u                  /* 1 GiB of zeros once inflated */

int fixture_parse(char *text, size_t len, struct fixture *fx)
{
	char *p = text, *end = text + len;

	memset(fx, 0, sizeof *fx);
	for (;;) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *line = p;

		if (!nl)
			return -1;      /* no blank line: not a response */
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		p = nl + 1;
		if (!*line)
			break;
		if (fx->status == 0) {
			if (sscanf(line, "HTTP/%*s %u", &fx->status) != 1 ||
			    fx->status < 100 || fx->status > 999)
				return -1;
		} else if (fx->n_lines < sizeof fx->lines / sizeof fx->lines[0]) {
			fx->lines[fx->n_lines++] = line;
		}
	}
	fx->body = p;
	fx->body_len = (size_t)(end - p);
	return fx->status ? 0 : -1;
}

/* zlib-compress src: gzip format (wbits 31) or zlib format (15). */
static unsigned char *zcompress(const char *src, size_t len, int wbits, size_t *out_len)
{
	z_stream z;
	size_t cap = len + len / 100 + 64;
	unsigned char *out = malloc(cap);

	memset(&z, 0, sizeof z);
	if (!out || deflateInit2(&z, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)src;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

unsigned char *codec_compress(const char *coding, const char *src, size_t len, size_t *out_len)
{
	if (strcasecmp(coding, "gzip") == 0)
		return zcompress(src, len, 31, out_len);
	if (strcasecmp(coding, "deflate") == 0)
		return zcompress(src, len, 15, out_len);
#ifdef HAVE_BROTLIENC
	if (strcasecmp(coding, "br") == 0) {
		size_t cap = BrotliEncoderMaxCompressedSize(len) + 64;
		unsigned char *out = malloc(cap);

		*out_len = cap;
		if (out && BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW,
						 BROTLI_MODE_TEXT, len, (const uint8_t *)src,
						 out_len, out))
			return out;
		free(out);
	}
#endif
	return NULL;
}

/* Deflate 1 MiB of zeros ended by a full flush into block, then the final
 * empty block into tail. The full flush resets the window, so every further
 * 1 MiB of zeros compresses to the same bytes: the bomb costs one 1 MiB
 * compression at start-up instead of a 1 GiB one. */
static int bomb_parts(const unsigned char *zeros, unsigned char *block, size_t *block_len,
		      unsigned char *tail, size_t *tail_len)
{
	z_stream z;
	int ok;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)zeros;
	z.avail_in = BOMB_CHUNK;
	z.next_out = block;
	z.avail_out = (uInt)*block_len;
	ok = deflate(&z, Z_FULL_FLUSH) == Z_OK && z.avail_in == 0 && z.avail_out > 0;
	*block_len -= z.avail_out;
	z.next_out = tail;
	z.avail_out = (uInt)*tail_len;
	ok = ok && deflate(&z, Z_FINISH) == Z_STREAM_END;
	*tail_len -= z.avail_out;
	deflateEnd(&z);
	return ok ? 0 : -1;
}

unsigned char *codec_gzip_bomb(size_t *out_len)
{
	static const unsigned char head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	unsigned char *zeros = calloc(1, BOMB_CHUNK), block[4096], tail[64], *out, *p;
	size_t block_len = sizeof block, tail_len = sizeof tail;
	uint32_t isize = (uint32_t)((uint64_t)BOMB_CHUNK * BOMB_CHUNKS);
	uLong crc_chunk, crc = crc32(0, NULL, 0);
	unsigned i;

	if (!zeros || bomb_parts(zeros, block, &block_len, tail, &tail_len) != 0) {
		free(zeros);
		return NULL;
	}
	crc_chunk = crc32(0, zeros, BOMB_CHUNK);
	free(zeros);
	*out_len = sizeof head + block_len * BOMB_CHUNKS + tail_len + 8;
	if (!(out = malloc(*out_len)))
		return NULL;
	memcpy(out, head, sizeof head);
	p = out + sizeof head;
	for (i = 0; i < BOMB_CHUNKS; i++, p += block_len) {
		memcpy(p, block, block_len);
		crc = crc32_combine(crc, crc_chunk, BOMB_CHUNK);
	}
	memcpy(p, tail, tail_len);
	p += tail_len;
	for (i = 0; i < 4; i++) {      /* the trailer: CRC-32 and size, little-endian */
		p[i] = (unsigned char)(crc >> (8 * i));
		p[4 + i] = (unsigned char)(isize >> (8 * i));
	}
	return out;
}
