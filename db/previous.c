/*
 * The database an index run replaces, read-only: see previous.h.
 */
#include "previous.h"

#include "db.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

struct previous {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *readers;	/* TUs by (file_id, hash), reused */
	sqlite3_stmt *claims_of;	/* claims by TU, reused */
	sqlite3_stmt *claim_of_key;	/* the claim of a key, reused */
};

static int read_fail(struct previous *p, struct kcg_error *err)
{
	return kcg_error_set(err, "cannot read '%s': %s", p->path,
			     sqlite3_errmsg(p->db));
}

static char *dup_text(sqlite3_stmt *st, int col)
{
	const unsigned char *text = sqlite3_column_text(st, col);

	return text ? xstrdup((const char *)text) : NULL;
}

int previous_open(const char *path, struct previous **out,
		  struct kcg_error *err)
{
	sqlite3 *db;

	*out = NULL;
	if (db_open_read(path, &db, err))
		return -1;
	*out = xcalloc(1, sizeof(**out));
	(*out)->db = db;
	(*out)->path = xstrdup(path);
	return 0;
}

void previous_close(struct previous *p)
{
	if (!p)
		return;
	sqlite3_finalize(p->readers);
	sqlite3_finalize(p->claims_of);
	sqlite3_finalize(p->claim_of_key);
	sqlite3_close(p->db);
	free(p->path);
	free(p);
}

int previous_meta(struct previous *p, const char *key, char **out,
		  struct kcg_error *err)
{
	if (!db_meta_read(p->db, key, out, err))
		return 0;
	return kcg_error_set(err, "cannot read '%s': %s", p->path,
			     sqlite3_errmsg(p->db));
}

int previous_tus(struct previous *p, struct previous_tu **out, size_t *nr,
		 struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (db_prepare(p->db, "SELECT t.id, f.path, t.command_hash, "
			      "t.status FROM tus t JOIN files f "
			      "ON f.id = t.file_id ORDER BY t.id", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct previous_tu *t;
		const char *status = (const char *)sqlite3_column_text(st, 3);

		xgrow(out, &alloc, *nr + 1, sizeof(**out));
		t = &(*out)[(*nr)++];
		t->id = sqlite3_column_int64(st, 0);
		t->file = dup_text(st, 1);
		t->command_hash = (uint64_t)sqlite3_column_int64(st, 2);
		t->ok = status && !strcmp(status, "ok");
		t->failed = status && !strcmp(status, "failed");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : read_fail(p, err);
}

void previous_tus_free(struct previous_tu *tus, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(tus[i].file);
	free(tus);
}

int previous_reads(struct previous *p, struct previous_read **out,
		   size_t *nr, struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (db_prepare(p->db, "SELECT d.file_id, f.path, d.hash FROM "
			      "(SELECT DISTINCT file_id, hash FROM includes) "
			      "d JOIN files f ON f.id = d.file_id "
			      "ORDER BY d.file_id", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct previous_read *r;

		xgrow(out, &alloc, *nr + 1, sizeof(**out));
		r = &(*out)[(*nr)++];
		r->file_id = sqlite3_column_int64(st, 0);
		r->path = dup_text(st, 1);
		r->hash = (uint64_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : read_fail(p, err);
}

void previous_reads_free(struct previous_read *reads, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(reads[i].path);
	free(reads);
}

int previous_diags(struct previous *p, int64_t tu_id,
		   struct previous_diag **out, size_t *nr,
		   struct kcg_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (db_prepare(p->db, "SELECT f.path, d.message FROM diagnostics d "
			      "LEFT JOIN files f ON f.id = d.file_id "
			      "WHERE d.tu_id = ? ORDER BY d.rowid", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, tu_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct previous_diag *d;

		xgrow(out, &alloc, *nr + 1, sizeof(**out));
		d = &(*out)[(*nr)++];
		d->file = dup_text(st, 0);
		d->message = dup_text(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : read_fail(p, err);
}

void previous_diags_free(struct previous_diag *diags, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(diags[i].file);
		free(diags[i].message);
	}
	free(diags);
}

/* The integers of column 0 of st's rows into *out; st is reset. */
static int collect_ids(struct previous *p, sqlite3_stmt *st, int64_t **out,
		       size_t *nr, struct kcg_error *err)
{
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(out, &alloc, *nr + 1, sizeof(**out));
		(*out)[(*nr)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	free(*out);
	*out = NULL;
	*nr = 0;
	return read_fail(p, err);
}

int previous_readers(struct previous *p, int64_t file_id, uint64_t hash,
		     int64_t **out, size_t *nr, struct kcg_error *err)
{
	*out = NULL;
	*nr = 0;
	if (!p->readers &&
	    db_prepare(p->db, "SELECT tu_id FROM includes "
			      "WHERE file_id = ? AND hash = ?", &p->readers,
		       err))
		return -1;
	sqlite3_bind_int64(p->readers, 1, file_id);
	sqlite3_bind_int64(p->readers, 2, (int64_t)hash);
	return collect_ids(p, p->readers, out, nr, err);
}

int previous_readers_of_path(struct previous *p, const char *path,
			     int64_t **out, size_t *nr,
			     struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*nr = 0;
	if (db_prepare(p->db, "SELECT i.tu_id FROM includes i JOIN files f "
			      "ON f.id = i.file_id WHERE f.path = ?",
		       &st, err))
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = collect_ids(p, st, out, nr, err);
	sqlite3_finalize(st);
	return rc;
}

int previous_enum_users(struct previous *p, const char *key, int64_t **out,
			size_t *nr, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*nr = 0;
	if (db_prepare(p->db, "SELECT DISTINCT c.tu_id FROM enum_uses u "
			      "JOIN claims c ON c.id = u.claim_id "
			      "WHERE u.enum = ?", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = collect_ids(p, st, out, nr, err);
	sqlite3_finalize(st);
	return rc;
}

/* Rows of (tu_id, key, file, weak, in_main, unwalked) appended. */
static int read_claims(struct previous *p, sqlite3_stmt *st,
		       struct previous_claim **out, size_t *nr,
		       size_t *alloc, struct kcg_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct previous_claim *c;

		xgrow(out, alloc, *nr + 1, sizeof(**out));
		c = &(*out)[(*nr)++];
		c->tu_id = sqlite3_column_int64(st, 0);
		c->key = dup_text(st, 1);
		c->file = dup_text(st, 2);
		c->weak = sqlite3_column_int(st, 3);
		c->in_main = sqlite3_column_int(st, 4);
		c->unwalked = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : read_fail(p, err);
}

int previous_claims_of(struct previous *p, int64_t tu_id,
		       struct previous_claim **out, size_t *nr, size_t *alloc,
		       struct kcg_error *err)
{
	if (!p->claims_of &&
	    db_prepare(p->db, "SELECT c.tu_id, c.key, f.path, c.weak, "
			      "c.in_main, 0 FROM claims c "
			      "LEFT JOIN files f ON f.id = c.file_id "
			      "WHERE c.tu_id = ? AND c.key IS NOT NULL",
		       &p->claims_of, err))
		return -1;
	sqlite3_bind_int64(p->claims_of, 1, tu_id);
	return read_claims(p, p->claims_of, out, nr, alloc, err);
}

int previous_beaten(struct previous *p, struct previous_claim **out,
		    size_t *nr, size_t *alloc, struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(p->db, "SELECT tu_id, key, NULL, 0, 0, 1 "
			      "FROM beaten_defs", &st, err))
		return -1;
	rc = read_claims(p, st, out, nr, alloc, err);
	sqlite3_finalize(st);
	return rc;
}

int previous_claim_of_key(struct previous *p, const char *key,
			  struct previous_claim *out, struct kcg_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!p->claim_of_key &&
	    db_prepare(p->db, "SELECT tu_id, weak, in_main FROM claims "
			      "WHERE key = ?", &p->claim_of_key, err))
		return -1;
	sqlite3_bind_text(p->claim_of_key, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(p->claim_of_key);
	if (rc == SQLITE_ROW) {
		out->tu_id = sqlite3_column_int64(p->claim_of_key, 0);
		out->weak = sqlite3_column_int(p->claim_of_key, 1);
		out->in_main = sqlite3_column_int(p->claim_of_key, 2);
	}
	sqlite3_reset(p->claim_of_key);
	sqlite3_clear_bindings(p->claim_of_key);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return read_fail(p, err);
	return rc == SQLITE_ROW;
}

void previous_claims_free(struct previous_claim *claims, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(claims[i].key);
		free(claims[i].file);
	}
	free(claims);
}
