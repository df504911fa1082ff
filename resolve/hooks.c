/*
 * Netfilter hooks: the family, hook point and priority of every hook
 * function registered through a hook registration struct, read from the
 * entry's initializer, or, for entries built at run time from a template
 * (xt_hook_ops_alloc(&packet_raw, ipt_do_table)), from the template, or,
 * for entries a function fills (`hook->ops.pf = NFPROTO_NETDEV; ...
 * hook->ops.hook = flowtable->data.type->hook`), from the constants that
 * function stores into the entry's fields.
 */
#include "internal.h"
#include "sql.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Registration structs whose function field, when it is where a target
 * entered, makes the edge a netfilter hook: data, not code, so another
 * dispatch table of the same shape is one more row.
 */
const struct hook_table hook_tables[] = {
	{ "nf_hook_ops", "hook", "pf", "hooknum", "priority",
	  "xt_table", "af", "valid_hooks", "priority",
	  "nf_hook_state", "pf", "hook", "okfn" },
};

#define NR_HOOK_TABLES (sizeof(hook_tables) / sizeof(hook_tables[0]))

const size_t nr_hook_tables = NR_HOOK_TABLES;


/* 1 + the index of the hook table whose function field this is; 0 none */
int is_hook_field(const char *record, const char *field)
{
	size_t i;

	for (i = 0; i < NR_HOOK_TABLES; i++)
		if (!strcmp(record, hook_tables[i].record) &&
		    !strcmp(field, hook_tables[i].field))
			return (int)i + 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* netfilter hooks: hook point and priority of each registered hook     */

struct hook_consts {
	int have_pf, have_hooknum, have_priority;
	long long pf, hooknum, priority;
	char pf_name[96], hooknum_name[96], priority_name[96];
};

static void copy_name(char *dst, size_t size, const char *name)
{
	snprintf(dst, size, "%s", name ? name : "");
}

/* Read an initializer's integer fields (by instance or by global). */
static int read_consts(struct resolver *r, const char *sql, int64_t key,
		       const char *record, const char *pf, const char *hooknum,
		       const char *priority, struct hook_consts *out,
		       struct kcg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_text(st, 2, record, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *field = col_text(st, 0), *name = col_text(st, 2);
		long long value = sqlite3_column_int64(st, 1);

		if (!strcmp(field, pf)) {
			out->have_pf = 1;
			out->pf = value;
			copy_name(out->pf_name, sizeof(out->pf_name), name);
		} else if (!strcmp(field, hooknum)) {
			out->have_hooknum = 1;
			out->hooknum = value;
			copy_name(out->hooknum_name, sizeof(out->hooknum_name),
				  name);
		} else if (!strcmp(field, priority)) {
			out->have_priority = 1;
			out->priority = value;
			copy_name(out->priority_name,
				  sizeof(out->priority_name), name);
		}
	}
	if (rc != SQLITE_DONE)
		resolve_sql_fail(r->db, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void bind_opt_int(sqlite3_stmt *st, int col, int have, long long v)
{
	if (have)
		sqlite3_bind_int64(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

static void bind_opt_text(sqlite3_stmt *st, int col, const char *s)
{
	if (s && s[0])
		sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, col);
}

static int insert_hook(struct resolver *r, sqlite3_stmt *st, int64_t fn,
		       const struct hook_table *ht, const struct hook_consts *c,
		       const struct flow *entry, const struct flow *reg,
		       int dynamic, struct kcg_error *err)
{
	sqlite3_bind_int64(st, 1, fn);
	sqlite3_bind_text(st, 2, ht->record, -1, SQLITE_STATIC);
	bind_opt_int(st, 3, c->have_pf, c->pf);
	bind_opt_text(st, 4, c->pf_name);
	bind_opt_int(st, 5, c->have_hooknum, c->hooknum);
	bind_opt_text(st, 6, c->hooknum_name);
	bind_opt_int(st, 7, c->have_priority, c->priority);
	bind_opt_text(st, 8, c->priority_name);
	sqlite3_bind_int64(st, 9, entry->file);
	sqlite3_bind_int64(st, 10, entry->line);
	sqlite3_bind_int64(st, 11, reg->file);
	sqlite3_bind_int64(st, 12, reg->line);
	sqlite3_bind_int(st, 13, dynamic);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return resolve_sql_fail(r->db, err);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

/*
 * A hook function handed to a registration call together with a
 * template (xt_hook_ops_alloc(&packet_raw, ipt_do_table)): one entry per
 * hook point of the template's mask.
 */
static int dynamic_hooks(struct resolver *r, sqlite3_stmt *ins, size_t i,
			 const struct flow *reg, struct kcg_error *err)
{
	const struct flow *f = &r->flows[i];
	const struct hook_table *ht = &hook_tables[reg->dst_is_hook - 1];
	size_t lo = i, hi = i, k;

	if (!ht->template)
		return 0;
	while (lo > 0 && r->flows[lo - 1].is_arg &&
	       r->flows[lo - 1].call == f->call)
		lo--;
	while (hi + 1 < r->nr_flows && r->flows[hi + 1].is_arg &&
	       r->flows[hi + 1].call == f->call)
		hi++;
	for (k = lo; k <= hi; k++) {
		const struct flow *t = &r->flows[k];
		struct hook_consts c, mask;
		long long bit;

		if (t->src != SRC_GLOBAL_ADDR)
			continue;
		if (read_consts(r, "SELECT field, value, name FROM init_consts "
				   "WHERE global_id = ?1 AND struct = ?2",
				t->src_global, ht->template, ht->template_pf,
				ht->template_mask, ht->template_priority, &c,
				err))
			return -1;
		mask = c;
		if (!c.have_hooknum)	/* the mask */
			continue;
		for (bit = 0; bit < 32; bit++) {
			if (!(mask.hooknum & (1LL << bit)))
				continue;
			c.have_hooknum = 1;
			c.hooknum = bit;
			c.hooknum_name[0] = '\0';
			if (insert_hook(r, ins, f->src_function, ht, &c, f, reg, 1,
					err))
				return -1;
		}
	}
	return 0;
}

/* The constants a function stores into a struct's fields, each field
 * only when it is always the same. */
static const char function_consts_sql[] =
	"SELECT field, min(value), min(name) FROM int_stores "
	"WHERE function_id = ?1 AND struct = ?2 AND value IS NOT NULL "
	"GROUP BY field HAVING count(DISTINCT value) = 1";

/*
 * A function filling a hook entry at run time: the hook is the function
 * stored, or every function of the field it is copied from.  A copied
 * entry is a hook only when the family is known: one of unknown family
 * would be taken for a hook of every family.
 */
static int filled_hooks(struct resolver *r, sqlite3_stmt *ins,
			const struct flow *f, struct kcg_error *err)
{
	const struct hook_table *ht = &hook_tables[f->dst_is_hook - 1];
	const struct slot *src;
	struct hook_consts c;
	struct strmap seen;
	size_t j;
	int rc = 0;

	if (read_consts(r, function_consts_sql, f->function, ht->record,
			ht->pf, ht->hooknum, ht->priority, &c, err))
		return -1;
	if (f->src == SRC_FUNCTION)
		return insert_hook(r, ins, f->src_function, ht, &c, f, f, 0,
				   err);
	if (f->src != SRC_SLOT || !c.have_pf)
		return 0;
	strmap_init(&seen);
	src = &r->slots[f->src_slot];
	for (j = 0; j < src->nr && !rc; j++) {
		char key[32];

		snprintf(key, sizeof(key), "%lld", (long long)src->m[j].fn);
		if (strmap_add(&seen, key, NULL, 1))
			rc = insert_hook(r, ins, src->m[j].fn, ht, &c, f, f, 1,
					 err);
	}
	strmap_release(&seen);
	return rc;
}

/*
 * Name the hook points of dynamic entries (bits of a mask) by the enum
 * the static entries of the same family name theirs from.
 */
static const char name_dynamic_sql[] =
	"UPDATE hooks SET hooknum_name = (SELECT e2.name FROM hooks h "
	"JOIN enumerators e1 ON e1.name = h.hooknum_name "
	"JOIN enumerators e2 ON e2.enum = e1.enum AND e2.value = hooks.hooknum "
	"WHERE h.struct = hooks.struct AND h.pf = hooks.pf LIMIT 1) "
	"WHERE dynamic";

int emit_hooks(struct resolver *r, struct kcg_error *err)
{
	sqlite3_stmt *ins;
	size_t i, k;
	int rc = -1;

	/* an update keeps the previous ones until now (moved.c moves them) */
	if (sqlite3_exec(r->db, "DELETE FROM hooks", NULL, NULL, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(r->db,
		"INSERT INTO hooks(function_id, struct, pf, pf_name, hooknum, "
		"hooknum_name, priority, priority_name, file_id, line, "
		"reg_file_id, reg_line, dynamic) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &ins, NULL) !=
	    SQLITE_OK)
		return resolve_sql_fail(r->db, err);
	for (i = 0; i < r->nr_flows; i++) {
		const struct flow *f = &r->flows[i];

		if (f->dst_is_hook && !f->is_init && f->function) {
			if (filled_hooks(r, ins, f, err))
				goto out;
			continue;
		}
		if (f->dst_is_hook && f->src == SRC_FUNCTION) {
			const struct hook_table *ht =
				&hook_tables[f->dst_is_hook - 1];
			struct hook_consts c;

			if (read_consts(r, "SELECT field, value, name FROM "
					   "init_consts WHERE instance_id = ?1 "
					   "AND struct = ?2",
					f->instance, ht->record, ht->pf,
					ht->hooknum, ht->priority, &c, err) ||
			    insert_hook(r, ins, f->src_function, ht, &c, f, f, 0,
					err))
				goto out;
			continue;
		}
		/* a hook function handed to a registration function */
		if (!f->is_arg || f->dst < 0 || f->src != SRC_FUNCTION ||
		    r->slots[f->dst].kind != SLOT_PARAM)
			continue;
		find_landing(r, f->dst);
		for (k = 0; k < r->slots[f->dst].nr_landing; k++) {
			const struct flow *reg =
				prov_flow(r, r->slots[f->dst].landing[k]);

			if (reg->dst_is_hook && dynamic_hooks(r, ins, i, reg, err))
				goto out;
		}
	}
	if (sqlite3_exec(r->db, name_dynamic_sql, NULL, NULL, NULL) != SQLITE_OK)
		resolve_sql_fail(r->db, err);
	else
		rc = 0;
out:
	sqlite3_finalize(ins);
	return rc;
}

