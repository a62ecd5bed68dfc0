/* i18n.c: choosing the language, with a fallback for machines that only have C.UTF-8. */
#include <config.h>
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "dirs.h"
#include "paths.h"
#include "util.h"

static char language[16] = "en";

/* "ja_JP.UTF-8@x" -> "ja"; "zh_CN.UTF-8" -> "zh_CN"; "zh" -> "zh_CN". NULL if not ours. */
static const char *lang_of(const char *v)
{
	if (!v || !*v)
		return NULL;
	if (strncmp(v, "zh", 2) == 0)
		return (strncmp(v, "zh_TW", 5) == 0 || strncmp(v, "zh_HK", 5) == 0) ? NULL : "zh_CN";
	if (strncmp(v, "ja", 2) == 0)
		return "ja";
	if (strncmp(v, "en", 2) == 0 || strcmp(v, "C") == 0 || strncmp(v, "C.", 2) == 0 ||
	    strcmp(v, "POSIX") == 0)
		return "en";
	return NULL;
}

static void use_locale(int category, const char *name)
{
	if (!setlocale(category, name))
		setlocale(category, "C.UTF-8");
}

int i18n_init(const char *lang)
{
	int status = 0;
	const char *chosen = NULL;
	if (lang) {
		if (strcmp(lang, "en") == 0 || strcmp(lang, "zh_CN") == 0 || strcmp(lang, "ja") == 0)
			chosen = lang;
		else
			status = -1;
	}

	/* Only the two categories httpdoc uses: characters (widths, curses) and
	 * messages. Numbers keep the C locale's decimal point in every
	 * language, and the other categories' files are never opened. */
	use_locale(LC_CTYPE, "");
	use_locale(LC_MESSAGES, "");
	/* gettext ignores LANGUAGE in the C locale: make sure we are in C.UTF-8 at least. */
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (cur && (strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)) {
		use_locale(LC_CTYPE, "C.UTF-8");
		use_locale(LC_MESSAGES, "C.UTF-8");
	}

	const char *vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars && !chosen; i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		if (i > 0) {
			chosen = lang_of(v);    /* the first set variable decides, as POSIX says */
			break;
		}
		/* LANGUAGE is a list: take the first language httpdoc speaks. */
		char *copy = xstrdup(v), *save = NULL;
		for (char *t = strtok_r(copy, ":", &save); t && !chosen; t = strtok_r(NULL, ":", &save))
			chosen = lang_of(t);
		free(copy);
	}
	if (!chosen)
		chosen = "en";
	strncpy(language, chosen, sizeof language - 1);
	setenv("LANGUAGE", chosen, 1);

	bindtextdomain(PACKAGE, data_dir("HTTPDOC_LOCALEDIR", LOCALEDIR, "locale"));
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	return status;
}

const char *i18n_language(void)
{
	return language;
}
