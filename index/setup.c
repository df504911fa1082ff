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
	s->source = xstrdup(s->kdir);
	trace_phase("kernel version, arch, config");
	return 0;
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
	if (!r->kernel_dir)
		return;
	strbuf_init(&scope);
	for (i = 0; i < r->nr_scope; i++)
		strbuf_addf(&scope, "%s%s", i ? " " : "", r->scope[i]);
	s->scope = xstrdup(scope.len ? scope.buf : "all");
	strbuf_release(&scope);
	add_meta(s, "kernel_version", s->version ? s->version : "");
	add_meta(s, "arch", s->arch ? s->arch : "");
	add_meta(s, "config_hash", s->config ? s->config : "");
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
