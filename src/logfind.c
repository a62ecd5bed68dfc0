/* logfind.c: the logs of this machine's web servers: standard places, and
 * what the running servers' configurations name. */
#include <config.h>
#include "logfind.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "localhost.h"
#include "logconf.h"

/* Bounds on following a configuration: files, depth, bytes of each. */
#define CONF_MAX_FILES 256
#define CONF_MAX_DEPTH 8
#define CONF_MAX_BYTES (1024 * 1024)

void log_found_free(struct log_found *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
	for (size_t i = 0; i < f->n_pools; i++) {
		free(f->pools[i].name);
		free(f->pools[i].listen);
		free(f->pools[i].log);
	}
	free(f->pools);
	free(f->servers);
	free(f->server_family);
	memset(f, 0, sizeof *f);
}

static bool regular_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void add(struct log_found *f, const char *path, enum log_kind kind, enum log_family fam, pid_t pid)
{
	if (!regular_file(path))
		return;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].path, path) == 0) {
			/* A configuration's word outranks a standard place. */
			if (pid && !f->v[i].pid) {
				f->v[i].pid = pid;
				f->v[i].family = fam;
			}
			return;
		}
	f->v = xrealloc(f->v, (f->n + 1) * sizeof *f->v);
	f->v[f->n++] = (struct log_candidate){xstrdup(path), kind, fam, pid};
}

static void add_glob(struct log_found *f, const char *pattern, enum log_kind kind, enum log_family fam)
{
	glob_t g;
	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++)
		add(f, g.gl_pathv[i], kind, fam, 0);
	globfree(&g);
}

enum log_family log_family_of(const char *name)
{
	if (!name)
		return LOG_FAMILY_ANY;
	if (strcmp(name, "nginx") == 0 || strcmp(name, "openresty") == 0 || strcmp(name, "tengine") == 0)
		return LOG_FAMILY_NGINX;
	if (strcmp(name, "apache") == 0 || strcmp(name, "apache2") == 0 || strcmp(name, "httpd") == 0)
		return LOG_FAMILY_APACHE;
	if (strcmp(name, "litespeed") == 0 || strcmp(name, "lshttpd") == 0 ||
	    strcmp(name, "openlitespeed") == 0 || strncmp(name, "litespeed", 9) == 0)
		return LOG_FAMILY_LITESPEED;
	return LOG_FAMILY_ANY;
}

/* ------------------------------------------------------------------ standard places */

static void standard_places(struct log_found *f)
{
	add_glob(f, "/var/log/nginx/*error*.log", LOG_NGINX, LOG_FAMILY_NGINX);
	add(f, "/usr/local/nginx/logs/error.log", LOG_NGINX, LOG_FAMILY_NGINX, 0);
	add_glob(f, "/var/log/apache2/*error*.log", LOG_APACHE, LOG_FAMILY_APACHE);
	add_glob(f, "/var/log/httpd/*error_log", LOG_APACHE, LOG_FAMILY_APACHE);
	add(f, "/usr/local/apache2/logs/error_log", LOG_APACHE, LOG_FAMILY_APACHE, 0);
	add_glob(f, "/var/log/php*-fpm.log", LOG_PHP_FPM, LOG_FAMILY_ANY);
	add(f, "/var/log/php-fpm/error.log", LOG_PHP_FPM, LOG_FAMILY_ANY, 0);
	add_glob(f, "/var/log/php-fpm/*-error.log", LOG_PHP, LOG_FAMILY_ANY);
	add(f, "/var/log/apache2/modsec_audit.log", LOG_MODSECURITY, LOG_FAMILY_APACHE, 0);
	add(f, "/var/log/httpd/modsec_audit.log", LOG_MODSECURITY, LOG_FAMILY_APACHE, 0);
	add(f, "/var/log/modsec_audit.log", LOG_MODSECURITY, LOG_FAMILY_NGINX, 0);
	add(f, "/var/log/nginx/modsec_audit.log", LOG_MODSECURITY, LOG_FAMILY_NGINX, 0);
	add(f, "/usr/local/lsws/logs/error.log", LOG_LITESPEED, LOG_FAMILY_LITESPEED, 0);
	add(f, "/usr/local/lsws/logs/stderr.log", LOG_LITESPEED, LOG_FAMILY_LITESPEED, 0);
}

/* ------------------------------------------------------------------ configurations */

/* path made absolute against base (a directory); NULL for an empty path. */
static char *absolute(const char *path, const char *base)
{
	if (!path || !*path)
		return NULL;
	if (path[0] == '/' || !base)
		return xstrdup(path);
	return xasprintf("%s/%s", base, path);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash != path ? xstrndup(path, (size_t)(slash - path)) : xstrdup("/");
}

enum conf_syntax { CONF_NGINX, CONF_APACHE, CONF_FPM, CONF_MODSEC };

struct walk {
	struct log_found *f;
	enum log_family family;
	pid_t pid;
	const struct strlist *env;
	char *include_base;     /* nginx: the main file's directory; Apache: ServerRoot */
	char *log_base;         /* nginx: the prefix (-p) */
	size_t files;
};

static void walk_file(struct walk *w, const char *path, enum conf_syntax syn, int depth);

static void walk_pattern(struct walk *w, const char *pattern, enum conf_syntax syn, int depth)
{
	char *abs = absolute(pattern, w->include_base);
	glob_t g;
	if (abs && glob(abs, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			walk_file(w, g.gl_pathv[i], syn, depth + 1);
		globfree(&g);
	}
	free(abs);
}

static void walk_file(struct walk *w, const char *path, enum conf_syntax syn, int depth)
{
	if (depth > CONF_MAX_DEPTH || w->files >= CONF_MAX_FILES)
		return;
	w->files++;
	char *text = NULL;
	size_t len;
	if (!regular_file(path) || file_read(path, CONF_MAX_BYTES, &text, &len) != FILE_READ_OK || !text ||
	    len > CONF_MAX_BYTES) {
		free(text);
		return;
	}
	struct conf_found c = {0};
	switch (syn) {
	case CONF_NGINX: logconf_nginx(text, &c); break;
	case CONF_APACHE:
	case CONF_MODSEC: logconf_apache(text, w->env, &c); break;
	case CONF_FPM: logconf_fpm(text, &c); break;
	}
	free(text);
	if (syn == CONF_APACHE && c.server_root) {
		free(w->include_base);
		w->include_base = xstrdup(c.server_root);
	}
	const char *log_base = syn == CONF_NGINX ? w->log_base : w->include_base;
	for (size_t i = 0; i < c.error_logs.n; i++) {
		char *p = absolute(c.error_logs.v[i], log_base);
		enum log_kind k = syn == CONF_NGINX ? LOG_NGINX : syn == CONF_FPM ? LOG_PHP_FPM : LOG_APACHE;
		add(w->f, p, k, syn == CONF_FPM ? LOG_FAMILY_ANY : w->family, w->pid);
		free(p);
	}
	for (size_t i = 0; i < c.audit_logs.n; i++) {
		char *p = absolute(c.audit_logs.v[i], log_base);
		add(w->f, p, LOG_MODSECURITY, w->family, w->pid);
		free(p);
	}
	for (size_t i = 0; i < c.php_logs.n; i++)
		add(w->f, c.php_logs.v[i], LOG_PHP, LOG_FAMILY_ANY, w->pid);
	for (size_t i = 0; i < c.n_pools; i++) {
		w->f->pools = xrealloc(w->f->pools, (w->f->n_pools + 1) * sizeof *w->f->pools);
		w->f->pools[w->f->n_pools++] = (struct log_pool){xstrdup(c.pools[i].name), xstrdup(c.pools[i].listen), NULL};
	}
	for (size_t i = 0; i < c.includes.n; i++) {
		/* php-fpm resolves its includes against the file's own directory. */
		char *base = syn == CONF_FPM ? dir_of(path) : NULL;
		if (base) {
			char *saved = w->include_base;
			w->include_base = base;
			walk_pattern(w, c.includes.v[i], syn, depth);
			w->include_base = saved;
			free(base);
		} else {
			walk_pattern(w, c.includes.v[i], syn, depth);
		}
	}
	for (size_t i = 0; i < c.modsec_files.n; i++)
		walk_pattern(w, c.modsec_files.v[i], CONF_MODSEC, depth);
	conf_found_free(&c);
}

/* The value after a command-line switch ("-c FILE"), or NULL. */
static char *switch_value(const char *cmdline, const char *sw)
{
	struct strlist words = {0};
	char *copy = xstrdup(cmdline), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		strlist_add(&words, t);
	free(copy);
	char *v = NULL;
	for (size_t i = 0; i + 1 < words.n && !v; i++)
		if (strcmp(words.v[i], sw) == 0)
			v = xstrdup(words.v[i + 1]);
	strlist_free(&words);
	return v;
}

static const char *first_existing(const char *const *paths)
{
	for (size_t i = 0; paths[i]; i++)
		if (regular_file(paths[i]))
			return paths[i];
	return NULL;
}

static void nginx_server(struct log_found *f, pid_t pid, const char *cmdline)
{
	/* "nginx: master process /usr/sbin/nginx -c /etc/nginx/nginx.conf -p /x/" */
	static const char *const defaults[] = {"/etc/nginx/nginx.conf", "/usr/local/nginx/conf/nginx.conf",
					       "/usr/local/etc/nginx/nginx.conf", NULL};
	char *conf = switch_value(cmdline, "-c");
	char *prefix = switch_value(cmdline, "-p");
	const char *main_conf = conf ? conf : first_existing(defaults);
	if (main_conf) {
		struct walk w = {.f = f, .family = LOG_FAMILY_NGINX, .pid = pid};
		w.include_base = dir_of(main_conf);
		w.log_base = prefix ? xstrdup(prefix) : xstrdup("/usr/share/nginx");
		walk_file(&w, main_conf, CONF_NGINX, 0);
		free(w.include_base);
		free(w.log_base);
	}
	free(conf);
	free(prefix);
}

static void apache_server(struct log_found *f, pid_t pid, const char *cmdline)
{
	char *conf = switch_value(cmdline, "-f");
	char *root = switch_value(cmdline, "-d");
	static const char *const defaults[] = {"/etc/apache2/apache2.conf", "/etc/httpd/conf/httpd.conf",
					       "/usr/local/apache2/conf/httpd.conf", NULL};
	const char *main_conf = conf ? conf : first_existing(defaults);
	struct strlist env = {0};
	/* Debian's ${APACHE_LOG_DIR}: the process's own environment where this
	 * user may read it, else what /etc/apache2/envvars exports. */
	if (!localhost_proc_environ(pid, &env)) {
		char *text = NULL;
		size_t len;
		if (file_read("/etc/apache2/envvars", 64 * 1024, &text, &len) == FILE_READ_OK && text)
			logconf_envvars(text, &env);
		free(text);
	}
	if (main_conf) {
		struct walk w = {.f = f, .family = LOG_FAMILY_APACHE, .pid = pid, .env = &env};
		char *base = dir_of(main_conf);
		/* Debian's ServerRoot is /etc/apache2; RHEL's /etc/httpd (the parent of conf/). */
		if (!root && strcmp(base, "/etc/httpd/conf") == 0)
			root = xstrdup("/etc/httpd");
		w.include_base = root ? xstrdup(root) : xstrdup(base);
		free(base);
		char *abs = absolute(main_conf, w.include_base);
		walk_file(&w, abs, CONF_APACHE, 0);
		free(abs);
		free(w.include_base);
	}
	strlist_free(&env);
	free(conf);
	free(root);
}

static void fpm_server(struct log_found *f, pid_t pid, const char *cmdline)
{
	/* "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)" */
	const char *open = strchr(cmdline, '(');
	const char *close = open ? strrchr(open, ')') : NULL;
	if (!open || !close)
		return;
	char *conf = xstrndup(open + 1, (size_t)(close - open - 1));
	struct walk w = {.f = f, .family = LOG_FAMILY_ANY, .pid = pid};
	w.include_base = dir_of(conf);
	size_t pools_before = f->n_pools;
	walk_file(&w, conf, CONF_FPM, 0);
	free(w.include_base);
	free(conf);
	/* This master's log, for its pools. */
	const char *log = NULL;
	for (size_t i = 0; i < f->n && !log; i++)
		if (f->v[i].pid == pid && f->v[i].kind == LOG_PHP_FPM)
			log = f->v[i].path;
	for (size_t i = pools_before; log && i < f->n_pools; i++)
		f->pools[i].log = xstrdup(log);
}

static void litespeed_server(struct log_found *f, pid_t pid)
{
	char *text = NULL;
	size_t len;
	if (file_read("/usr/local/lsws/conf/httpd_config.conf", CONF_MAX_BYTES, &text, &len) == FILE_READ_OK &&
	    text) {
		struct conf_found c = {0};
		logconf_litespeed(text, "/usr/local/lsws", &c);
		for (size_t i = 0; i < c.error_logs.n; i++)
			add(f, c.error_logs.v[i], LOG_LITESPEED, LOG_FAMILY_LITESPEED, pid);
		conf_found_free(&c);
	}
	free(text);
}

pid_t logfind_main_process(pid_t pid)
{
	struct proc_info me;
	if (!localhost_proc(pid, &me))
		return pid;
	for (int hops = 0; hops < 16 && me.ppid > 1; hops++) {
		struct proc_info up;
		if (!localhost_proc(me.ppid, &up))
			break;
		if (strcmp(up.comm, me.comm) != 0) {
			proc_info_free(&up);
			break;
		}
		pid = me.ppid;
		proc_info_free(&me);
		me = up;
	}
	proc_info_free(&me);
	return pid;
}

static void note_server(struct log_found *f, pid_t pid, enum log_family fam)
{
	for (size_t i = 0; i < f->n_servers; i++)
		if (f->servers[i] == pid)
			return;
	f->servers = xrealloc(f->servers, (f->n_servers + 1) * sizeof *f->servers);
	f->server_family = xrealloc(f->server_family, (f->n_servers + 1) * sizeof *f->server_family);
	f->servers[f->n_servers] = pid;
	f->server_family[f->n_servers++] = fam;
}

static void running_servers(struct log_found *f)
{
	enum { MAX_PIDS = 65536 };
	pid_t *pids = xmalloc(MAX_PIDS * sizeof *pids);
	size_t n = localhost_pids(pids, MAX_PIDS);
	for (size_t i = 0; i < n; i++) {
		/* The short name first: most processes are no web server. */
		char comm[64];
		if (!localhost_comm(pids[i], comm, sizeof comm) ||
		    (log_family_of(comm) == LOG_FAMILY_ANY && strncmp(comm, "php-fpm", 7) != 0))
			continue;
		struct proc_info p;
		if (!localhost_proc(pids[i], &p))
			continue;
		const char *c = p.comm;
		bool fpm = strncmp(c, "php-fpm", 7) == 0 && strstr(p.cmdline, "master process");
		enum log_family fam = log_family_of(c);
		/* The main process only: its children share its configuration. */
		bool main_proc = fpm || (fam != LOG_FAMILY_ANY && logfind_main_process(pids[i]) == pids[i]);
		if (main_proc && fam == LOG_FAMILY_NGINX && strstr(p.cmdline, "master process")) {
			nginx_server(f, pids[i], p.cmdline);
			note_server(f, pids[i], fam);
		} else if (main_proc && fam == LOG_FAMILY_APACHE) {
			apache_server(f, pids[i], p.cmdline);
			note_server(f, pids[i], fam);
		} else if (main_proc && fam == LOG_FAMILY_LITESPEED) {
			litespeed_server(f, pids[i]);
			note_server(f, pids[i], fam);
		} else if (fpm) {
			fpm_server(f, pids[i], p.cmdline);
		}
		proc_info_free(&p);
	}
	free(pids);
}

void logfind_discover(struct log_found *out)
{
	memset(out, 0, sizeof *out);
	running_servers(out);
	standard_places(out);
	/* The web servers' own logs first, then those of what runs behind them. */
	struct log_candidate *sorted = xcalloc(out->n + 1, sizeof *sorted);
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < out->n; i++)
			if ((out->v[i].family == LOG_FAMILY_ANY) == (pass == 1))
				sorted[k++] = out->v[i];
	free(out->v);
	out->v = sorted;
}

/* ------------------------------------------------------------------ --logs */

/* A name that looks like a live log, not a rotation or an archive. */
static bool log_name(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return false;
	static const char *const archive[] = {".gz", ".xz", ".bz2", ".zst", ".zip", ".old", NULL};
	for (size_t i = 0; archive[i]; i++) {
		size_t a = strlen(archive[i]);
		if (n > a && strcmp(name + n - a, archive[i]) == 0)
			return false;
	}
	/* "error.log.1", "error_log-20240101": rotated. */
	const char *last = name + n;
	while (last > name && last[-1] >= '0' && last[-1] <= '9')
		last--;
	if (last < name + n && last > name && (last[-1] == '.' || last[-1] == '-'))
		return false;
	return (n > 4 && strcmp(name + n - 4, ".log") == 0) || (n > 4 && strcmp(name + n - 4, "_log") == 0) ||
	       strcmp(name, "log") == 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int logfind_expand(const char *path, struct strlist *out, char **err)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		strlist_add(out, path);
		return 0;
	}
	DIR *d = opendir(path);
	if (!d) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	struct strlist names = {0};
	for (struct dirent *e; (e = readdir(d));)
		if (log_name(e->d_name))
			strlist_add(&names, e->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, name_cmp);
	for (size_t i = 0; i < names.n; i++) {
		char *p = xasprintf("%s/%s", path, names.v[i]);
		if (regular_file(p))
			strlist_add(out, p);
		free(p);
	}
	strlist_free(&names);
	return 0;
}
