/*
 * The kernel tree itself: whether a directory is a Linux tree prepared for
 * a build (kbuild_check_prepared), and which kernel it is: version, arch
 * and a hash of .config (see kbuild.h).
 */
#define _GNU_SOURCE	/* strchrnul */

#include "extractor/kbuild.h"
#include "extractor/kbuild_int.h"

#include "util/alloc.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define PREPARE_HINT "make LLVM=1 olddefconfig && make LLVM=1 prepare"

/* Files `make olddefconfig prepare` leaves in the tree, checked in order. */
static const char *const prepared_files[] = {
	".config",
	"include/config/auto.conf",
	"include/generated/autoconf.h",
	"include/generated/bounds.h",
	"include/generated/asm-offsets.h",
	NULL
};

static int read_text(const char *path, struct strbuf *sb)
{
	char buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		strbuf_add(sb, buf, (size_t)n);
	}
	close(fd);
	return 0;
}

int kbuild_read_tree_file(const char *kdir, const char *rel,
			  struct strbuf *sb)
{
	char *path = path_join(kdir, rel);
	int ret = read_text(path, sb);

	free(path);
	return ret;
}

/* Append s quoted for a POSIX shell if it needs quoting. */
static void sh_quote(struct strbuf *sb, const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+:@%,=";
	const char *p;

	if (*s && strspn(s, safe) == strlen(s)) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '\'');
	for (p = s; *p; p++) {
		if (*p == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '\'');
}

static int file_exists(const char *kdir, const char *rel)
{
	char *path = path_join(kdir, rel);
	struct stat st;
	int ret = !stat(path, &st);

	free(path);
	return ret;
}

static int not_prepared(const char *kdir, const char *why,
			struct kcg_error *err)
{
	struct strbuf cmd;
	int ret;

	strbuf_init(&cmd);
	strbuf_addstr(&cmd, "cd ");
	sh_quote(&cmd, kdir);
	strbuf_addstr(&cmd, " && " PREPARE_HINT);
	ret = kcg_error_set(err,
			    "kernel tree '%s' is not prepared (%s); run: %s",
			    kdir, why, cmd.buf);
	strbuf_release(&cmd);
	return ret;
}

static int is_kernel_tree(const char *kdir, const char **missing)
{
	static const char *const markers[] = {
		"Makefile", "Kconfig", "Kbuild", "include/linux/kernel.h",
		"scripts/Makefile.build", NULL
	};
	int i;

	for (i = 0; markers[i]; i++) {
		if (!file_exists(kdir, markers[i])) {
			*missing = markers[i];
			return 0;
		}
	}
	return 1;
}

int kbuild_is_kernel_tree(const char *kdir)
{
	const char *missing;

	return is_kernel_tree(kdir, &missing);
}

static int mtime_newer(const char *kdir, const char *a, const char *b)
{
	char *pa = path_join(kdir, a), *pb = path_join(kdir, b);
	struct stat sa, sb;
	int ret = 0;

	if (!stat(pa, &sa) && !stat(pb, &sb))
		ret = sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
		      (sa.st_mtim.tv_sec == sb.st_mtim.tv_sec &&
		       sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec);
	free(pa);
	free(pb);
	return ret;
}

int kbuild_check_prepared(const char *kdir, struct kcg_error *err)
{
	const char *missing;
	struct stat st;
	char why[256];
	int i;

	if (stat(kdir, &st))
		return kcg_error_errno(err, "cannot open kernel tree '%s'",
				       kdir);
	if (!S_ISDIR(st.st_mode))
		return kcg_error_set(err, "kernel tree '%s' is not a directory",
				     kdir);
	if (access(kdir, R_OK | X_OK))
		return kcg_error_errno(err, "cannot read kernel tree '%s'",
				       kdir);
	if (!is_kernel_tree(kdir, &missing))
		return kcg_error_set(err, "'%s' is not a Linux kernel source "
				     "tree (no '%s')", kdir, missing);
	for (i = 0; prepared_files[i]; i++) {
		if (file_exists(kdir, prepared_files[i]))
			continue;
		snprintf(why, sizeof(why), "'%s' is missing",
			 prepared_files[i]);
		return not_prepared(kdir, why, err);
	}
	if (mtime_newer(kdir, ".config", "include/config/auto.conf"))
		return not_prepared(kdir, "'.config' is newer than "
				    "'include/config/auto.conf'", err);
	return 0;
}

/* Which kernel it is. */

/*
 * The value of the first "NAME = value" line of a makefile, trimmed, or
 * NULL if there is none.
 */
static char *makefile_var(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *line = text;

	while (line && *line) {
		const char *p = line + n, *end = strchrnul(line, '\n');

		if (!strncmp(line, name, n) && (*p == ' ' || *p == '=')) {
			p += strspn(p, " \t");
			if (*p == '=') {
				p++;
				p += strspn(p, " \t");
				while (end > p && strchr(" \t\r", end[-1]))
					end--;
				return xstrndup(p, (size_t)(end - p));
			}
		}
		line = *end ? end + 1 : NULL;
	}
	return NULL;
}

static char *version_from_makefile(const char *kdir)
{
	static const char *const names[] = {
		"VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION"
	};
	char *v[4] = { NULL };
	struct strbuf sb;
	char *result = NULL;
	int i, ok = 1;

	strbuf_init(&sb);
	if (kbuild_read_tree_file(kdir, "Makefile", &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	for (i = 0; i < 4; i++) {
		v[i] = makefile_var(sb.buf, names[i]);
		if (v[i] && strpbrk(v[i], "$("))
			ok = 0;	/* needs make to expand */
	}
	strbuf_reset(&sb);
	if (ok && v[0] && *v[0]) {
		strbuf_addstr(&sb, v[0]);
		if (v[1] && *v[1]) {
			strbuf_addf(&sb, ".%s", v[1]);
			if (v[2] && *v[2])
				strbuf_addf(&sb, ".%s", v[2]);
		}
		strbuf_addstr(&sb, v[3] ? v[3] : "");
		result = strbuf_detach(&sb);
	}
	for (i = 0; i < 4; i++)
		free(v[i]);
	strbuf_release(&sb);
	return result;
}

static void first_version_line(const char *line, size_t len, void *data)
{
	char **version = data;

	if (!*version && len && line[0] >= '0' && line[0] <= '9')
		*version = xstrndup(line, len);
}

static char *version_from_make(const char *kdir)
{
	char *argv[] = {
		"make", "-s", "-C", (char *)kdir, "kernelversion", NULL
	};
	struct make_result res;
	char *version = NULL;

	if (kbuild_run_make(argv, first_version_line, &version, &res, NULL))
		return NULL;
	if (res.status) {
		free(version);
		version = NULL;
	}
	strbuf_release(&res.errtail);
	return version;
}

char *kbuild_kernel_version(const char *kdir)
{
	char *version = version_from_makefile(kdir);

	return version ? version : version_from_make(kdir);
}

static int config_set(const char *config, const char *symbol)
{
	size_t n = strlen(symbol);
	const char *p = config;

	while ((p = strstr(p, symbol))) {
		int line_start = p == config || p[-1] == '\n';

		if (line_start && !strncmp(p + n, "=y", 2) &&
		    strchr("\n\r", p[n + 2]))	/* also matches the final NUL */
			return 1;
		p += n;
	}
	return 0;
}

char *kbuild_arch(const char *kdir)
{
	static const char *const table[][2] = {
		{ "CONFIG_X86_64", "x86_64" },	{ "CONFIG_X86_32", "i386" },
		{ "CONFIG_ARM64", "arm64" },	{ "CONFIG_ARM", "arm" },
		{ "CONFIG_RISCV", "riscv" },	{ "CONFIG_PPC", "powerpc" },
		{ "CONFIG_S390", "s390" },	{ "CONFIG_MIPS", "mips" },
		{ "CONFIG_LOONGARCH", "loongarch" },
		{ "CONFIG_SPARC", "sparc" },	{ "CONFIG_PARISC", "parisc" },
		{ "CONFIG_M68K", "m68k" },	{ "CONFIG_ALPHA", "alpha" },
		{ "CONFIG_SUPERH", "sh" },	{ "CONFIG_XTENSA", "xtensa" },
		{ "CONFIG_UML", "um" },
	};
	struct strbuf sb;
	struct utsname u;
	char *arch = NULL;
	size_t i;

	strbuf_init(&sb);
	if (kbuild_read_tree_file(kdir, ".config", &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	for (i = 0; i < sizeof(table) / sizeof(table[0]) && !arch; i++)
		if (config_set(sb.buf, table[i][0]))
			arch = xstrdup(table[i][1]);
	strbuf_release(&sb);
	if (!arch && !uname(&u))
		arch = xstrdup(u.machine);
	return arch;
}

char *kbuild_config_hash(const char *kdir)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	struct strbuf sb;
	char hex[HASH_HEX_SIZE];
	size_t i;

	strbuf_init(&sb);
	if (kbuild_read_tree_file(kdir, ".config", &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	for (i = 0; i < sb.len; i++) {
		h ^= (unsigned char)sb.buf[i];
		h *= 0x100000001b3ULL;
	}
	strbuf_release(&sb);
	hash_hex(h, hex);
	return xstrdup(hex);
}
