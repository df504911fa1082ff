/*
 * The plan of an index run: see plan.h.
 */
#include "plan.h"

#include "db/previous.h"
#include "extractor/extract.h"
#include "util/alloc.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/trace.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NO_CMD ((size_t)-1)

struct plan_old_tu {
	int64_t id;
	size_t cmd;		/* the compdb entry it is, or NO_CMD */
	int changed;		/* a file it read is not as it was */
	int ok;			/* it parsed cleanly */
	int failed;		/* nothing of it parsed */
	uint64_t command_hash;
	char *file;
	int claims_read;	/* its claims are in plan.claims */
};

struct plan_claim {
	char *key;
	char *file;		/* where the definition is, or NULL */
	size_t tu;		/* index in old_tus */
	int weak;		/* a weak definition */
	int in_main;		/* in the TU's source file */
	int unwalked;		/* one beaten (beaten_defs): not walked */
};

/* Taken as it is: in the index and not parsed. */
static int kept(const struct plan *p, const struct plan_old_tu *t)
{
	return t->cmd != NO_CMD && !p->parse[t->cmd];
}

static const struct compdb *sort_db;

static int by_file(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return strcmp(sort_db->cmds[*x].file, sort_db->cmds[*y].file);
}

static int by_index(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* The TUs of the shard: every nr-th in the order of their paths. */
static void choose_shard(struct plan *p, const struct plan_options *o)
{
	const struct compdb *db = o->compdb;
	size_t i;

	p->tus = xcalloc(db->nr + 1, sizeof(*p->tus));
	for (i = 0; i < db->nr; i++)
		p->tus[i] = i;
	p->nr_tus = db->nr;
	if (o->nr_shards <= 1)
		return;
	sort_db = db;	/* qsort has no context argument in C11 */
	qsort(p->tus, db->nr, sizeof(*p->tus), by_file);
	p->nr_tus = 0;
	for (i = 0; i < db->nr; i++)
		if (i % (size_t)o->nr_shards == (size_t)(o->shard - 1))
			p->tus[p->nr_tus++] = p->tus[i];
	qsort(p->tus, p->nr_tus, sizeof(*p->tus), by_index);
}

static struct plan_old_tu *find_old(const struct plan *p, int64_t id)
{
	size_t lo = 0, hi = p->nr_old_tus;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->old_tus[mid].id == id)
			return &p->old_tus[mid];
		if (p->old_tus[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int load_old_tus(struct plan *p, struct kcg_error *err)
{
	struct previous_tu *tus;
	size_t i, nr;

	if (previous_tus(p->old, &tus, &nr, err)) {
		previous_tus_free(tus, nr);
		return -1;
	}
	p->old_tus = xcalloc(nr + 1, sizeof(*p->old_tus));
	for (i = 0; i < nr; i++) {
		struct plan_old_tu *t = &p->old_tus[i];

		t->id = tus[i].id;
		t->file = tus[i].file;	/* taken over */
		t->command_hash = tus[i].command_hash;
		t->ok = tus[i].ok;
		t->failed = tus[i].failed;
		t->cmd = NO_CMD;
	}
	p->nr_old_tus = nr;
	free(tus);
	return 0;
}

/* Mark the TUs that read file as it hashed then. */
static int mark_readers(struct plan *p, int64_t file, uint64_t hash,
			struct kcg_error *err)
{
	int64_t *ids;
	size_t i, nr;

	if (previous_readers(p->old, file, hash, &ids, &nr, err))
		return -1;
	for (i = 0; i < nr; i++) {
		struct plan_old_tu *t = find_old(p, ids[i]);

		if (t)
			t->changed = 1;
	}
	free(ids);
	return 0;
}

/* Hashing the files read, several at a time. */
struct hash_job {
	const struct previous_read *reads;
	size_t *first;		/* the first read of each file */
	size_t nr_files;
	const char *root;
	int64_t hashed_since;	/* 0: hash every file */
	uint64_t *now;		/* by file: its hash now */
	unsigned char *readable;
	unsigned char *hashed;	/* read and hashed (not settled) */
	size_t nr_reads;
	size_t next;		/* the next file to hash */
	pthread_mutex_t lock;
};

/*
 * Has file k (at path) not changed since its one recorded hash was
 * taken?  Any write, and any cp -p or touch that sets an old mtime,
 * makes the ctime now: a ctime and mtime before hashed_since (when every
 * hash was taken after) say the text is as it was hashed.
 */
static int settled(const struct hash_job *j, size_t k, const char *path)
{
	size_t end = k + 1 < j->nr_files ? j->first[k + 1] : j->nr_reads;
	struct stat st;
	int64_t c, m;

	if (!j->hashed_since || end - j->first[k] != 1 || stat(path, &st))
		return 0;
	c = (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
	m = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	return c < j->hashed_since && m < j->hashed_since;
}

static void *hash_worker(void *arg)
{
	struct hash_job *j = arg;

	for (;;) {
		size_t k;
		char *path;

		pthread_mutex_lock(&j->lock);
		k = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (k >= j->nr_files)
			break;
		path = path_join(j->root, j->reads[j->first[k]].path);
		if (settled(j, k, path)) {
			j->now[k] = j->reads[j->first[k]].hash;
			j->readable[k] = 1;
		} else {
			j->readable[k] = !hash_file(path, &j->now[k]);
			j->hashed[k] = 1;
		}
		free(path);
	}
	return NULL;
}

/* Hash every file of j, with jobs threads (the calling one too). */
static void hash_files(struct hash_job *j, int jobs)
{
	pthread_t *threads;
	int i, started = 0;

	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > j->nr_files)
		jobs = j->nr_files ? (int)j->nr_files : 1;
	pthread_mutex_init(&j->lock, NULL);
	threads = xcalloc((size_t)jobs, sizeof(*threads));
	for (i = 1; i < jobs; i++)
		if (!pthread_create(&threads[started], NULL, hash_worker, j))
			started++;
	hash_worker(j);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	pthread_mutex_destroy(&j->lock);
}

/*
 * Mark the TUs that read a file whose text changed (or is gone).  Each
 * file read is hashed once (jobs at a time: a whole kernel reads some
 * 25,000 files), against each hash TUs recorded for it (one, unless the
 * file changed during a run); only the readers of a changed one are
 * looked up, through the index on includes(file_id, hash).
 */
static int find_changed(struct plan *p, const char *root, int jobs,
			struct kcg_error *err)
{
	struct previous_read *reads;
	struct hash_job j;
	size_t i, k, nr;
	int rc = 0;

	if (previous_reads(p->old, &reads, &nr, err)) {
		previous_reads_free(reads, nr);
		return -1;
	}
	memset(&j, 0, sizeof(j));
	j.reads = reads;
	j.nr_reads = nr;
	j.root = root;
	j.hashed_since = p->old_hashed_since;
	j.first = xcalloc(nr + 1, sizeof(*j.first));
	for (i = 0; i < nr; i++)
		if (!i || reads[i].file_id != reads[i - 1].file_id)
			j.first[j.nr_files++] = i;
	j.now = xcalloc(j.nr_files + 1, sizeof(*j.now));
	j.readable = xcalloc(j.nr_files + 1, 1);
	j.hashed = xcalloc(j.nr_files + 1, 1);
	hash_files(&j, jobs);
	p->nr_files = j.nr_files;
	for (k = 0; k < j.nr_files; k++)
		p->nr_hashed += j.hashed[k];
	for (i = 0, k = 0; i < nr && !rc; i++) {
		const struct previous_read *r = &reads[i];

		if (k + 1 < j.nr_files && j.first[k + 1] == i)
			k++;
		if (!j.readable[k] || j.now[k] != r->hash)
			rc = mark_readers(p, r->file_id, r->hash, err);
	}
	free(j.first);
	free(j.now);
	free(j.readable);
	free(j.hashed);
	previous_reads_free(reads, nr);
	return rc;
}

/* Append claims (taken over) of the TUs they name to p->claims. */
static void add_claims(struct plan *p, struct previous_claim *claims,
		       size_t nr)
{
	size_t i;

	xgrow(&p->claims, &p->alloc_claims, p->nr_claims + nr + 1,
	      sizeof(*p->claims));
	for (i = 0; i < nr; i++) {
		struct plan_old_tu *t = find_old(p, claims[i].tu_id);
		struct plan_claim *c;

		if (!t)
			continue;
		c = &p->claims[p->nr_claims++];
		c->key = claims[i].key;		/* taken over */
		c->file = claims[i].file;
		claims[i].key = claims[i].file = NULL;
		c->tu = (size_t)(t - p->old_tus);
		c->weak = claims[i].weak;
		c->in_main = claims[i].in_main;
		c->unwalked = claims[i].unwalked;
	}
}

/*
 * What plan_orphans() looks at: the claims of the TUs not taken as they
 * are (parsed again or gone), read as they join them, and every
 * definition beaten.  The holders of the other keys are looked up when a
 * walk meets one (plan_claim_held()).
 */
static int load_claims(struct plan *p, struct kcg_error *err)
{
	struct previous_claim *claims = NULL;
	size_t i, nr = 0, alloc = 0;
	int rc = 0;

	if (!p->beaten_read) {
		p->beaten_read = 1;
		rc = previous_beaten(p->old, &claims, &nr, &alloc, err);
	}
	for (i = 0; i < p->nr_old_tus && !rc; i++) {
		struct plan_old_tu *t = &p->old_tus[i];

		if (t->claims_read || kept(p, t))
			continue;
		t->claims_read = 1;
		rc = previous_claims_of(p->old, t->id, &claims, &nr, &alloc,
					err);
	}
	if (!rc)
		add_claims(p, claims, nr);
	previous_claims_free(claims, nr);
	return rc;
}

/*
 * The file a diagnostic says is missing: NAME of clang's "'NAME' file
 * not found" (an #include, or -include), or PATH of the extractor's
 * "cannot read 'PATH': ..." (the TU's own source).  A new string, or
 * NULL.
 */
static char *missing_in(const char *message, int *is_source)
{
	static const char not_found[] = "' file not found";
	static const char cannot_read[] = EXTRACT_CANNOT_READ;
	const char *end;

	*is_source = !strncmp(message, cannot_read, sizeof(cannot_read) - 1);
	if (*is_source) {
		message += sizeof(cannot_read) - 1;
		end = strstr(message, "': ");
	} else if (message[0] == '\'') {
		message++;
		end = strstr(message, not_found);
	} else {
		return NULL;
	}
	return end && end > message ? xstrndup(message,
					       (size_t)(end - message)) :
				      NULL;
}

static int exists_in(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	int found = !access(path, F_OK);

	free(path);
	return found;
}

/*
 * Does name exist now where cmd would look for it: beside the file that
 * includes it (includer, relative to root), in the command's directory
 * (-include), or in one of its include directories?  Looking in more
 * places than the preprocessor would only parses a TU once too often.
 */
static int found_now(const struct compile_command *cmd, const char *root,
		     const char *includer, const char *name)
{
	static const char *const dir_options[] = {
		"-I", "-iquote", "-isystem", "-idirafter", NULL,
	};
	int i, found = 0;

	if (name[0] == '/')
		return !access(name, F_OK);
	if (includer) {
		char *file = path_join(root, includer), *slash;

		slash = strrchr(file, '/');
		if (slash)
			*slash = '\0';
		found = exists_in(file, name);
		free(file);
	}
	if (found || exists_in(cmd->directory, name))
		return 1;
	for (i = 1; i < cmd->argc && !found; i++) {
		const char *const *opt;

		for (opt = dir_options; *opt && !found; opt++) {
			size_t len = strlen(*opt);
			const char *dir;
			char *abs;

			if (strncmp(cmd->argv[i], *opt, len))
				continue;
			dir = cmd->argv[i][len] ? cmd->argv[i] + len :
			      i + 1 < cmd->argc ? cmd->argv[i + 1] : NULL;
			if (!dir)
				continue;
			abs = path_join(cmd->directory, dir);
			found = exists_in(abs, name);
			free(abs);
		}
	}
	return found;
}

/*
 * A TU that did not parse cleanly is parsed again when its inputs
 * changed (its command, a file it read) or when a file its errors say
 * was missing exists now (a generated header made since); not on every
 * run, as the header a build never makes (arch/x86/lib/inat.c's
 * inat-tables.c without the awk script's output) does not come by
 * itself.
 */
static int missing_appeared(struct plan *p, const struct plan_old_tu *t,
			    const struct compile_command *cmd,
			    const char *root, int *out, struct kcg_error *err)
{
	struct previous_diag *diags;
	size_t i, nr;

	*out = 0;
	if (previous_diags(p->old, t->id, &diags, &nr, err)) {
		previous_diags_free(diags, nr);
		return -1;
	}
	for (i = 0; i < nr && !*out; i++) {
		int is_source;
		char *name = missing_in(diags[i].message, &is_source);

		if (!name)
			continue;
		*out = is_source ? !access(name, F_OK) :
				   found_now(cmd, root, diags[i].file, name);
		free(name);
	}
	previous_diags_free(diags, nr);
	return 0;
}

/* The existing database, if this run can build on it; else why not. */
static int open_old(struct plan *p, const struct plan_options *o)
{
	struct kcg_error err;
	char *root, *version, *build, *run, *since = NULL;

	if (o->full || access(o->db_path, F_OK))
		return 0;
	if (previous_open(o->db_path, &p->old, &err)) {
		snprintf(p->why_full, sizeof(p->why_full), "%.200s", err.msg);
		return 0;
	}
	root = version = build = run = NULL;
	if (previous_meta(p->old, "root", &root, &err) ||
	    previous_meta(p->old, "kcg_version", &version, &err) ||
	    previous_meta(p->old, "build", &build, &err) ||
	    previous_meta(p->old, "run", &run, &err))
		snprintf(p->why_full, sizeof(p->why_full), "%.200s", err.msg);
	else if (!root || strcmp(root, o->root))
		snprintf(p->why_full, sizeof(p->why_full),
			 "'%s' was indexed with another root ('%s')",
			 o->db_path, root ? root : "");
	else if (!version || strcmp(version, KCG_VERSION))
		snprintf(p->why_full, sizeof(p->why_full),
			 "'%s' was indexed by kcg %s", o->db_path,
			 version ? version : "?");
	else if (!build || strcmp(build, p->build))
		snprintf(p->why_full, sizeof(p->why_full),
			 "'%s' was indexed by another build of kcg",
			 o->db_path);
	p->run = (run ? atoll(run) : 0) + 1;
	if (!p->why_full[0] &&
	    previous_meta(p->old, "hashed_since", &since, &err))
		snprintf(p->why_full, sizeof(p->why_full), "%.200s", err.msg);
	p->old_hashed_since = since ? atoll(since) : 0;
	free(since);
	free(root);
	free(version);
	free(build);
	free(run);
	if (p->why_full[0]) {
		previous_close(p->old);
		p->old = NULL;
		p->run = 1;
		return 0;
	}
	p->old_path = xstrdup(o->db_path);
	return 1;
}

int plan_make(struct plan *p, const struct plan_options *o,
	      struct kcg_error *err)
{
	struct strmap by_file;
	struct timespec now;
	size_t i;

	memset(p, 0, sizeof(*p));
	clock_gettime(CLOCK_REALTIME, &now);
	p->compdb = o->compdb;
	p->run = 1;
	p->parse = xcalloc(o->compdb->nr + 1, 1);
	extractor_build_id(p->build);
	choose_shard(p, o);
	if (!open_old(p, o)) {
		for (i = 0; i < p->nr_tus; i++)
			p->parse[p->tus[i]] = 1;
		p->nr_parse = p->nr_tus;
		/* every hash is taken from now on */
		p->hashed_since = (int64_t)now.tv_sec * 1000000000 +
				  now.tv_nsec - PLAN_CLOCK_SLACK;
		return 0;
	}
	/* the TUs kept keep their hashes, taken since the old time */
	p->hashed_since = p->old_hashed_since;
	if (load_old_tus(p, err))
		return -1;
	trace_phase("plan: TUs");
	if (find_changed(p, o->root, o->jobs, err))
		return -1;
	trace_phase(p->nr_hashed < p->nr_files ?
		    "plan: files changed (ctime)" : "plan: files changed");
	strmap_init(&by_file);
	for (i = 0; i < p->nr_old_tus; i++)
		strmap_put(&by_file, p->old_tus[i].file, (int64_t)i);
	for (i = 0; i < p->nr_tus; i++) {
		const struct compile_command *cmd = &o->compdb->cmds[p->tus[i]];
		struct plan_old_tu *t;
		int64_t index;
		int appeared = 0;

		if (!strmap_get(&by_file, cmd->file, &index)) {
			p->parse[p->tus[i]] = 1;
			p->nr_parse++;
			continue;
		}
		t = &p->old_tus[index];
		t->cmd = p->tus[i];
		if (!t->ok && !t->changed &&
		    missing_appeared(p, t, cmd, o->root, &appeared, err)) {
			strmap_release(&by_file);
			return -1;
		}
		if (appeared || t->changed ||
		    t->command_hash != tu_command_hash(cmd)) {
			p->parse[p->tus[i]] = 1;
			p->nr_parse++;
		} else {
			p->nr_reused++;
		}
	}
	strmap_release(&by_file);
	for (i = 0; i < p->nr_old_tus; i++)
		if (p->old_tus[i].cmd == NO_CMD)
			p->nr_removed++;
	trace_phase("plan: commands");
	/* who walked what is read when a walk or plan_orphans() needs
	 * it */
	return 0;
}

int plan_old_meta(const struct plan *p, const char *key, char **out,
		  struct kcg_error *err)
{
	*out = NULL;
	return p->old ? previous_meta(p->old, key, out, err) : 0;
}

void plan_old_status(const struct plan *p, int64_t *ok, int64_t *errors,
		     int64_t *failed)
{
	size_t i;

	*ok = *errors = *failed = 0;
	for (i = 0; i < p->nr_old_tus; i++) {
		const struct plan_old_tu *t = &p->old_tus[i];

		if (t->ok)
			++*ok;
		else if (t->failed)
			++*failed;
		else
			++*errors;
	}
}

void plan_release(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nr_old_tus; i++)
		free(p->old_tus[i].file);
	for (i = 0; i < p->nr_claims; i++) {
		free(p->claims[i].key);
		free(p->claims[i].file);
	}
	free(p->old_tus);
	free(p->claims);
	free(p->tus);
	free(p->parse);
	free(p->old_path);
	previous_close(p->old);
	memset(p, 0, sizeof(*p));
}

size_t plan_first(const struct plan *p, size_t **out)
{
	size_t i, n = 0;

	*out = xcalloc(p->nr_tus + 1, sizeof(**out));
	for (i = 0; i < p->nr_tus; i++)
		if (p->parse[p->tus[i]])
			(*out)[n++] = p->tus[i];
	return n;
}

int plan_claim_held(const struct plan *p, const uint32_t *ranks,
		    const char *key, int64_t *rank, struct kcg_error *err)
{
	struct previous_claim c;
	const struct plan_old_tu *t;
	int rc;

	if (!p->old)
		return 0;
	rc = previous_claim_of_key(p->old, key, &c, err);
	if (rc <= 0)
		return rc;
	t = find_old(p, c.tu_id);
	if (!t || !kept(p, t))
		return 0;
	*rank = claim_rank(c.weak, c.in_main, ranks, t->cmd);
	return 1;
}

/* Of the TUs ids, the first by path of those taken as they are; NULL if
 * none. */
static struct plan_old_tu *first_kept(struct plan *p, const int64_t *ids,
				      size_t nr)
{
	struct plan_old_tu *first = NULL;
	size_t i;

	for (i = 0; i < nr; i++) {
		struct plan_old_tu *t = find_old(p, ids[i]);

		if (t && kept(p, t) &&
		    (!first || strcmp(t->file, first->file) < 0))
			first = t;
	}
	return first;
}

/*
 * The TU to walk the bodies of file that went without a walker: of the
 * TUs taken as they are that read it, the first by path (*out NULL if
 * none).
 */
static int reader_of(struct plan *p, const char *file,
		     struct plan_old_tu **out, struct kcg_error *err)
{
	int64_t *ids;
	size_t nr;

	if (previous_readers_of_path(p->old, file, &ids, &nr, err))
		return -1;
	*out = first_kept(p, ids, nr);
	free(ids);
	return 0;
}

/*
 * The TU to walk again for an enum whose claim went without a walker
 * while other TUs' bodies still use it (enum_uses): of the TUs taken as
 * they are that use it, the first by path (*out NULL if none).  The TU
 * parsed now that held it no longer uses it, but a fresh index has it.
 */
static int enum_user_of(struct plan *p, const char *key,
			struct plan_old_tu **out, struct kcg_error *err)
{
	int64_t *ids;
	size_t nr;

	if (previous_enum_users(p->old, key, &ids, &nr, err))
		return -1;
	*out = first_kept(p, ids, nr);
	free(ids);
	return 0;
}

/* Parse t, taken as it was so far, in the next round. */
static void parse_kept(struct plan *p, struct plan_old_tu *t, size_t **out,
		       size_t *nr_out, size_t *alloc)
{
	p->parse[t->cmd] = 1;
	p->nr_parse++;
	p->nr_reused--;
	xgrow(out, alloc, *nr_out + 1, sizeof(**out));
	(*out)[(*nr_out)++] = t->cmd;
}

/* The keys of the definitions beaten (beaten_defs) that the TUs taken
 * as they are have. */
static void kept_beaten_keys(const struct plan *p, struct strmap *out)
{
	size_t i;

	for (i = 0; i < p->nr_claims; i++)
		if (p->claims[i].unwalked &&
		    kept(p, &p->old_tus[p->claims[i].tu]))
			strmap_add(out, p->claims[i].key, NULL, 1);
}

int plan_orphans(struct plan *p, const struct strmap *claimed,
		 const struct strmap *read, size_t **out, size_t *nr_out,
		 struct kcg_error *err)
{
	struct strmap files, beaten, gone;
	struct plan_old_tu *t;
	size_t i, alloc = 0;
	int rc = 0;

	*out = NULL;
	*nr_out = 0;
	strmap_init(&files);
	strmap_init(&beaten);
	strmap_init(&gone);
	rc = load_claims(p, err);
	kept_beaten_keys(p, &beaten);
	for (i = 0; i < p->nr_claims && !rc; i++) {
		const struct plan_claim *c = &p->claims[i];

		if (c->unwalked || kept(p, &p->old_tus[c->tu]) ||
		    strmap_get(claimed, c->key, NULL))
			continue;
		/* the definitions it beat, in TUs taken as they are, are
		 * walked now and the best kept, as in a fresh index */
		if (strmap_get(&beaten, c->key, NULL)) {
			strmap_add(&gone, c->key, NULL, 1);
			continue;
		}
		/* its file was read by a TU parsed now that no longer
		 * defines it: gone for good, unless an enum others use */
		if (c->file && strmap_get(read, c->file, NULL)) {
			rc = enum_user_of(p, c->key, &t, err);
			if (!rc && t)
				parse_kept(p, t, out, nr_out, &alloc);
			continue;
		}
		if (!c->file || !strmap_add(&files, c->file, NULL, 1))
			continue;
		rc = reader_of(p, c->file, &t, err);
		if (!rc && t)
			parse_kept(p, t, out, nr_out, &alloc);
	}
	for (i = 0; i < p->nr_claims && !rc; i++) {
		const struct plan_claim *c = &p->claims[i];

		t = &p->old_tus[c->tu];
		if (c->unwalked && kept(p, t) &&
		    strmap_get(&gone, c->key, NULL))
			parse_kept(p, t, out, nr_out, &alloc);
	}
	strmap_release(&gone);
	strmap_release(&beaten);
	strmap_release(&files);
	return rc;
}

size_t plan_old_ids(const struct plan *p, const size_t *cmds, size_t nr,
		    int with_removed, int64_t **out)
{
	unsigned char *in_cmds = xcalloc(p->compdb->nr + 1, 1);
	size_t i, n = 0;

	for (i = 0; i < nr; i++)
		in_cmds[cmds[i]] = 1;
	*out = xcalloc(p->nr_old_tus + 1, sizeof(**out));
	for (i = 0; i < p->nr_old_tus; i++) {
		const struct plan_old_tu *t = &p->old_tus[i];

		if (t->cmd == NO_CMD ? with_removed : in_cmds[t->cmd])
			(*out)[n++] = t->id;
	}
	free(in_cmds);
	return n;
}
