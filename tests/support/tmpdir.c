/*
 * Temporary directories for tests: see tmpdir.h.
 */
#define _GNU_SOURCE	/* mkdtemp, nftw */

#include "tmpdir.h"

#include "util/strbuf.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

char *tmpdir_make(const char *base, const char *prefix)
{
	struct strbuf sb;

	mkdir(base, 0777);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/%s-XXXXXX", base, prefix);
	if (!mkdtemp(sb.buf)) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

void tmpdir_remove(char *dir)
{
	if (!dir)
		return;
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}
