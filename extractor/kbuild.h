/*
 * Compile commands from Kbuild without building: run `make LLVM=1 -n -B V=1
 * <scope>` in a prepared kernel tree and take the compiler invocation of
 * every C object from what it prints.
 *
 * By job: kbuild_dry_run.c runs the dry run, kbuild_parse.c parses what it
 * prints, kbuild_make.c runs make, kbuild_kernel.c checks the tree and
 * says which kernel it is, kbuild_inputs.c hashes what the dry run reads.
 */
#ifndef KCG_KBUILD_H
#define KCG_KBUILD_H

#include "extractor/compdb.h"
#include "util/error.h"

/*
 * Check that kdir is a kernel tree prepared for a build (has .config and
 * the generated headers `make prepare` writes).  The error message prints
 * the exact commands to run.
 */
int kbuild_check_prepared(const char *kdir, struct kcg_error *err);

/*
 * Run the dry run in kdir for the given scope (directories such as "net/",
 * or single files "net/core/dev.c" / "net/core/dev.o"; none: the whole
 * tree) and add a command for every C translation unit it compiles.
 */
int kbuild_dry_run(struct compdb *db, const char *kdir, char *const *scope,
		   int nscope, struct kcg_error *err);

/*
 * Parse dry-run output (len bytes, need not be NUL-terminated) printed by
 * make in kdir, as kbuild_dry_run does.  goals, if not NULL, is the
 * NULL-terminated list of make goals of the scope ("net/",
 * "net/core/dev.o"): objects none of them builds are skipped.  Lines that
 * are not shell kcg understands are skipped; returns 0.
 */
int kbuild_parse_output(struct compdb *db, const char *kdir,
			char *const *goals, const char *text, size_t len,
			struct kcg_error *err);

/*
 * A hash of what the dry run for this scope depends on (the makefiles
 * and configuration it reads, the compiler, the environment Kbuild
 * reads), continuing from salt; as 16 hex digits, a new string.  Equal
 * hashes: the dry run would print the same commands again.
 */
char *kbuild_inputs_hash(const char *kdir, char *const *scope, int nscope,
			 const char *salt);

/*
 * Does kdir look like a Linux source tree (top Makefile, Kconfig, Kbuild,
 * include/linux/kernel.h, scripts/Makefile.build)?  Prepared or not.
 */
int kbuild_is_kernel_tree(const char *kdir);

/*
 * Kernel facts for the database, each a new string or NULL when unknown:
 * version ("6.1.192" from `make kernelversion` or the Makefile), arch
 * (from .config), and a hash of .config.
 */
char *kbuild_kernel_version(const char *kdir);
char *kbuild_arch(const char *kdir);
char *kbuild_config_hash(const char *kdir);

/*
 * Run `make LLVM=1 <target>` in kdir to produce a generated file a TU
 * needs (security/selinux/flask.h).  Returns 0 on success.
 */
int kbuild_make_target(const char *kdir, const char *target,
		       struct kcg_error *err);

#endif
