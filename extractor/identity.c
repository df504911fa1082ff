/*
 * What the facts of a TU depend on besides its text: see identity.h.
 */
#include "identity.h"

#include "util/hash.h"

#include <clang-c/Index.h>
#include <string.h>

uint64_t tu_command_hash(const struct compile_command *cmd)
{
	uint64_t h = hash_str(0, cmd->directory);
	int i;

	for (i = 0; i < cmd->argc; i++)
		h = hash_str(h, cmd->argv[i]);
	return hash_str(h, cmd->file);
}

/*
 * This build of the extractor: the running program and libclang's
 * version.  Facts of another build may differ (a fix in the walk), so
 * its database is not built on, whatever the version number says.
 * Hashed once per process (the dry-run key and the plan both ask).
 */
void extractor_build_id(char out[17])
{
	static char id[HASH_HEX_SIZE];

	if (!id[0]) {
		CXString v = clang_getClangVersion();
		uint64_t h = 0;

		hash_file("/proc/self/exe", &h);
		h = hash_str(h, clang_getCString(v));
		clang_disposeString(v);
		hash_hex(h, id);
	}
	memcpy(out, id, HASH_HEX_SIZE);
}
