/* htmlguard.c: count start-tag attributes ahead of libxml2 and drop the excess. */
#include <config.h>
#include "htmlguard.h"

#include <string.h>

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void guard_tag_end(struct tag_guard *g)
{
	g->name[g->name_len] = '\0';
	g->drop = false;
	g->raw_match = 0;
	if (strcmp(g->name, "script") == 0)
		g->raw_end = "</script";
	else if (strcmp(g->name, "style") == 0)
		g->raw_end = "</style";
	else
		g->raw_end = NULL;
	g->st = g->raw_end ? G_RAW : G_TEXT;
	g->name_len = 0;
}

bool guard_byte(struct tag_guard *g, int c)
{
	switch (g->st) {
	case G_TEXT:
		if (c == '<') {
			g->st = G_LT;
			g->bang = 0;
		}
		return true;
	case G_LT:
		if (c == '!' && g->bang == 0) {
			g->bang = 1;
		} else if (c == '-' && g->bang >= 1) {
			if (++g->bang == 3) {
				g->st = G_COMMENT;
				g->dashes = 0;
			}
		} else if (is_alpha(c) && g->bang == 0) {
			g->st = G_NAME;
			g->name_len = 0;
			g->name[g->name_len++] = (char)lower(c);
			g->attrs = 0;
			g->sep = false;
		} else if (c == '<') {
			g->bang = 0;
		} else {
			g->st = G_TEXT;
		}
		return true;
	case G_NAME:
		if (!is_space(c) && c != '>' && c != '/') {
			if (g->name_len < sizeof g->name - 1)
				g->name[g->name_len++] = (char)lower(c);
			else
				g->name[0] = '-';      /* too long to be script or style */
			return true;
		}
		g->st = G_TAG;
		return guard_byte(g, c);
	case G_TAG:
		if (c == '>') {
			guard_tag_end(g);
			return true;
		}
		if (g->drop)
			return false;
		if (is_space(c) || c == '/') {
			g->sep = true;
		} else if (c == '=') {
			g->st = G_EQ;
		} else if (g->sep) {
			g->sep = false;
			if (++g->attrs > GUARD_MAX_ATTRS) {
				g->drop = true;
				return false;
			}
		}
		return true;
	case G_EQ:
		if (c == '"' || c == '\'') {
			g->quote = (char)c;
			g->st = G_QUOTE;
		} else if (c == '>') {
			guard_tag_end(g);
		} else if (!is_space(c)) {
			g->st = G_TAG;
			g->sep = false;
		}
		return true;
	case G_QUOTE:
		if (c == g->quote) {
			g->st = G_TAG;
			g->sep = true;
		}
		return true;
	case G_COMMENT:
		if (c == '-')
			g->dashes++;
		else if (c == '>' && g->dashes >= 2)
			g->st = G_TEXT;
		else
			g->dashes = 0;
		return true;
	case G_RAW:
		if (lower(c) == g->raw_end[g->raw_match]) {
			if (g->raw_end[++g->raw_match] == '\0') {
				g->st = G_TAG;          /* the end tag: nothing to count */
				g->name_len = 0;
				g->drop = false;
			}
		} else {
			g->raw_match = c == '<' ? 1 : 0;
		}
		return true;
	}
	return true;
}
