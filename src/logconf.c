/* logconf.c: the log paths in nginx's, Apache's, php-fpm's and LiteSpeed's
 * configuration text. Pure. */
#include <config.h>
#include "logconf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void conf_found_free(struct conf_found *c)
{
	strlist_free(&c->error_logs);
	strlist_free(&c->includes);
	strlist_free(&c->audit_logs);
	strlist_free(&c->modsec_files);
	strlist_free(&c->php_logs);
	free(c->server_root);
	for (size_t i = 0; i < c->n_pools; i++) {
		free(c->pools[i].name);
		free(c->pools[i].listen);
		free(c->pools[i].log);
	}
	free(c->pools);
	memset(c, 0, sizeof *c);
}

/* A log target that is no file: syslog, stderr, a pipe, memory. */
static bool not_a_file(const char *v)
{
	return !*v || strncmp(v, "syslog", 6) == 0 || strcmp(v, "stderr") == 0 || v[0] == '|' ||
	       strncmp(v, "memory:", 7) == 0 || strcmp(v, "/dev/null") == 0 || strncmp(v, "/dev/std", 8) == 0 ||
	       strcmp(v, "off") == 0;
}

static void add_log(struct strlist *l, const char *v)
{
	if (!not_a_file(v) && !strlist_contains(l, v))
		strlist_add(l, v);
}

/* A quoted string at p (its opening quote): its text, backslash escapes
 * undone, appended to b. Returns where it ends, after the closing quote. */
static const char *quoted(const char *p, struct buf *b)
{
	char q = *p++;
	while (*p && *p != q) {
		if (*p == '\\' && p[1])
			p++;
		buf_append(b, p++, 1);
	}
	return *p ? p + 1 : p;
}

/* ------------------------------------------------------------------ nginx */

/* The next token of nginx's syntax: a word, a quoted string, or one of ; { }.
 * Returns NULL at the end. */
static char *nginx_token(const char **pp)
{
	const char *p = *pp;
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (*p != '#')
			break;
		while (*p && *p != '\n')
			p++;
	}
	if (!*p) {
		*pp = p;
		return NULL;
	}
	struct buf b = {0};
	if (*p == ';' || *p == '{' || *p == '}') {
		buf_append(&b, p, 1);
		*pp = p + 1;
		return buf_steal(&b);
	}
	if (*p == '"' || *p == '\'') {
		*pp = quoted(p, &b);
		buf_append(&b, "", 0);
		return buf_steal(&b);
	}
	while (*p && !isspace((unsigned char)*p) && *p != ';' && *p != '{' && *p != '}') {
		/* A run of plain bytes at once; a backslash escapes the next one. */
		size_t run = strcspn(p, " \t\r\n\v\f;{}\\");
		if (run) {
			buf_append(&b, p, run);
			p += run;
			continue;
		}
		if (*p == '\\' && p[1])
			p++;
		buf_append(&b, p++, 1);
	}
	*pp = p;
	buf_append(&b, "", 0);
	return buf_steal(&b);
}

void logconf_nginx(const char *text, struct conf_found *out)
{
	struct strlist words = {0};
	const char *p = text;
	for (char *t; (t = nginx_token(&p));) {
		bool end = strcmp(t, ";") == 0 || strcmp(t, "{") == 0 || strcmp(t, "}") == 0;
		if (!end) {
			strlist_add(&words, t);
			free(t);
			continue;
		}
		if (strcmp(t, ";") == 0 && words.n >= 2) {
			const char *d = words.v[0], *a = words.v[1];
			if (strcmp(d, "error_log") == 0)
				add_log(&out->error_logs, a);
			else if (strcmp(d, "include") == 0)
				strlist_add(&out->includes, a);
			else if (strcmp(d, "modsecurity_rules_file") == 0)
				strlist_add(&out->modsec_files, a);
		}
		free(t);
		strlist_free(&words);
	}
	strlist_free(&words);
}

/* ------------------------------------------------------------------ Apache */

static const char *env_get(const struct strlist *env, const char *name, size_t len)
{
	for (size_t i = 0; env && i < env->n; i++)
		if (strncmp(env->v[i], name, len) == 0 && env->v[i][len] == '=')
			return env->v[i] + len + 1;
	return NULL;
}

/* ${NAME} replaced from env; an unknown name leaves the whole value unknown (NULL). */
static char *expand_env(const char *v, const struct strlist *env)
{
	struct buf b = {0};
	buf_append(&b, "", 0);
	for (const char *p = v; *p;) {
		if (p[0] == '$' && p[1] == '{') {
			const char *close = strchr(p, '}');
			const char *val = close ? env_get(env, p + 2, (size_t)(close - p - 2)) : NULL;
			if (!val) {
				buf_free(&b);
				return NULL;
			}
			buf_puts(&b, val);
			p = close + 1;
			continue;
		}
		buf_append(&b, p++, 1);
	}
	return buf_steal(&b);
}

/* The words of one Apache directive line: bare or quoted. */
static void apache_words(const char *line, struct strlist *words)
{
	const char *p = line;
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		struct buf b = {0};
		buf_append(&b, "", 0);
		if (*p == '"' || *p == '\'') {
			p = quoted(p, &b);
		} else {
			size_t run = strcspn(p, " \t\r\n\v\f");
			buf_append(&b, p, run);
			p += run;
		}
		strlist_add(words, b.data);
		buf_free(&b);
	}
}

void logconf_apache(const char *text, const struct strlist *env, struct conf_found *out)
{
	struct buf line = {0};
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		bool more = len && p[len - 1] == '\\';
		buf_append(&line, p, more ? len - 1 : len);
		p += (nl ? (size_t)(nl - p) + 1 : strlen(p));
		if (more && *p)
			continue;
		buf_append(&line, "", 0);
		const char *s = line.data + strspn(line.data, " \t");
		/* Most lines (ModSecurity's rules above all) are none of ours: look at the first word only. */
		static const char *const wanted[] = {"ErrorLog", "Include", "IncludeOptional", "SecAuditLog",
						     "ServerRoot", NULL};
		size_t first = strcspn(s, " \t");
		bool ours = false;
		for (size_t i = 0; wanted[i] && !ours; i++)
			ours = first == strlen(wanted[i]) && strncasecmp(s, wanted[i], first) == 0;
		if (ours) {
			struct strlist w = {0};
			apache_words(s, &w);
			if (w.n >= 2) {
				char *arg = expand_env(w.v[1], env);
				const char *d = w.v[0];
				if (arg) {
					if (strcasecmp(d, "ErrorLog") == 0)
						add_log(&out->error_logs, arg);
					else if (strcasecmp(d, "Include") == 0 || strcasecmp(d, "IncludeOptional") == 0)
						strlist_add(&out->includes, arg);
					else if (strcasecmp(d, "SecAuditLog") == 0)
						add_log(&out->audit_logs, arg);
					else if (strcasecmp(d, "ServerRoot") == 0) {
						free(out->server_root);
						out->server_root = xstrdup(arg);
					}
				}
				free(arg);
			}
			strlist_free(&w);
		}
		buf_free(&line);
	}
	buf_free(&line);
}

void logconf_envvars(const char *text, struct strlist *env)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *l = xstrndup(p, len);
		p += len + (nl ? 1 : 0);
		const char *s = l + strspn(l, " \t");
		if (strncmp(s, "export ", 7) == 0) {
			s += 7;
			const char *eq = strchr(s, '=');
			if (eq && eq > s) {
				struct buf v = {0};
				buf_append(&v, s, (size_t)(eq - s + 1));
				const char *val = eq + 1;
				size_t vlen = strcspn(val, " \t#");
				char q = vlen && (val[0] == '"' || val[0] == '\'') ? val[0] : 0;
				if (q) {
					val++;
					vlen = strcspn(val, q == '"' ? "\"" : "'");
				}
				for (size_t i = 0; i < vlen; i++) {
					if (val[i] == '$') {
						/* $SUFFIX and the like: empty for the default instance. */
						i++;
						if (i < vlen && val[i] == '{')
							while (i < vlen && val[i] != '}')
								i++;
						else
							while (i + 1 < vlen && (isalnum((unsigned char)val[i + 1]) || val[i + 1] == '_'))
								i++;
						continue;
					}
					buf_append(&v, val + i, 1);
				}
				buf_append(&v, "", 0);
				strlist_add(env, v.data);
				buf_free(&v);
			}
		}
		free(l);
	}
}

/* ------------------------------------------------------------------ php-fpm */

static char *trim_value(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0]) {
		s++;
		len -= 2;
	}
	return xstrndup(s, len);
}

/* $pool in a value: the pool's name. */
static char *with_pool(const char *v, const char *pool)
{
	struct buf b = {0};
	buf_append(&b, "", 0);
	for (const char *p = v; *p;) {
		if (strncmp(p, "$pool", 5) == 0 && pool) {
			buf_puts(&b, pool);
			p += 5;
		} else {
			buf_append(&b, p++, 1);
		}
	}
	return buf_steal(&b);
}

void logconf_fpm(const char *text, struct conf_found *out)
{
	char *section = NULL;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *l = xstrndup(p, len);
		p += len + (nl ? 1 : 0);
		char *s = l + strspn(l, " \t");
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (close) {
				free(section);
				section = xstrndup(s + 1, (size_t)(close - s - 1));
			}
		} else if (*s && *s != ';' && *s != '#' && strchr(s, '=')) {
			char *eq = strchr(s, '=');
			char *key = trim_value(s, (size_t)(eq - s));
			char *raw = trim_value(eq + 1, strlen(eq + 1));
			bool pool = section && strcmp(section, "global") != 0;
			char *val = with_pool(raw, pool ? section : NULL);
			if (strcmp(key, "include") == 0) {
				strlist_add(&out->includes, val);
			} else if (strcmp(key, "error_log") == 0 && !pool) {
				add_log(&out->error_logs, val);
			} else if (pool && (strcmp(key, "php_admin_value[error_log]") == 0 ||
					    strcmp(key, "php_value[error_log]") == 0)) {
				add_log(&out->php_logs, val);
			} else if (pool && strcmp(key, "listen") == 0) {
				out->pools = xrealloc(out->pools, (out->n_pools + 1) * sizeof *out->pools);
				out->pools[out->n_pools++] = (struct log_pool){xstrdup(section), xstrdup(val), NULL};
			}
			free(val);
			free(raw);
			free(key);
		}
		free(l);
	}
	free(section);
}

/* ------------------------------------------------------------------ LiteSpeed */

void logconf_litespeed(const char *text, const char *server_root, struct conf_found *out)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *l = xstrndup(p, len);
		p += len + (nl ? 1 : 0);
		struct strlist w = {0};
		apache_words(l, &w);
		if (w.n >= 2 && strcasecmp(w.v[0], "errorlog") == 0) {
			const char *v = w.v[1];
			char *path = strncmp(v, "$SERVER_ROOT", 12) == 0 ? xasprintf("%s%s", server_root, v + 12)
									   : xstrdup(v);
			if (!strchr(path, '$'))
				add_log(&out->error_logs, path);
			free(path);
		}
		strlist_free(&w);
		free(l);
	}
}
