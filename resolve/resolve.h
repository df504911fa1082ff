/*
 * Resolution: turn the extractor's facts (indirect call shapes and
 * function-pointer flows) into call edges.
 *
 * Runs inside `kcg index` on the finished fact tables, before the database
 * is renamed into place, and adds rows to `edge`:
 *
 *   field / global / return  an indirect call through a struct field (keyed
 *                  by struct type and field, never the bare field name),
 *                  a global pointer or array, or a returned pointer, to
 *                  every function that can reach that place: stored there
 *                  directly, through parameters of registration functions
 *                  (open_softirq, netif_napi_add), through field-to-field
 *                  copies, through returned values (br_get_rx_handler);
 *   netfilter_hook a field call whose target entered through a netfilter
 *                  hook registration struct (see hook_tables in resolve.c);
 *   callback       F -> h when F passes h to G and G calls that parameter
 *                  (ip_rcv -> ip_rcv_finish via NF_HOOK);
 *   registration   not a call: F stores h (or a table holding h) where it
 *                  will be called from (net_dev_init -> net_rx_action);
 *   signature      last resort, low confidence: a call through a pointer
 *                  with no known source, to every address-taken function
 *                  of the same type.
 *
 * Each edge carries its call site, the registration site (where the
 * pointer was stored) and, for callbacks, the helper it goes through.
 */
#ifndef KCG_RESOLVE_H
#define KCG_RESOLVE_H

#include "db/edge_kind.h"
#include "util/error.h"

#include <sqlite3.h>
#include <stdint.h>

struct resolve_stats {
	int64_t indirect_sites;		/* indirect call sites */
	int64_t resolved_sites;		/* with a target other than signature */
	int64_t signature_sites;	/* resolved by signature only */
	int64_t edges[NR_EDGE_KINDS];	/* per kind (enum edge_kind) */
};

/* Add the resolved edges to db's `edge` table (inside the caller's
 * transaction). */
int resolve_index(sqlite3 *db, struct resolve_stats *stats,
		  struct kcg_error *err);

#endif
