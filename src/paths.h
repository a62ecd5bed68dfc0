/* paths.h: where httpdoc's data lives: the knowledge base, the demo samples, the catalogs. */
#ifndef HTTPDOC_PATHS_H
#define HTTPDOC_PATHS_H

/* The directory for one kind of data: $ENV when set; else the installed
 * directory when it exists; else, for a program run from its build tree,
 * SOURCE_SUBDIR beside the executable's directory (src/../kb); else the
 * installed directory anyway (so errors name it). The result is borrowed
 * and stays valid for the life of the process. */
const char *data_dir(const char *env, const char *installed, const char *source_subdir);

#endif
