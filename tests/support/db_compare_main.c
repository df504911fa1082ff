/*
 * db-compare A.db B.db: whether two kcg databases hold the same facts
 * (support/db_compare.h), for the benchmarks that check a merged or
 * updated index against one made in one go (bench/index-whole.sh).
 * Exit status 0 the same, 1 not (the first differences on stdout), 2
 * bad usage or a database that cannot be read.
 */
#include "support/db_compare.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	struct strbuf report;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: db-compare A.db B.db\n");
		return 2;
	}
	strbuf_init(&report);
	rc = db_compare(argv[1], argv[2], &report);
	fputs(report.buf, rc < 0 ? stderr : stdout);
	if (!rc)
		printf("the same: '%s' and '%s'\n", argv[1], argv[2]);
	strbuf_release(&report);
	return rc < 0 ? 2 : rc;
}
