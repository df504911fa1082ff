/*
 * What an index run indexes: see setup.h.
 */
#include "setup.h"

#include "extractor/kbuild.h"
#include "index/created.h"
#include "index/kernel_commands.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "util/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir_of(const char *path)
{
	char *abs = path_absolute(path), *slash = strrchr(abs, '/');

	if (slash == abs)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	return abs;
}

/* The commands of a kernel tree, made by its dry run or kept from the
 * last run's. */
static int kernel_setup(struct index_setup *s, const struct index_request *r,
			struct kcg_error *err)
{
	struct kernel_commands kc;
	char *dir = dir_of(r->db_path);

	s->kdir = path_absolute(r->kernel_dir);
	s->compdb_out = path_join(dir, "compile_commands.json");
	free(dir);
	kc.kdir = s->kdir;
	kc.scope = r->scope;
	kc.nscope = r->nr_scope;
	kc.db_path = r->db_path;
	kc.compdb_path = s->compdb_out;
	kc.full = r->full;
	if (kbuild_check_prepared(s->kdir, err) ||
	    index_kernel_commands(&s->compdb, &kc, &s->inputs,
				  &s->reused_commands, err))
		return -1;
	trace_phase(s->reused_commands ? "compile commands (kept)" :
					 "compile commands (dry run)");
	s->root = xstrdup(r->root ? r->root : s->kdir);
	s->version = kbuild_kernel_version(s->kdir);
	s->arch = kbuild_arch(s->kdir);
	s->config = kbuild_config_hash(s->kdir);
	s->kernel_tree = 1;
	s->source = xstrdup(s->kdir);
	trace_phase("kernel version, arch, config");
	return 0;
}

/* The longest directory every command's directory is in ("/" at least). */
static char *common_directory(const struct compdb *db)
{
	char *common = xstrdup(db->cmds[0].directory);
	size_t i, n;

	for (i = 1; i < db->nr; i++) {
		const char *dir = db->cmds[i].directory;

		for (n = 0; common[n] && common[n] == dir[n]; n++)
			;
		if (!common[n] && (!dir[n] || dir[n] == '/'))
			continue;	/* common is dir or above it */
		while (n > 0 && common[n] != '/')
			n--;	/* back to a whole component */
		common[n ? n : 1] = '\0';
	}
	return common;
}

/* dir, or the nearest directory above it, that is a kernel tree; or NULL. */
static char *kernel_tree_at_or_above(const char *dir)
{
	char *d = xstrdup(dir), *slash;

	for (;;) {
		if (kbuild_is_kernel_tree(d))
			return d;
		slash = strrchr(d, '/');
		if (!slash || slash == d) {
			free(d);
			return NULL;
		}
		*slash = '\0';
	}
}

/*
 * Which kernel the commands of a compile database compile: the tree
 * --root names, else the one the compile database is in, else the
 * directory common to its commands or the nearest above it, the first
 * that looks like a kernel tree (prepared or not), which is also the root
 * unless --root says otherwise.  None: no kernel facts.
 */
static void identify_kernel(struct index_setup *s, const char *root,
			    const char *compdb_path)
{
	char *candidates[3], *common;
	int i, found = -1;

	candidates[0] = root ? path_absolute(root) : NULL;
	candidates[1] = dir_of(compdb_path);
	common = common_directory(&s->compdb);
	candidates[2] = kernel_tree_at_or_above(common);
	free(common);
	for (i = 0; i < 3 && found < 0; i++)
		if (candidates[i] && kbuild_is_kernel_tree(candidates[i]))
			found = i;
	if (found >= 0) {
		s->version = kbuild_kernel_version(candidates[found]);
		s->arch = kbuild_arch(candidates[found]);
		s->config = kbuild_config_hash(candidates[found]);
		s->kernel_tree = 1;
		if (!root) {
			/* paths relative to the tree, as with --kernel */
			free(s->root);
			s->root = xstrdup(candidates[found]);
		}
	}
	for (i = 0; i < 3; i++)
		free(candidates[i]);
	trace_phase("kernel version, arch, config");
}

/* The commands of a compile database (samples/ by default). */
static int compdb_setup(struct index_setup *s, const struct index_request *r,
			struct kcg_error *err)
{
	char *path = r->compdb_path ? path_absolute(r->compdb_path) :
				      xstrdup(r->samples_compdb);
	int rc = compdb_read_json(&s->compdb, path, err);

	if (!rc) {
		s->root = r->root ? xstrdup(r->root) : dir_of(path);
		s->source = xstrdup(r->compdb_path ? r->compdb_path :
						     "samples");
		if (r->compdb_path && s->compdb.nr)
			identify_kernel(s, r->root, path);
	}
	free(path);
	return rc;
}

static void add_meta(struct index_setup *s, const char *key,
		     const char *value)
{
	s->meta[s->nr_meta++] = (struct index_meta){ key, value };
}

static void assemble_meta(struct index_setup *s,
			  const struct index_request *r)
{
	struct strbuf scope;
	int i;

	s->created = index_created_now();
	s->jobs = xmalloc(32);
	snprintf(s->jobs, 32, "%d", r->jobs);
	add_meta(s, "kcg_version", KCG_VERSION);
	add_meta(s, "created", s->created);
	add_meta(s, "root", s->root);
	add_meta(s, "source", s->source);
	add_meta(s, "jobs", s->jobs);
	if (!s->kernel_tree)
		return;
	add_meta(s, "kernel_version", s->version ? s->version : "");
	add_meta(s, "arch", s->arch ? s->arch : "");
	add_meta(s, "config_hash", s->config ? s->config : "");
	if (!r->kernel_dir)
		return;
	strbuf_init(&scope);
	for (i = 0; i < r->nr_scope; i++)
		strbuf_addf(&scope, "%s%s", i ? " " : "", r->scope[i]);
	s->scope = xstrdup(scope.len ? scope.buf : "all");
	strbuf_release(&scope);
	add_meta(s, "scope", s->scope);
	add_meta(s, "kbuild_inputs", s->inputs);
	if (s->compdb_hash)
		add_meta(s, "compdb_hash", s->compdb_hash);
}

int index_setup_make(struct index_setup *s, const struct index_request *r,
		     struct kcg_error *err)
{
	char *abs_root;

	memset(s, 0, sizeof(*s));
	compdb_init(&s->compdb);
	if (r->kernel_dir ? kernel_setup(s, r, err) : compdb_setup(s, r, err))
		return -1;
	if (!s->compdb.nr)
		return kcg_error_set(err, "no translation units to index in "
					  "'%s'", s->source);
	if (s->compdb_out && !s->reused_commands &&
	    compdb_write_json(&s->compdb, s->compdb_out, err))
		return -1;
	if (s->compdb_out)
		s->compdb_hash = index_file_hash(s->compdb_out);
	trace_phase("compile_commands.json");
	abs_root = path_absolute(s->root);
	free(s->root);
	s->root = abs_root;
	assemble_meta(s, r);
	return 0;
}

void index_setup_release(struct index_setup *s)
{
	compdb_release(&s->compdb);
	free(s->root);
	free(s->kdir);
	free(s->source);
	free(s->compdb_out);
	free(s->created);
	free(s->jobs);
	free(s->version);
	free(s->arch);
	free(s->config);
	free(s->scope);
	free(s->inputs);
	free(s->compdb_hash);
	memset(s, 0, sizeof(*s));
}
