/*
 * The database an index run replaces, read-only, as the plan of the run
 * (index/plan.h) reads it: its meta, its TUs, the files they read and the
 * definitions they walked, as plain C arrays.  Only this file and the
 * store know the tables; the plan decides what to parse again.
 */
#ifndef KCG_PREVIOUS_H
#define KCG_PREVIOUS_H

#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

struct previous;

struct previous_tu {
	int64_t id;
	char *file;		/* the TU's source, relative to the root */
	uint64_t command_hash;	/* tu_command_hash() of its command */
	int ok;			/* it parsed cleanly */
	int failed;		/* nothing of it parsed */
};

/* A file some TU read, with the hash of the text it read. */
struct previous_read {
	int64_t file_id;
	char *path;
	uint64_t hash;
};

/* A definition a TU walked (claims with a key). */
struct previous_claim {
	int64_t tu_id;
	char *key;
	char *file;		/* where the definition is, or NULL */
	int weak;		/* a weak definition */
	int in_main;		/* in the TU's source file */
	int unwalked;		/* of beaten_defs: beaten, not walked */
};

/* Open the kcg database at path read-only (db_open_read()'s messages). */
int previous_open(const char *path, struct previous **out,
		  struct kcg_error *err);

/* Close it; NULL is allowed. */
void previous_close(struct previous *p);

/* meta(key) into *out: a new string, or NULL when it is not there. */
int previous_meta(struct previous *p, const char *key, char **out,
		  struct kcg_error *err);

/* Every TU, sorted by id (*out a new array: previous_tus_free()). */
int previous_tus(struct previous *p, struct previous_tu **out, size_t *nr,
		 struct kcg_error *err);
void previous_tus_free(struct previous_tu *tus, size_t nr);

/* An error of a TU: the file it is in (relative to the root; NULL if
 * none) and clang's message. */
struct previous_diag {
	char *file;
	char *message;
};

/* The errors recorded of TU tu_id (previous_diags_free()). */
int previous_diags(struct previous *p, int64_t tu_id,
		   struct previous_diag **out, size_t *nr,
		   struct kcg_error *err);
void previous_diags_free(struct previous_diag *diags, size_t nr);

/* Every (file, hash) some TU read, by file id (previous_reads_free()). */
int previous_reads(struct previous *p, struct previous_read **out,
		   size_t *nr, struct kcg_error *err);
void previous_reads_free(struct previous_read *reads, size_t nr);

/* The ids of the TUs that read file_id as it hashed hash (*out a new
 * array, free()). */
int previous_readers(struct previous *p, int64_t file_id, uint64_t hash,
		     int64_t **out, size_t *nr, struct kcg_error *err);

/* The ids of the TUs whose walked bodies or initializers name a value
 * of the enum key (enum_uses; *out a new array, free()). */
int previous_enum_users(struct previous *p, const char *key, int64_t **out,
			size_t *nr, struct kcg_error *err);

/* The ids of the TUs that read the file at path, whatever its hash (*out
 * a new array, free()). */
int previous_readers_of_path(struct previous *p, const char *path,
			     int64_t **out, size_t *nr,
			     struct kcg_error *err);

/*
 * The claims with a key of TU tu_id, appended to *out (*nr of *alloc):
 * an update reads those of the TUs it parses again or drops, not the
 * 700,000 of a whole tree (previous_claims_free()).
 */
int previous_claims_of(struct previous *p, int64_t tu_id,
		       struct previous_claim **out, size_t *nr, size_t *alloc,
		       struct kcg_error *err);

/* Every definition beaten (beaten_defs, unwalked), appended as above. */
int previous_beaten(struct previous *p, struct previous_claim **out,
		    size_t *nr, size_t *alloc, struct kcg_error *err);
void previous_claims_free(struct previous_claim *claims, size_t nr);

/*
 * The claim of key (its tu_id, weak and in_main; key and file NULL): 1
 * if there is one, 0 if not, -1 on error.  Safe to call from the
 * extractor's threads while nothing else uses p.
 */
int previous_claim_of_key(struct previous *p, const char *key,
			  struct previous_claim *out, struct kcg_error *err);

#endif
