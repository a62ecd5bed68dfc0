/* replay.c: read a saved response (`curl -si URL > FILE`) as if it came from the network.
 *
 * The file is one or more header blocks, then the body. 1xx blocks and the
 * "200 Connection established" of a proxy tunnel are skipped; 3xx blocks
 * followed by another block (`curl -siL`) become the redirect chain. The
 * body is de-chunked when it still carries chunk framing and inflated when
 * it is gzip or deflate encoded, within the same bounds as a live probe. */
#include <config.h>
#include "replay.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#ifdef HAVE_BROTLIDEC
#include <brotli/decode.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "i18n.h"
#include "util.h"

struct cursor {
	const char *p, *end;
	int line;
};

/* Next line without its terminator; false at end of data. */
static bool next_line(struct cursor *c, const char **line, size_t *len)
{
	if (c->p >= c->end)
		return false;
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	const char *stop = nl ? nl : c->end;
	*line = c->p;
	*len = (size_t)(stop - c->p);
	if (*len && (*line)[*len - 1] == '\r')
		(*len)--;
	c->p = nl ? nl + 1 : c->end;
	c->line++;
	return true;
}

static bool is_status_line(const char *s, size_t len, int *status, const char **version,
			   size_t *vlen, const char **reason, size_t *rlen)
{
	if (len < 10 || strncmp(s, "HTTP/", 5) != 0)
		return false;
	const char *sp = memchr(s, ' ', len);
	if (!sp || sp - s < 6 || (size_t)(sp - s) + 4 > len)
		return false;
	const char *d = sp + 1;
	for (int i = 0; i < 3; i++)
		if (d[i] < '0' || d[i] > '9')
			return false;
	if ((size_t)(d + 3 - s) < len && d[3] != ' ')
		return false;
	*status = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
	if (*status < 100)
		return false;
	*version = s + 5;
	*vlen = (size_t)(sp - s) - 5;
	*reason = d + 3 < s + len ? d + 4 : d + 3;
	*rlen = len - (size_t)(*reason - s);
	return true;
}

static char *excerpt(const char *s, size_t len)
{
	return term_safe(s, len > 60 ? 60 : len, false);
}

/* Body framing: undo chunked encoding if the bytes still carry it. */
static bool dechunk(const char *p, size_t len, struct buf *out)
{
	const char *end = p + len;
	while (p < end) {
		/* Hex digits by hand: the data is not NUL-terminated. */
		const char *stop = p;
		size_t n = 0;
		for (; stop < end && isxdigit((unsigned char)*stop); stop++) {
			if (n > ((size_t)-1 >> 5))
				return false;
			n = n * 16 + (size_t)(isdigit((unsigned char)*stop) ? *stop - '0' : (tolower((unsigned char)*stop) - 'a' + 10));
		}
		if (stop == p)
			return false;
		const char *nl = memchr(stop, '\n', (size_t)(end - stop));
		if (!nl)
			return false;
		p = nl + 1;
		if (n == 0)
			return true;
		if (n > (size_t)(end - p))
			n = (size_t)(end - p);     /* truncated file: keep what is there */
		buf_append(out, p, n);
		p += n;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
	}
	return true;
}

/* Inflate gzip or zlib/raw deflate; bounded by RESPONSE_BODY_READ decoded bytes. */
static bool inflate_body(const unsigned char *p, size_t len, bool gzip, struct response *r)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		z_stream z = {0};
		int wbits = gzip ? 15 + 32 : (attempt == 0 ? 15 : -15);
		if (inflateInit2(&z, wbits) != Z_OK)
			return false;
		unsigned char out[16384];
		z.next_in = (unsigned char *)p;
		z.avail_in = (uInt)(len > 0x7fffffff ? 0x7fffffff : len);
		int rc = Z_OK;
		size_t produced = 0;
		while (rc == Z_OK) {
			z.next_out = out;
			z.avail_out = sizeof out;
			rc = inflate(&z, Z_NO_FLUSH);
			size_t n = sizeof out - z.avail_out;
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				break;
			response_add_body(r, out, n);
			produced += n;
			if (r->body_seen >= RESPONSE_BODY_READ) {
				r->body_truncated = true;
				rc = Z_STREAM_END;
			}
			if (rc == Z_BUF_ERROR || (n == 0 && z.avail_in == 0))
				break;
		}
		inflateEnd(&z);
		if (rc == Z_STREAM_END || produced > 0)
			return true;
		free(r->body);
		r->body = NULL;
		r->body_len = r->body_cap = r->body_seen = 0;
		if (gzip)
			return false;
	}
	return false;
}

/* A saved chain that ends in a redirect to a place it already went is a
 * loop (what `curl -siL` saves when it gives up): report it as the live
 * probe would, a too-many-redirects transport failure, status unknown. */
static bool redirect_loop(struct response *r)
{
	const char *loc = response_header(r, "location");
	if (r->status < 300 || r->status > 399 || !loc)
		return false;
	bool seen = false;
	for (size_t i = 0; i < r->n_redirects && !seen; i++)
		seen = r->redirects[i].location && strcmp(r->redirects[i].location, loc) == 0;
	if (!seen)
		return false;
	response_add_redirect(r, r->status, loc);
	r->transport = TRANSPORT_TOO_MANY_REDIRECTS;
	char *safe = term_safe(loc, strlen(loc), false);
	r->transport_detail = xasprintf(_("redirect loop: %zu redirects saved, back to %s"), r->n_redirects, safe);
	free(safe);
	r->status = 0;
	free(r->reason);
	free(r->http_version);
	r->reason = r->http_version = NULL;
	return true;   /* the headers stay: they tell who answered */
}

#ifdef HAVE_BROTLIDEC
/* A br body, bounded like the others. */
static bool unbrotli_body(const unsigned char *p, size_t len, struct response *r)
{
	BrotliDecoderState *st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
	if (!st)
		return false;
	const uint8_t *in = p;
	size_t avail_in = len;
	BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
	while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT && r->body_seen < RESPONSE_BODY_READ) {
		uint8_t out[16384], *next = out;
		size_t avail_out = sizeof out;
		rc = BrotliDecoderDecompressStream(st, &avail_in, &in, &avail_out, &next, NULL);
		response_add_body(r, out, sizeof out - avail_out);
	}
	if (r->body_seen >= RESPONSE_BODY_READ)
		r->body_truncated = true;
	BrotliDecoderDestroyInstance(st);
	return rc != BROTLI_DECODER_RESULT_ERROR && r->body_seen > 0;
}
#endif

#ifdef HAVE_ZSTD
/* A zstd body, bounded like the others. */
static bool unzstd_body(const unsigned char *p, size_t len, struct response *r)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	if (!z)
		return false;
	ZSTD_initDStream(z);
	ZSTD_inBuffer in = {p, len, 0};
	bool ok = true;
	while (r->body_seen < RESPONSE_BODY_READ) {
		unsigned char out[16384];
		ZSTD_outBuffer o = {out, sizeof out, 0};
		size_t rc = ZSTD_decompressStream(z, &o, &in);
		if (ZSTD_isError(rc)) {
			ok = false;
			break;
		}
		response_add_body(r, out, o.pos);
		if (rc == 0 || (o.pos == 0 && in.pos == in.size))
			break;
	}
	if (r->body_seen >= RESPONSE_BODY_READ)
		r->body_truncated = true;
	ZSTD_freeDStream(z);
	return ok && r->body_seen > 0;
}
#endif

/* Undo the body's Content-Encoding into r; false when it is none httpdoc
 * decodes or the data does not decode (then the raw bytes are kept). */
static bool decode_body(const char *ce, const unsigned char *p, size_t len, struct response *r)
{
	bool done = false;
	if (!ce)
		return false;
	if (str_ieq(ce, "gzip") || str_ieq(ce, "x-gzip"))
		done = inflate_body(p, len, true, r);
	else if (str_ieq(ce, "deflate"))
		done = inflate_body(p, len, false, r);
#ifdef HAVE_BROTLIDEC
	else if (str_ieq(ce, "br"))
		done = unbrotli_body(p, len, r);
#endif
#ifdef HAVE_ZSTD
	else if (str_ieq(ce, "zstd"))
		done = unzstd_body(p, len, r);
#endif
	if (!done) {
		free(r->body);
		r->body = NULL;
		r->body_len = r->body_cap = r->body_seen = 0;
		r->body_truncated = false;
	}
	return done;
}

int replay_parse(const char *data, size_t len, struct response *r, char **err)
{
	struct cursor c = {data, data + len, 0};
	const char *line;
	size_t ll;
	*err = NULL;
	r->replayed = true;

	if (len == 0) {
		*err = xstrdup(_("the file is empty"));
		return -1;
	}
	/* A UTF-8 byte-order mark sometimes lands in files edited by hand. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c.p += 3;

	/* A file that does not start with a status line: say whether it is text
	 * at all. The first 512 bytes decide (a saved response's own body, which
	 * may be compressed, only comes after its headers). */
	if (len < 5 || strncmp(data, "HTTP/", 5) != 0) {
		size_t head = len < 512 ? len : 512, odd = 0;
		for (size_t i = 0; i < head; i++) {
			unsigned char ch = (unsigned char)data[i];
			if (ch == 0)
				odd += head;
			else if (ch < 0x20 && ch != '\r' && ch != '\n' && ch != '\t')
				odd++;
		}
		if (odd * 30 > head) {
			*err = xstrdup(_("binary data, not a saved HTTP response (save one with: curl -si URL > FILE)"));
			return -1;
		}
	}

	struct { int status; char *location; } hops[64];
	size_t n_hops = 0;

	for (;;) {
		int status;
		const char *ver, *reason;
		size_t vlen, rlen;
		if (!next_line(&c, &line, &ll)) {
			*err = xasprintf(_("line %d: the file ends where a status line was expected"), c.line + 1);
			goto fail;
		}
		if (!is_status_line(line, ll, &status, &ver, &vlen, &reason, &rlen)) {
			char *ex = excerpt(line, ll);
			*err = xasprintf(_("line %d: expected a status line like 'HTTP/1.1 200 OK', found '%s'"),
					 c.line, ex);
			free(ex);
			goto fail;
		}
		int block_line = c.line;
		response_clear_headers(r);
		free(r->http_version);
		free(r->reason);
		r->http_version = xstrndup(ver, vlen);
		r->reason = xstrndup(reason, rlen);
		r->status = status;

		bool ended = false;
		size_t header_bytes = 0;
		while (next_line(&c, &line, &ll)) {
			if (ll == 0) {
				ended = true;
				break;
			}
			if (memchr(line, '\0', ll)) {
				*err = xasprintf(_("line %d: binary data in the headers: not a saved HTTP response"), c.line);
				goto fail;
			}
			header_bytes += ll;
			if (header_bytes > RESPONSE_HEADER_MAX) {
				*err = xasprintf(_("line %d: the headers of the response at line %d exceed %d KiB"),
						 c.line, block_line, RESPONSE_HEADER_MAX / 1024);
				goto fail;
			}
			if (line[0] == ' ' || line[0] == '\t')
				continue;   /* obsolete line folding: ignored */
			const char *colon = memchr(line, ':', ll);
			if (!colon || colon == line) {
				char *ex = excerpt(line, ll);
				*err = xasprintf(_("line %d: expected a header 'Name: value', found '%s'"), c.line, ex);
				free(ex);
				goto fail;
			}
			response_add_header(r, line, (size_t)(colon - line), colon + 1, ll - (size_t)(colon - line) - 1);
		}
		if (!ended) {
			*err = xasprintf(_("truncated: the headers of the response at line %d never end (no blank line)"),
					 block_line);
			goto fail;
		}
		bool another = (size_t)(c.end - c.p) >= 5 && strncmp(c.p, "HTTP/", 5) == 0;
		if (!another)
			break;
		if (status >= 300 && status <= 399 && n_hops < sizeof hops / sizeof *hops) {
			hops[n_hops].status = status;
			hops[n_hops].location = xstrdup(response_header(r, "location"));
			n_hops++;
		}
	}

	for (size_t i = 0; i < n_hops; i++) {
		response_add_redirect(r, hops[i].status, hops[i].location);
		free(hops[i].location);
	}
	n_hops = 0;
	if (redirect_loop(r))
		return 0;

	/* The body. */
	const char *body = c.p;
	size_t blen = (size_t)(c.end - c.p);
	struct buf plain = {0};
	const char *te = response_header(r, "transfer-encoding");
	if (te && str_icase_find(te, strlen(te), "chunked") && dechunk(body, blen, &plain)) {
		body = plain.data ? plain.data : "";
		blen = plain.len;
	}
	const char *ce = response_header(r, "content-encoding");
	bool decoded = decode_body(ce, (const unsigned char *)body, blen, r);
	if (!decoded) {
		size_t keep = blen > RESPONSE_BODY_READ ? RESPONSE_BODY_READ : blen;
		response_add_body(r, body, keep);
		if (keep < blen)
			r->body_truncated = true;
	}
	buf_free(&plain);
	if (!*r->reason && status_reason_default(r->status)) {
		free(r->reason);
		r->reason = xstrdup(status_reason_default(r->status));
	}
	if (!r->body)
		response_add_body(r, "", 0);
	return 0;

fail:
	for (size_t i = 0; i < n_hops; i++)
		free(hops[i].location);
	return -1;
}

int replay_load(const char *path, struct response *r, char **err)
{
	char *data;
	size_t len;
	switch (file_read(path, REPLAY_FILE_MAX, &data, &len)) {
	case FILE_READ_OK:
		break;
	case FILE_READ_OPEN:
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	case FILE_READ_IO:
		*err = errno == EISDIR ? xasprintf(_("%s: is a directory"), path)
				       : xasprintf(_("%s: read error"), path);
		return -1;
	}
	if (len > REPLAY_FILE_MAX) {
		free(data);
		*err = xasprintf(_("%s: larger than %d MiB: not a saved response"), path, REPLAY_FILE_MAX >> 20);
		return -1;
	}
	char *perr = NULL;
	int rc = replay_parse(data, len, r, &perr);
	free(data);
	if (rc != 0) {
		*err = xasprintf("%s: %s", path, perr);
		free(perr);
		return -1;
	}
	struct stat st;
	r->probed_at = stat(path, &st) == 0 ? (long long)st.st_mtime : 0;   /* when it was saved */
	return 0;
}
