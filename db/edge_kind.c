/*
 * The table of edge kinds: see edge_kind.h.
 */
#include "edge_kind.h"

#include "util/alloc.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

#define CALL EDGE_KIND_CALL
#define RESOLVED EDGE_KIND_RESOLVED
#define GUESS EDGE_KIND_GUESS

static const struct edge_kind_info kinds[NR_EDGE_KINDS] = {
	[KIND_DIRECT] = {
		.name = "direct", .rank = 0, .flags = CALL,
		.draw = { "solid", "black", NULL, "" },
		.meaning = "a call written in the caller's body",
	},
	[KIND_MACRO] = {
		.name = "macro", .rank = 1, .flags = CALL,
		.draw = { "solid", "grey55", "grey", "" },
		.term_color = "\033[36m",
		.meaning = "a call that exists only after macro expansion",
	},
	[KIND_FIELD] = {
		.name = "field", .rank = 3, .flags = CALL | RESOLVED,
		.draw = { "dashed", "black", NULL, "through" },
		.legend = "type.field",
		.term_color = "\033[33m",
		.meaning = "a call through a struct field, to each function "
			   "stored into that field of that struct type",
	},
	[KIND_GLOBAL] = {
		.name = "global", .rank = 4, .flags = CALL | RESOLVED,
		.draw = { "dashed", "black", NULL, "through" },
		.legend = "global",
		.term_color = "\033[33m",
		.meaning = "a call through a global function pointer or array",
	},
	[KIND_RETURN] = {
		.name = "return", .rank = 5, .flags = CALL | RESOLVED,
		.draw = { "dashed", "black", NULL, "through" },
		.legend = "f()",
		.term_color = "\033[33m",
		.meaning = "a call through a pointer a call returns",
	},
	[KIND_CALLBACK] = {
		.name = "callback", .rank = 2, .flags = CALL | RESOLVED,
		.draw = { "bold", "black", NULL, "via" },
		.legend = "via NF_HOOK",
		.term_color = "\033[35m",
		.meaning = "F -> h when F passes h to a helper that calls it",
	},
	[KIND_REGISTRATION] = {
		.name = "registration", .rank = 7, .flags = RESOLVED,
		.draw = { "dotted", "black", NULL, "through" },
		.term_color = "\033[34m",
		.meaning = "not a call: F stores h where it will be called "
			   "from",
	},
	[KIND_NETFILTER_HOOK] = {
		.name = "netfilter_hook", .rank = 6, .flags = CALL | RESOLVED,
		.draw = { "dashed", "blue3", "blue", "hooks" },
		.legend = "NF_INET_LOCAL_IN",
		.term_color = "\033[32m",
		.meaning = "a field call whose target entered through a "
			   "netfilter hook registration",
	},
	[KIND_SIGNATURE] = {
		.name = "signature", .rank = 8,
		.flags = CALL | RESOLVED | GUESS,
		.draw = { "dotted", "grey55", "grey", "through" },
		.legend = "same type",
		.term_color = "\033[31m",
		.meaning = "low confidence: a call through a pointer of "
			   "unknown source to every address-taken function "
			   "of its type",
	},
	[KIND_OTHER] = {
		.name = "other", .rank = 9, .flags = 0,
		.draw = { "solid", "red", "red", "" },
		.meaning = "a kind this kcg does not know",
	},
};

const struct edge_kind_info *edge_kind(int kind)
{
	if (kind < 0 || kind >= NR_EDGE_KINDS)
		kind = KIND_OTHER;
	return &kinds[kind];
}

const char *edge_kind_name(int kind)
{
	return edge_kind(kind)->name;
}

int edge_kind_code(const char *name)
{
	int i;

	for (i = 0; i < KIND_OTHER; i++)
		if (!strcmp(kinds[i].name, name))
			return i;
	return KIND_OTHER;
}

unsigned edge_kind_mask(unsigned with, unsigned without)
{
	unsigned mask = 0;
	int i;

	for (i = 0; i < NR_EDGE_KINDS; i++)
		if ((kinds[i].flags & with) == with &&
		    !(kinds[i].flags & without))
			mask |= KIND_BIT(i);
	return mask;
}

/* "unknown edge kind 'x' (kinds: direct, ..., all)" */
static int unknown_kind(const char *name, struct kcg_error *err)
{
	struct strbuf sb;
	int i;

	strbuf_init(&sb);
	for (i = 0; i < KIND_OTHER; i++)
		strbuf_addf(&sb, "%s, ", kinds[i].name);
	kcg_error_set(err, "unknown edge kind '%s' (kinds: %sall)", name,
		      sb.buf);
	strbuf_release(&sb);
	return -1;
}

int edge_kind_parse_list(const char *list, unsigned *mask,
			 struct kcg_error *err)
{
	const char *p = list;

	*mask = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		char *name = xstrndup(p, len);
		int code = edge_kind_code(name);

		if (!strcmp(name, "all")) {
			*mask |= (1u << NR_EDGE_KINDS) - 1;
		} else if (code == KIND_OTHER) {
			unknown_kind(name, err);
			free(name);
			return -1;
		} else {
			*mask |= KIND_BIT(code);
		}
		free(name);
		p += len;
		if (*p == ',')
			p++;
	}
	if (!*mask)
		return kcg_error_set(err, "no edge kinds in '%s'", list);
	return 0;
}
