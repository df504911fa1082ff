/*
 * The schema of a kcg database (version KCG_SCHEMA_VERSION).
 *
 * Facts as the extractor found them (functions, globals, calls,
 * indirect_calls, flows), the translation units and their diagnostics,
 * and `edge`: the call graph, one row per edge with its call site and,
 * for edges made by resolving a pointer, where the pointer was stored.
 * The `edges` view is the stable interface for people and scripts; later
 * versions add kinds to it and never rename its columns.
 * docs/schema.md describes every column.
 */
#include "db.h"

#include <stdio.h>

/* Edge rows d and e stand for one call: all they show is the same (the
 * first two terms find d by the edge_pair index). */
#define SAME_CALL                                                      \
	"d.caller_id = e.caller_id AND d.callee_id = e.callee_id "     \
	"AND d.kind = e.kind AND d.file_id IS e.file_id "              \
	"AND d.line IS e.line AND d.col IS e.col "                     \
	"AND d.reg_file_id IS e.reg_file_id "                          \
	"AND d.reg_line IS e.reg_line AND d.via_id IS e.via_id"

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE tus(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  file_id INTEGER NOT NULL REFERENCES files,\n"
	"  directory TEXT NOT NULL,\n"
	"  arguments TEXT NOT NULL,\n"
	"  status TEXT NOT NULL,          -- ok | errors | failed\n"
	"  errors INTEGER NOT NULL,\n"
	"  first_error TEXT,\n"
	"  parse_ms INTEGER NOT NULL,\n"
	"  walk_ms INTEGER NOT NULL,\n"
	"  command_hash INTEGER NOT NULL, -- directory, arguments, file\n"
	"  run INTEGER NOT NULL);         -- the run that parsed it\n"
	"CREATE TABLE includes(           -- every file a TU read\n"
	"  tu_id INTEGER NOT NULL REFERENCES tus,\n"
	"  file_id INTEGER NOT NULL REFERENCES files,\n"
	"  hash INTEGER NOT NULL,         -- of the text parsed\n"
	"  PRIMARY KEY (tu_id, file_id)) WITHOUT ROWID;\n"
	"CREATE TABLE claims(             -- definitions walked, one per key\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  tu_id INTEGER NOT NULL REFERENCES tus,\n"
	"  kind TEXT NOT NULL,            -- function | global | enum | tu\n"
	"  key TEXT UNIQUE,               -- NULL for kind tu\n"
	"  file_id INTEGER REFERENCES files,\n"
	"  weak INTEGER NOT NULL,         -- a weak definition\n"
	"  in_main INTEGER NOT NULL);     -- in the TU's source, not a header\n"
	"CREATE TABLE beaten_defs(        -- weak or source-file definitions\n"
	"  tu_id INTEGER NOT NULL REFERENCES tus, -- another one of the key\n"
	"  key TEXT NOT NULL);            -- beat (not in claims)\n"
	"CREATE TABLE diagnostics(\n"
	"  tu_id INTEGER NOT NULL REFERENCES tus,\n"
	"  severity TEXT NOT NULL,        -- error | fatal\n"
	"  file_id INTEGER REFERENCES files,\n"
	"  line INTEGER, col INTEGER,\n"
	"  message TEXT NOT NULL);\n"
	"CREATE TABLE functions(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  usr TEXT NOT NULL UNIQUE,      -- clang USR; 'path|USR' if static\n"
	"  name TEXT NOT NULL,\n"
	"  file_id INTEGER REFERENCES files,\n"
	"  line INTEGER, col INTEGER,\n"
	"  linkage TEXT NOT NULL,         -- static | extern\n"
	"  is_inline INTEGER NOT NULL,\n"
	"  is_defined INTEGER NOT NULL,   -- a body was indexed\n"
	"  from_macro INTEGER NOT NULL,   -- name made by a macro\n"
	"  type TEXT,                     -- canonical type (definitions)\n"
	"  tu_id INTEGER REFERENCES tus,  -- TU whose walk stored the body\n"
	"  decl_file_id INTEGER REFERENCES files, -- as a TU that does not\n"
	"  decl_line INTEGER, decl_col INTEGER);  -- define it sees it\n"
	"CREATE TABLE globals(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  usr TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  file_id INTEGER REFERENCES files,\n"
	"  line INTEGER,\n"
	"  linkage TEXT NOT NULL,\n"
	"  type TEXT);\n"
	"CREATE TABLE calls(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  caller_id INTEGER NOT NULL REFERENCES functions,\n"
	"  callee_id INTEGER REFERENCES functions, -- NULL: indirect\n"
	"  kind TEXT NOT NULL,            -- direct | macro | indirect\n"
	"  file_id INTEGER REFERENCES files,\n"
	"  line INTEGER NOT NULL, col INTEGER NOT NULL,\n"
	"  fn_type TEXT,                  -- indirect: the pointer's type\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims);\n"
	"CREATE TABLE indirect_calls(\n"
	"  call_id INTEGER NOT NULL REFERENCES calls,\n"
	"  shape TEXT NOT NULL,  -- field | param | global | global_addr | call | local | unknown\n"
	"  struct TEXT, field TEXT,       -- shape field: struct type, field\n"
	"  struct_file TEXT,              -- the file that defines struct\n"
	"  param_index INTEGER,           -- shape param: 0-based\n"
	"  global_id INTEGER REFERENCES globals,\n"
	"  callee_id INTEGER REFERENCES functions, -- shape call: returned by\n"
	"  local TEXT);                   -- shape local: the variable\n"
	"CREATE TABLE flows(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  function_id INTEGER REFERENCES functions, -- NULL at file scope\n"
	"  in_global_id INTEGER REFERENCES globals,  -- initializer of\n"
	"  file_id INTEGER REFERENCES files, line INTEGER, col INTEGER,\n"
	"  context TEXT NOT NULL,   -- init | assign | arg | return | other\n"
	"  instance_id INTEGER,           -- the record initializer, if any\n"
	"  dst_kind TEXT NOT NULL,   -- field | arg | return | global | other\n"
	"  dst_struct TEXT, dst_field TEXT, dst_struct_file TEXT,\n"
	"  dst_call_id INTEGER REFERENCES calls,    -- arg: the call\n"
	"  dst_callee_id INTEGER REFERENCES functions, -- arg: direct callee\n"
	"  dst_index INTEGER,             -- arg: 0-based position\n"
	"  dst_global_id INTEGER REFERENCES globals, -- field: in it, by .\n"
	"  dst_container TEXT,  -- field: of the struct member 'S:m' it is in\n"
	"  src_kind TEXT NOT NULL, -- function | field | param | global | global_addr | call | local\n"
	"  src_function_id INTEGER REFERENCES functions, -- function, call\n"
	"  src_struct TEXT, src_field TEXT, src_struct_file TEXT,\n"
	"  src_ops_table INTEGER,         -- field: src_struct is an ops table\n"
	"  src_weak INTEGER,  -- global_addr of a struct with no function pointer\n"
	"  src_index INTEGER,             -- param: 0-based\n"
	"  src_global_id INTEGER REFERENCES globals,\n"
	"  src_local TEXT,\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims);\n"
	"CREATE TABLE init_consts(\n"
	"  instance_id INTEGER NOT NULL,  -- flows.instance_id\n"
	"  global_id INTEGER REFERENCES globals, -- initializer of\n"
	"  struct TEXT NOT NULL, field TEXT NOT NULL,\n"
	"  value INTEGER NOT NULL,\n"
	"  name TEXT,                     -- the identifier written\n"
	"  file_id INTEGER REFERENCES files, line INTEGER,\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims);\n"
	"CREATE TABLE enumerators(\n"
	"  enum TEXT NOT NULL,            -- the enum type\n"
	"  name TEXT NOT NULL, value INTEGER NOT NULL,\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims);\n"
	"CREATE TABLE global_reports(     -- a global a body or\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims, -- initializer names\n"
	"  usr TEXT NOT NULL,             -- globals.usr (kept without a row)\n"
	"  file_id INTEGER REFERENCES files, -- where its TU has it:\n"
	"  line INTEGER,                  -- defined, else first declared\n"
	"  type TEXT,\n"
	"  PRIMARY KEY (claim_id, usr)) WITHOUT ROWID;\n"
	"CREATE TABLE enum_uses(          -- an enum whose value a body\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims, -- or initializer\n"
	"  enum TEXT NOT NULL,            -- names: the enum's claims.key\n"
	"  PRIMARY KEY (claim_id, enum)) WITHOUT ROWID;\n"
	"CREATE TABLE call_args(          -- integer arguments of calls to\n"
	"  call_id INTEGER NOT NULL REFERENCES calls, -- functions taking\n"
	"  arg_index INTEGER NOT NULL,    -- a function pointer\n"
	"  value INTEGER,                 -- a constant; NULL: a parameter\n"
	"  name TEXT,                     -- the identifier written\n"
	"  param_index INTEGER,           -- the caller's parameter passed\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims);\n"
	"CREATE TABLE int_stores(         -- integer parameter or constant\n"
	"  function_id INTEGER NOT NULL REFERENCES functions, -- -> field\n"
	"  struct TEXT NOT NULL, field TEXT NOT NULL,\n"
	"  param_index INTEGER,           -- NULL: a constant\n"
	"  value INTEGER, name TEXT,      -- the constant, its identifier\n"
	"  file_id INTEGER REFERENCES files, line INTEGER,\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims);\n"
	"CREATE TABLE receivers(          -- the object a field call is\n"
	"  call_id INTEGER NOT NULL REFERENCES calls, -- made on\n"
	"  path TEXT NOT NULL,            -- its fields to the table\n"
	"  arg_index INTEGER,             -- the argument passing it\n"
	"  param_index INTEGER,           -- the caller's parameter it is\n"
	"  global_id INTEGER REFERENCES globals, -- the global it is\n"
	"  container TEXT,  -- the struct member 'S:m' the table is\n"
	"  claim_id INTEGER NOT NULL REFERENCES claims);\n"
	"CREATE TABLE hooks(\n"
	"  function_id INTEGER NOT NULL REFERENCES functions,\n"
	"  struct TEXT NOT NULL,          -- the registration struct\n"
	"  pf INTEGER, pf_name TEXT,\n"
	"  hooknum INTEGER, hooknum_name TEXT,\n"
	"  priority INTEGER, priority_name TEXT,\n"
	"  file_id INTEGER REFERENCES files, line INTEGER, -- the entry\n"
	"  reg_file_id INTEGER REFERENCES files, reg_line INTEGER,\n"
	"  dynamic INTEGER NOT NULL);     -- built at run time from a template\n"
	"CREATE TABLE hook_context_args(  -- calls passing a hook context\n"
	"  call_id INTEGER NOT NULL REFERENCES calls,\n"
	"  caller_id INTEGER NOT NULL REFERENCES functions,\n"
	"  callee_id INTEGER NOT NULL REFERENCES functions,\n"
	"  file_id INTEGER REFERENCES files, line INTEGER,\n"
	"  initializes INTEGER NOT NULL,  -- the callee fills the context\n"
	"  pf INTEGER, pf_name TEXT, pf_param INTEGER,\n"
	"  hooknum INTEGER, hooknum_name TEXT, hooknum_param INTEGER,\n"
	"  okfn_id INTEGER REFERENCES functions, okfn_param INTEGER);\n"
	"CREATE TABLE hook_context_calls( -- where the context is used\n"
	"  call_id INTEGER NOT NULL REFERENCES calls,\n"
	"  role TEXT NOT NULL);           -- hook | okfn\n"
	"CREATE TABLE hook_context_carriers( -- take a context pointer\n"
	"  function_id INTEGER PRIMARY KEY REFERENCES functions);\n"
	"CREATE TABLE edge(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  caller_id INTEGER NOT NULL REFERENCES functions,\n"
	"  callee_id INTEGER NOT NULL REFERENCES functions,\n"
	"  kind TEXT NOT NULL,\n"
	"  call_id INTEGER REFERENCES calls,\n"
	"  file_id INTEGER REFERENCES files, line INTEGER, col INTEGER,\n"
	"  reg_file_id INTEGER REFERENCES files, reg_line INTEGER,\n"
	"  via_id INTEGER REFERENCES functions,\n"
	"  rule TEXT);\n"
	EDGE_DIGESTS_SQL
	/* one row per call: the edge rows of one call (a macro that
	 * expands its argument several times) are shown once, by the
	 * smallest id, with their number */
	"CREATE VIEW edges AS\n"
	"  SELECT caller.name AS caller, cf.path AS caller_file,\n"
	"         callee.name AS callee, gf.path AS callee_file,\n"
	"         e.kind AS kind, sf.path AS site_file, e.line AS site_line,\n"
	"         rf.path AS reg_file, e.reg_line AS reg_line,\n"
	"         via.name AS via, e.col AS site_col,\n"
	"         (SELECT count(*) FROM edge d WHERE " SAME_CALL ")\n"
	"           AS expansions\n"
	"  FROM edge e\n"
	"  JOIN functions caller ON caller.id = e.caller_id\n"
	"  LEFT JOIN files cf ON cf.id = caller.file_id\n"
	"  JOIN functions callee ON callee.id = e.callee_id\n"
	"  LEFT JOIN files gf ON gf.id = callee.file_id\n"
	"  LEFT JOIN files sf ON sf.id = e.file_id\n"
	"  LEFT JOIN files rf ON rf.id = e.reg_file_id\n"
	"  LEFT JOIN functions via ON via.id = e.via_id\n"
	"  WHERE NOT EXISTS (SELECT 1 FROM edge d WHERE " SAME_CALL "\n"
	"    AND d.id < e.id);\n"
	"CREATE VIEW address_taken AS\n"
	"  SELECT * FROM flows WHERE src_kind = 'function';\n"
	"CREATE VIEW param_flows AS\n"
	"  SELECT * FROM flows WHERE src_kind = 'param';\n"
	"CREATE TABLE csr(                -- the call graph, compact\n"
	"  direction TEXT PRIMARY KEY,    -- out: caller -> callee; in\n"
	"  format INTEGER NOT NULL,       -- 2\n"
	"  nodes INTEGER NOT NULL,        -- max(functions.id) + 1\n"
	"  edges INTEGER NOT NULL,\n"
	"  offsets BLOB NOT NULL,         -- nodes + 1 uint32 (LE)\n"
	"  targets BLOB NOT NULL,         -- edges uint32: functions.id\n"
	"  edge_ids BLOB NOT NULL,        -- edges uint32: edge.id\n"
	"  kinds BLOB NOT NULL,           -- edges uint8: kind code\n"
	"  fanouts BLOB NOT NULL);        -- edges uint16: call site targets\n";

static const char index_sql[] =
	"CREATE INDEX IF NOT EXISTS functions_name ON functions(name);\n"
	"CREATE INDEX IF NOT EXISTS calls_caller ON calls(caller_id);\n"
	"CREATE INDEX IF NOT EXISTS calls_callee ON calls(callee_id);\n"
	"CREATE INDEX IF NOT EXISTS indirect_calls_call ON indirect_calls(call_id);\n"
	"CREATE INDEX IF NOT EXISTS indirect_calls_field ON indirect_calls(struct, field);\n"
	"CREATE INDEX IF NOT EXISTS flows_dst_field ON flows(dst_struct, dst_field);\n"
	"CREATE INDEX IF NOT EXISTS flows_src_function ON flows(src_function_id);\n"
	"CREATE INDEX IF NOT EXISTS flows_dst_call ON flows(dst_call_id);\n"
	"CREATE INDEX IF NOT EXISTS flows_instance ON flows(instance_id);\n"
	"CREATE INDEX IF NOT EXISTS init_consts_instance ON init_consts(instance_id);\n"
	"CREATE INDEX IF NOT EXISTS init_consts_global ON init_consts(global_id);\n"
	"CREATE INDEX IF NOT EXISTS enumerators_name ON enumerators(name);\n"
	"CREATE INDEX IF NOT EXISTS enumerators_enum ON enumerators(enum, value);\n"
	"CREATE INDEX IF NOT EXISTS enum_uses_enum ON enum_uses(enum);\n"
	"CREATE INDEX IF NOT EXISTS global_reports_usr"
	" ON global_reports(usr);\n"
	/* the enums whose last use may have gone (finish.c) */
	"CREATE INDEX IF NOT EXISTS claims_enum ON claims(key)"
	" WHERE kind = 'enum';\n"
	"CREATE INDEX IF NOT EXISTS call_args_call ON call_args(call_id);\n"
	"CREATE INDEX IF NOT EXISTS int_stores_function ON int_stores(function_id);\n"
	"CREATE INDEX IF NOT EXISTS receivers_call ON receivers(call_id);\n"
	"CREATE INDEX IF NOT EXISTS hook_context_args_call ON hook_context_args(call_id);\n"
	"CREATE INDEX IF NOT EXISTS hook_context_args_caller ON hook_context_args(caller_id);\n"
	"CREATE INDEX IF NOT EXISTS diagnostics_tu ON diagnostics(tu_id);\n"
	"CREATE INDEX IF NOT EXISTS includes_file ON includes(file_id, hash);\n"
	/* what an incremental index drops of the TUs it parses again */
	"CREATE INDEX IF NOT EXISTS claims_tu ON claims(tu_id);\n"
	"CREATE INDEX IF NOT EXISTS calls_claim ON calls(claim_id);\n"
	"CREATE INDEX IF NOT EXISTS flows_claim ON flows(claim_id);\n"
	"CREATE INDEX IF NOT EXISTS functions_tu ON functions(tu_id);\n";

int db_create_schema(sqlite3 *db, struct kcg_error *err)
{
	char version[64];

	if (db_exec(db, schema_sql, err))
		return -1;
	snprintf(version, sizeof(version), "PRAGMA user_version = %d;",
		 KCG_SCHEMA_VERSION);
	return db_exec(db, version, err);
}

static const char edge_index_sql[] =
	"CREATE INDEX IF NOT EXISTS edge_pair ON edge(caller_id, callee_id);\n"
	"CREATE INDEX IF NOT EXISTS edge_callee ON edge(callee_id);\n"
	"CREATE INDEX IF NOT EXISTS edge_call ON edge(call_id);\n"
	/* the resolver reads the edges it made before (the table holds
	 * three direct or macro ones to each of those) */
	"CREATE INDEX IF NOT EXISTS edge_resolved ON edge(id)"
	" WHERE kind NOT IN ('direct', 'macro');\n"
	/* an update whose lines moved finds the edges registered on them */
	"CREATE INDEX IF NOT EXISTS edge_reg ON edge(reg_file_id, reg_line)"
	" WHERE reg_file_id IS NOT NULL;\n";

int db_create_indexes(sqlite3 *db, struct kcg_error *err)
{
	return db_exec(db, index_sql, err);
}

int db_create_edge_indexes(sqlite3 *db, struct kcg_error *err)
{
	return db_exec(db, edge_index_sql, err);
}
