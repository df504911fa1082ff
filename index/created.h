/*
 * The time a database is made, as meta created records it.
 */
#ifndef KCG_INDEX_CREATED_H
#define KCG_INDEX_CREATED_H

/* Now, in UTC, as ISO 8601 ("2026-12-03T09:15:00Z"); a new string. */
char *index_created_now(void);

#endif
