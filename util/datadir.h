/*
 * Where kcg's own files are: the directory of the running binary, and the
 * data shipped with kcg (the flows, the sample tree, the web assets).  An
 * installed kcg (cmake --install, the .deb) finds its data in
 * PREFIX/share/kcg/NAME beside PREFIX/bin/kcg; a kcg run from its build
 * directory finds it in the source tree, whose path is compiled in.
 */
#ifndef KCG_DATADIR_H
#define KCG_DATADIR_H

/* The directory of the running executable, with no trailing slash
 * (from /proc/self/exe), or NULL.  Caller frees. */
char *datadir_exe_dir(void);

/*
 * The directory of kcg's data called name: EXE_DIR/../share/kcg/name when
 * that is a directory, else fallback (the source tree's).  Caller frees.
 */
char *datadir_find(const char *name, const char *fallback);

#endif
