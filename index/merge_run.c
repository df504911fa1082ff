/*
 * kcg merge as a pipeline: see merge_run.h.
 */
#include "merge_run.h"

#include "index/created.h"

#include <stdlib.h>
#include <string.h>

int merge_run(const struct merge_options *opt, struct merge_result *result,
	      struct kcg_error *err)
{
	struct merge_stats stats;
	struct store *s;
	char *created;
	int i, rc;

	memset(result, 0, sizeof(*result));
	if (store_open(&s, opt->db_path, err))
		return -1;
	store_set_interrupt(s, opt->interrupted);
	created = index_created_now();
	rc = store_merge_meta(s, opt->parts, opt->nr_parts, created, err);
	free(created);
	for (i = 0; i < opt->nr_parts && !rc; i++) {
		if (opt->interrupted && *opt->interrupted) {
			rc = kcg_error_set(err, "interrupted: '%s' left as it "
						"was", opt->db_path);
			break;
		}
		rc = store_merge(s, opt->parts[i], &stats, err);
		if (rc)
			break;
		result->tus += stats.tus;
		if (opt->part_done)
			opt->part_done(opt->part_done_ctx, opt->parts[i],
				       &stats);
	}
	if (rc) {
		store_abort(s);
		return -1;
	}
	return index_finish(s, NULL, &result->counts, err);
}
