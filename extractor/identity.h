/*
 * What the facts of a TU depend on besides its text: its compile command
 * and the build of the extractor that walked it.  The plan of an index
 * run (index/plan.h) reuses a TU's facts only when both are unchanged.
 */
#ifndef KCG_IDENTITY_H
#define KCG_IDENTITY_H

#include "extractor/compdb.h"

#include <stdint.h>

/* The hash of a compile command, as tus.command_hash records it. */
uint64_t tu_command_hash(const struct compile_command *cmd);

/*
 * This build of the extractor (the running program and libclang's
 * version) as 16 hex digits and a NUL: facts of another build are not
 * built on.
 */
void extractor_build_id(char out[17]);

#endif
