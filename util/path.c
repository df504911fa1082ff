/*
 * Lexical path manipulation: see path.h.
 */
#include "path.h"

#include "alloc.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *path_normalize(const char *path)
{
	int absolute = path[0] == '/';
	const char *p = path;
	struct strbuf out;
	size_t *starts = NULL, nr = 0, alloc = 0;

	/* starts[i]: length of out before component i was appended */
	strbuf_init(&out);
	while (*p) {
		const char *end;
		size_t len;

		while (*p == '/')
			p++;
		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		if (!len)
			break;
		if (len == 1 && p[0] == '.') {
			/* skip */
		} else if (len == 2 && p[0] == '.' && p[1] == '.' && nr &&
			   strcmp(out.buf + starts[nr - 1] +
				  (starts[nr - 1] ? 1 : 0), "..") != 0) {
			nr--;
			out.len = starts[nr];
			out.buf[out.len] = '\0';
		} else if (len == 2 && p[0] == '.' && p[1] == '.' && absolute) {
			/* "/.." is "/" */
		} else {
			xgrow(&starts, &alloc, nr + 1, sizeof(*starts));
			starts[nr++] = out.len;
			if (out.len || absolute)
				strbuf_addch(&out, '/');
			strbuf_add(&out, p, len);
		}
		p += len;
	}
	free(starts);
	if (!out.len)
		strbuf_addstr(&out, absolute ? "/" : ".");
	return strbuf_detach(&out);
}

char *path_join(const char *dir, const char *rel)
{
	struct strbuf sb;
	char *result;

	if (rel[0] == '/' || !dir || !dir[0])
		return path_normalize(rel);
	strbuf_init(&sb);
	strbuf_addstr(&sb, dir);
	strbuf_addch(&sb, '/');
	strbuf_addstr(&sb, rel);
	result = path_normalize(sb.buf);
	strbuf_release(&sb);
	return result;
}

const char *path_relative_to(const char *path, const char *root)
{
	size_t len = strlen(root);

	while (len > 1 && root[len - 1] == '/')
		len--;
	if (len == 1 && root[0] == '/')
		return path[0] == '/' ? path + 1 : NULL;
	if (strncmp(path, root, len) || path[len] != '/')
		return NULL;
	return path + len + 1;
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *path_absolute(const char *path)
{
	char *cwd, *result;

	if (path[0] == '/')
		return path_normalize(path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return path_normalize(path);	/* the best we can do */
	result = path_join(cwd, path);
	free(cwd);
	return result;
}
