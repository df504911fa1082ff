/*
 * What a Kbuild dry run depends on, as one hash: see kbuild.h.
 *
 * The dry run prints the same commands as long as make reads the same
 * makefiles and configuration, finds the same compiler and sees the same
 * environment.  Which makefiles a recursive Kbuild make reads is only
 * known to make, so the set hashed is a superset of the usual ones: the
 * top-level Makefile and Kbuild, the configuration, the makefiles and
 * includes of scripts/ and of each arch/ARCH/, and every Makefile* and Kbuild*
 * under each scope entry (the whole tree without one) and in the
 * directories above it.  A makefile elsewhere that a scope makefile
 * includes by path is not seen: `kcg index --full` runs the dry run
 * whatever the hash says.
 */
#include "extractor/kbuild.h"

#include "util/alloc.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* Single files every Kbuild run reads. */
static const char *const tree_files[] = {
	"Makefile", "Kbuild", ".config", "include/config/auto.conf",
	"include/config/auto.conf.cmd", NULL
};

/*
 * Environment Kbuild reads (prefixes end in '_').  Not PATH: it differs
 * from shell to shell, and what it selects, the compiler, is hashed as
 * the file it resolves to.
 */
static const char *const kbuild_env[] = {
	"ARCH", "SUBARCH", "SRCARCH", "CROSS_COMPILE", "LLVM", "LLVM_IAS",
	"CC", "LD", "AR", "HOSTCC", "KCFLAGS", "KCPPFLAGS", "KAFLAGS",
	"KCONFIG_CONFIG", "KBUILD_", "CONFIG_", NULL
};

struct inputs {
	char **paths;		/* relative to the tree */
	size_t nr, alloc;
};

static void add_path(struct inputs *in, const char *rel)
{
	xgrow(&in->paths, &in->alloc, in->nr + 1, sizeof(*in->paths));
	in->paths[in->nr++] = xstrdup(rel);
}

static int is_makefile(const char *name)
{
	return !strncmp(name, "Makefile", 8) || !strncmp(name, "Kbuild", 6);
}

/* scripts/ and arch/x86/ themselves: makefiles and make includes. */
static int is_make_include(const char *name)
{
	size_t len = strlen(name);

	return is_makefile(name) ||
	       (len > 8 && !strcmp(name + len - 8, ".include")) ||
	       (len > 3 && !strcmp(name + len - 3, ".mk"));
}

/*
 * Add the makefiles of directory rel ("" for the top), and of every
 * directory below it when recurse.  Hidden entries (.git) are skipped.
 */
static void add_dir(struct inputs *in, const char *kdir, const char *rel,
		    int recurse, int (*wanted)(const char *))
{
	char *abs = rel[0] ? path_join(kdir, rel) : xstrdup(kdir);
	DIR *d = opendir(abs);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		struct strbuf child;
		int is_dir = de->d_type == DT_DIR, is_reg = de->d_type == DT_REG;

		if (de->d_name[0] == '.')
			continue;
		/* the type readdir gives spares a stat of each of the ~90,000
		 * entries of a whole tree; lstat only where it does not */
		if (de->d_type != DT_UNKNOWN &&
		    !(is_dir ? recurse : is_reg && wanted(de->d_name)))
			continue;
		strbuf_init(&child);
		strbuf_addf(&child, "%s%s%s", rel, rel[0] ? "/" : "",
			    de->d_name);
		if (de->d_type == DT_UNKNOWN) {
			char *child_abs = path_join(kdir, child.buf);
			struct stat st;

			if (!lstat(child_abs, &st)) {
				is_dir = S_ISDIR(st.st_mode);
				is_reg = S_ISREG(st.st_mode);
			}
			free(child_abs);
		}
		if (is_dir && recurse)
			add_dir(in, kdir, child.buf, 1, wanted);
		else if (is_reg && wanted(de->d_name))
			add_path(in, child.buf);
		strbuf_release(&child);
	}
	if (d)
		closedir(d);
	free(abs);
}

/* A scope entry as a directory relative to the tree ("" for the top). */
static char *scope_dir(const char *kdir, const char *entry)
{
	char *norm = path_normalize(entry), *dir;
	const char *rel = norm;
	struct stat st;
	char *abs;

	if (entry[0] == '/') {
		rel = path_relative_to(norm, kdir);
		if (!rel)
			rel = "";
	}
	if (!strcmp(rel, "."))
		rel = "";
	dir = xstrdup(rel);
	abs = rel[0] ? path_join(kdir, rel) : xstrdup(kdir);
	if (stat(abs, &st) || !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(dir, '/');

		if (slash)
			*slash = '\0';
		else
			dir[0] = '\0';
	}
	free(abs);
	free(norm);
	return dir;
}

/* Makefiles of the scope, and of each directory above it. */
static void add_scope(struct inputs *in, const char *kdir, const char *entry)
{
	char *dir = scope_dir(kdir, entry), *slash;

	add_dir(in, kdir, dir, 1, is_makefile);
	while ((slash = strrchr(dir, '/'))) {
		*slash = '\0';
		add_dir(in, kdir, dir, 0, is_makefile);
	}
	free(dir);
}

/* The top of each architecture: arch/x86/Makefile, Makefile_32.cpu... */
static void add_arches(struct inputs *in, const char *kdir)
{
	char *abs = path_join(kdir, "arch");
	DIR *d = opendir(abs);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char rel[512];

		if (de->d_name[0] == '.' ||
		    (size_t)snprintf(rel, sizeof(rel), "arch/%s", de->d_name) >=
			    sizeof(rel))
			continue;
		add_dir(in, kdir, rel, 0, is_make_include);
	}
	if (d)
		closedir(d);
	free(abs);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint64_t hash_env(uint64_t h)
{
	size_t i;
	int k;

	for (i = 0; environ && environ[i]; i++)
		for (k = 0; kbuild_env[k]; k++) {
			const char *name = kbuild_env[k];
			size_t len = strlen(name);
			int prefix = name[len - 1] == '_';

			if (!strncmp(environ[i], name, len) &&
			    (prefix || environ[i][len] == '=')) {
				h = hash_str(h, environ[i]);
				break;
			}
		}
	return h;
}

/* The clang on PATH, by where it resolves to, its size and its time. */
static uint64_t hash_compiler(uint64_t h)
{
	const char *path = getenv("PATH");
	char *copy = xstrdup(path ? path : "/usr/bin:/bin"), *dir, *save;

	for (dir = strtok_r(copy, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		char *clang = path_join(dir, "clang"), *real;
		struct stat st;

		if (!access(clang, X_OK) && (real = realpath(clang, NULL))) {
			if (!stat(real, &st)) {
				h = hash_str(h, real);
				h = hash_bytes(h, &st.st_size, sizeof(st.st_size));
				h = hash_bytes(h, &st.st_mtime,
					       sizeof(st.st_mtime));
			}
			free(real);
			free(clang);
			break;
		}
		free(clang);
	}
	free(copy);
	return h;
}

char *kbuild_inputs_hash(const char *kdir, char *const *scope, int nscope,
			 const char *salt)
{
	struct inputs in;
	char out[HASH_HEX_SIZE];
	uint64_t h = hash_str(0, salt);
	size_t i;
	int k;

	memset(&in, 0, sizeof(in));
	for (k = 0; tree_files[k]; k++)
		add_path(&in, tree_files[k]);
	add_dir(&in, kdir, "scripts", 0, is_make_include);
	add_arches(&in, kdir);
	if (!nscope)
		add_dir(&in, kdir, "", 1, is_makefile);
	for (k = 0; k < nscope; k++) {
		add_scope(&in, kdir, scope[k]);
		h = hash_str(h, scope[k]);
	}
	qsort(in.paths, in.nr, sizeof(*in.paths), by_string);
	h = hash_str(h, kdir);
	for (i = 0; i < in.nr; i++) {
		char *abs = path_join(kdir, in.paths[i]);
		uint64_t content = 0;

		/* a file that is not there is an input too */
		if (i && !strcmp(in.paths[i], in.paths[i - 1])) {
			free(abs);
			continue;
		}
		if (hash_file(abs, &content))
			content = 0;
		h = hash_str(h, in.paths[i]);
		h = hash_bytes(h, &content, sizeof(content));
		free(abs);
	}
	h = hash_compiler(hash_env(h));
	for (i = 0; i < in.nr; i++)
		free(in.paths[i]);
	free(in.paths);
	hash_hex(h, out);
	return xstrdup(out);
}
