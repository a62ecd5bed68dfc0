/* probe_tls.c: the certificate of a probe's TLS connection and the
 * verifier's own verdict on it, also when that verdict ends the handshake.
 *
 * The only file that includes OpenSSL. libcurl hands each new connection's
 * SSL_CTX over (CURLOPT_SSL_CTX_FUNCTION) before the handshake; a verify
 * callback installed there records the server's certificate and the first
 * error OpenSSL's verifier reports (X509_V_ERR_*), and returns OpenSSL's own
 * decision unchanged: a certificate libcurl refuses is still refused, the
 * handshake still fails, nothing more is sent. Once a response has started,
 * the connection itself (CURLINFO_TLS_SSL_PTR) gives the same fields, also
 * for a reused connection or a resumed session, which see no handshake.
 * The host name is checked with OpenSSL's X509_check_host/X509_check_ip_asc,
 * as libcurl checks it after the handshake. */
#include <config.h>
#include "probe.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "probe_int.h"

#define TLS_FIELD_MAX 1024      /* bytes kept of a subject or issuer */
#define TLS_NAME_MAX 255        /* bytes kept of one name */

static int ex_index = -1;

/* The verifier's code as the JSON names it, with the number of
 * certificates the server sent. OpenSSL says 20 (unable to get local issuer
 * certificate) both when the server sent no intermediate and when the chain
 * it sent ends at a CA this machine does not know: a server that sends its
 * own certificate alone has left out the intermediates it should send
 * (public CAs never sign a site with their root), so 20 with one
 * certificate is an incomplete chain, 20 after intermediates an unknown
 * issuer; 19 (a root the server sent, not trusted) too; 21 and 2 (the
 * issuer of the last certificate is missing) an incomplete chain. */
static enum tls_verify_error verify_error_of(long code, int sent)
{
	switch (code) {
	case X509_V_OK: return TLS_VERIFY_NONE;
	case X509_V_ERR_CERT_HAS_EXPIRED: return TLS_VERIFY_EXPIRED;
	case X509_V_ERR_CERT_NOT_YET_VALID: return TLS_VERIFY_NOT_YET_VALID;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH: return TLS_VERIFY_HOSTNAME;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: return TLS_VERIFY_SELF_SIGNED;
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: return TLS_VERIFY_UNKNOWN_ISSUER;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
		return sent <= 1 ? TLS_VERIFY_INCOMPLETE_CHAIN : TLS_VERIFY_UNKNOWN_ISSUER;
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT: return TLS_VERIFY_INCOMPLETE_CHAIN;
	default: return TLS_VERIFY_OTHER;
	}
}

/* Bytes from a certificate, with control bytes (and NUL) written \xHH. */
static char *cert_bytes(const unsigned char *p, size_t n, size_t max)
{
	struct buf b = {0};
	for (size_t i = 0; i < n && b.len < max; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			buf_printf(&b, "\\x%02X", p[i]);
		else
			buf_append(&b, (const char *)&p[i], 1);
	}
	return b.len ? buf_steal(&b) : xstrdup("");
}

static char *name_text(const X509_NAME *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	if (!bio)
		return NULL;
	/* RFC 2253, UTF-8 kept as UTF-8, control characters escaped. */
	X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	char *data;
	long len = BIO_get_mem_data(bio, &data);
	char *s = cert_bytes((const unsigned char *)data, len > 0 ? (size_t)len : 0, TLS_FIELD_MAX);
	BIO_free(bio);
	return s;
}

static long long time_of(const ASN1_TIME *t)
{
	struct tm tm;
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return (long long)timegm(&tm);
}

static void read_names(const X509 *cert, struct tls_info *t)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	int n = gens ? sk_GENERAL_NAME_num(gens) : 0;
	for (int i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		char *s = NULL;
		if (g->type == GEN_DNS) {
			s = cert_bytes(ASN1_STRING_get0_data(g->d.dNSName), (size_t)ASN1_STRING_length(g->d.dNSName),
				       TLS_NAME_MAX);
		} else if (g->type == GEN_IPADD) {
			char a[INET6_ADDRSTRLEN];
			int len = ASN1_STRING_length(g->d.iPAddress);
			const unsigned char *p = ASN1_STRING_get0_data(g->d.iPAddress);
			if ((len == 4 && inet_ntop(AF_INET, p, a, sizeof a)) ||
			    (len == 16 && inet_ntop(AF_INET6, p, a, sizeof a)))
				s = xasprintf("IP:%s", a);
		} else {
			continue;
		}
		t->names_total++;
		if (s && t->names.n < TLS_NAMES_KEEP)
			strlist_add(&t->names, s);
		free(s);
	}
	GENERAL_NAMES_free(gens);
}

/* Does cert cover host (a name, or an address written as one)? */
static bool covers(X509 *cert, const char *host)
{
	if (!host || !*host)
		return false;
	char addr[INET6_ADDRSTRLEN + 2];
	size_t len = strlen(host);
	if (host[0] == '[' && len > 2 && len - 2 < sizeof addr) {
		memcpy(addr, host + 1, len - 2);
		addr[len - 2] = '\0';
		return X509_check_ip_asc(cert, addr, 0) == 1;
	}
	unsigned char b[16];
	if (inet_pton(AF_INET, host, b) == 1 || inet_pton(AF_INET6, host, b) == 1)
		return X509_check_ip_asc(cert, host, 0) == 1;
	return X509_check_host(cert, host, len, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) == 1;
}

/* The leaf's fields into t (t->host set); dates judged now. */
static void read_cert(X509 *cert, struct tls_info *t)
{
	t->seen = true;
	t->subject = name_text(X509_get_subject_name(cert));
	t->issuer = name_text(X509_get_issuer_name(cert));
	read_names(cert, t);
	t->not_before = time_of(X509_get0_notBefore(cert));
	t->not_after = time_of(X509_get0_notAfter(cert));
	t->checked_at = (long long)time(NULL);
	t->hostname_ok = covers(cert, t->host);
}

/* The verifier's verdict, and the name's, into verified and verify_error. */
static void judge(struct tls_info *t, long code)
{
	t->judged = true;
	t->verify_code = (int)code;
	free(t->verify_text);
	t->verify_text = code != X509_V_OK ? xstrdup(X509_verify_cert_error_string(code)) : NULL;
	t->verify_error = verify_error_of(code, t->chain_len);
	if (t->verify_error == TLS_VERIFY_NONE && !t->hostname_ok) {
		t->verify_error = TLS_VERIFY_HOSTNAME;
		t->verify_text = xstrdup("the certificate does not cover the host name");
	}
	t->verified = t->verify_error == TLS_VERIFY_NONE;
}

static int on_verify(int ok, X509_STORE_CTX *store)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct probe_ctx *ctx = ssl && ex_index >= 0 ? SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ex_index) : NULL;
	if (!ctx)
		return ok;
	struct tls_info *t = &ctx->hs;
	if (!t->seen) {
		X509 *leaf = X509_STORE_CTX_get0_cert(store);
		STACK_OF(X509) *sent = X509_STORE_CTX_get0_untrusted(store);
		if (leaf)
			read_cert(leaf, t);
		t->chain_len = sent ? sk_X509_num(sent) : 1;
		t->version = xstrdup(SSL_get_version(ssl));
	}
	/* The first error is the one that ends the handshake. */
	if (!ok && !t->verify_code)
		judge(t, X509_STORE_CTX_get_error(store));
	return ok;   /* OpenSSL's own decision, unchanged */
}

/* Before each new handshake: our verify callback, and --cacert's CA added
 * to the store libcurl set up. */
static CURLcode on_ssl_ctx(CURL *h, void *sslctx, void *userp)
{
	struct probe_ctx *ctx = userp;
	SSL_CTX *c = sslctx;
	tls_info_free(&ctx->hs);
	char *eff = NULL;
	curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
	ctx->hs.host = probe_url_host(eff ? eff : ctx->url);
	if (ctx->cacert && !X509_STORE_load_file(SSL_CTX_get_cert_store(c), ctx->cacert))
		return CURLE_SSL_CACERT_BADFILE;
	if (ex_index < 0)
		ex_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	if (ex_index < 0 || !SSL_CTX_set_ex_data(c, ex_index, ctx))
		return CURLE_OK;
	SSL_CTX_set_verify(c, SSL_CTX_get_verify_mode(c), on_verify);
	return CURLE_OK;
}

void probe_tls_setup(struct probe_ctx *ctx, const struct probe_options *o)
{
	ctx->cacert = o->cacert;
	if (curl_easy_setopt(ctx->h, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx) == CURLE_OK)
		curl_easy_setopt(ctx->h, CURLOPT_SSL_CTX_DATA, ctx);
}

void probe_tls_from_connection(struct probe_ctx *ctx)
{
	struct tls_info *t = &ctx->out->tls;
	struct curl_tlssessioninfo *info = NULL;
	if (t->seen || curl_easy_getinfo(ctx->h, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info ||
	    info->backend != CURLSSLBACKEND_OPENSSL || !info->internals)
		return;
	SSL *ssl = info->internals;
	X509 *leaf = SSL_get0_peer_certificate(ssl);
	if (!leaf)
		return;
	char *eff = NULL;
	curl_easy_getinfo(ctx->h, CURLINFO_EFFECTIVE_URL, &eff);
	t->host = probe_url_host(eff ? eff : ctx->url);
	read_cert(leaf, t);
	STACK_OF(X509) *sent = SSL_get_peer_cert_chain(ssl);
	t->chain_len = sent ? sk_X509_num(sent) : 1;
	t->version = xstrdup(SSL_get_version(ssl));
	judge(t, SSL_get_verify_result(ssl));
}

void probe_tls_failed(struct probe_ctx *ctx)
{
	struct tls_info *t = &ctx->hs;
	if (!t->seen)
		return;
	if (!t->judged)   /* the chain passed; the name may be what failed */
		judge(t, X509_V_OK);
	tls_info_copy(&ctx->out->tls, t);
	ctx->out->tls.attempted = true;
}

int probe_check_cacert(const char *path, char **err)
{
	X509_STORE *s = X509_STORE_new();
	ERR_clear_error();
	int ok = s && X509_STORE_load_file(s, path);
	if (!ok) {
		unsigned long e = ERR_peek_last_error();
		char *safe = term_safe(path, strlen(path), false);
		*err = xasprintf(_("--cacert: cannot read certificates from '%s' (%s)"), safe,
				 e ? ERR_reason_error_string(e) : "no certificate");
		free(safe);
	}
	X509_STORE_free(s);
	ERR_clear_error();
	return ok ? 0 : -1;
}
