/* i18n.h: gettext for httpdoc. _() translates, N_() marks for later. */
#ifndef HTTPDOC_I18N_H
#define HTTPDOC_I18N_H

#include "gettext.h"

#define _(s) gettext(s)
#define N_(s) gettext_noop(s)

/* Set up the locale and the message catalogs. lang is --lang (en, zh_CN, ja)
 * or NULL for the environment's choice (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
 * Works where only C.UTF-8 exists: the locale falls back to C.UTF-8 and
 * LANGUAGE is derived from the environment. Catalogs come from
 * $HTTPDOC_LOCALEDIR when set (tests), else LOCALEDIR. Returns 0, or -1 when
 * lang is not a language httpdoc speaks. */
int i18n_init(const char *lang);

/* The language in use: "en", "zh_CN" or "ja". */
const char *i18n_language(void);

#endif
