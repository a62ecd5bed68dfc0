/* xml-paths: the element paths of an XML fragment, one per line, for the
 * snippet check's web.config test (tests/snippets.sh): a fragment must be
 * well-formed, and each path ("system.webServer/security/requestFiltering")
 * is then looked up among IIS's configuration elements. The wrappers
 * <configuration> and <location> are left out of the paths: a fragment may
 * stand at any level of a web.config.
 *
 *   xml-paths FILE
 *
 * Exit 0; 1 with libxml2's "line: message" when the file is not well-formed. */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static void walk(xmlNodePtr n, const char *prefix)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		char path[1024];
		if (strcmp(name, "configuration") == 0 || strcmp(name, "location") == 0) {
			snprintf(path, sizeof path, "%s", prefix);
		} else {
			snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "/" : "", name);
			printf("%s\n", path);
		}
		walk(n->children, path);
	}
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (e && e->level >= XML_ERR_ERROR)
		fprintf(stderr, "line %d: %s", e->line, e->message ? e->message : "not well-formed\n");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: xml-paths FILE\n");
		return 2;
	}
	xmlSetStructuredErrorFunc(NULL, on_error);
	xmlDocPtr doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	if (!doc)
		return 1;
	walk(xmlDocGetRootElement(doc), "");
	xmlFreeDoc(doc);
	return 0;
}
