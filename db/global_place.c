/*
 * Where a global is, and as what: of every report of it (a TU's
 * definition, or its first declaration when it has none), the one at the
 * least (path, line), ties to the least type; a place with no file comes
 * last.  The least place is often a header's extern declaration rather
 * than the definition: the table keeps a place to show, and the resolver
 * reads none of it.
 *
 * A report counts while the definition whose walk made it is kept
 * (global_reports, one row per definition and global): which reports
 * exist depends on which bodies each TU walked, and a body a TU walked
 * can lose to another definition of its key afterwards (a shard's TU in
 * a merge, a strong definition stored later).  So the place is chosen
 * from the table once the facts are complete, not as the reports come
 * in, and a single index, the merge of its shards and an update agree.
 * The reports name the global by its key and stay while their claims
 * do, also when no fact names the global and its row goes: a fact of a
 * later update, or of another shard, may name it again.
 * An update chooses again only for the globals whose reports came or
 * went (temp.place_globals, made by update.c, filled by drop.c and here).
 */
#include "store_impl.h"

#include "db.h"

#include <stdio.h>

#define LEAST_REPORT \
	"(SELECT r.file_id, r.line, r.type FROM global_reports r" \
	" LEFT JOIN files f ON f.id = r.file_id WHERE r.usr = g.usr" \
	" ORDER BY f.path IS NULL, f.path, r.line, coalesce(r.type, '')" \
	" LIMIT 1)"

static const char all_sql[] =
	"UPDATE globals AS g SET (file_id, line, type) = " LEAST_REPORT
	" WHERE EXISTS (SELECT 1 FROM global_reports WHERE usr = g.usr);";

/* An update: the globals this run reported, with those drop.c noted. */
static const char update_sql[] =
	"INSERT OR IGNORE INTO temp.place_globals SELECT r.usr"
	" FROM tus t JOIN claims c ON c.tu_id = t.id"
	" JOIN global_reports r ON r.claim_id = c.id WHERE t.run = %lld;"
	"UPDATE globals AS g SET (file_id, line, type) = " LEAST_REPORT
	" WHERE usr IN (SELECT usr FROM temp.place_globals)"
	" AND EXISTS (SELECT 1 FROM global_reports WHERE usr = g.usr);"
	"DROP TABLE temp.place_globals;";

int store_write_globals(struct store *s, struct kcg_error *err)
{
	char sql[sizeof(update_sql) + 32];

	if (!s->updating)
		return db_exec(s->db, all_sql, err);
	snprintf(sql, sizeof(sql), update_sql, (long long)s->run);
	return db_exec(s->db, sql, err);
}
