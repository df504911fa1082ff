/*
 * Finding kcg's own files: see datadir.h.
 */
#include "datadir.h"

#include "util/alloc.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *datadir_exe_dir(void)
{
	char self[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(self[0] ? self : "/");
}

char *datadir_find(const char *name, const char *fallback)
{
	char *exe_dir = datadir_exe_dir(), *installed;
	struct strbuf sb;
	struct stat st;

	if (!exe_dir)
		return xstrdup(fallback);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/../share/kcg/%s", exe_dir, name);
	free(exe_dir);
	installed = path_normalize(sb.buf);
	strbuf_release(&sb);
	if (!stat(installed, &st) && S_ISDIR(st.st_mode))
		return installed;
	free(installed);
	return xstrdup(fallback);
}
