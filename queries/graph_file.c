/*
 * The compact call graph as a file beside the database: see graph_file.h.
 */
#include "graph_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "KCGGRAPH"
#define FILE_VERSION 1
#define HEADER_SIZE 64

struct header {
	char magic[8];
	uint32_t version, format;
	char stamp[GRAPH_STAMP_LEN];
	uint32_t nodes, out_edges, in_edges, zero;
};

_Static_assert(sizeof(struct header) == HEADER_SIZE, "header layout");

static size_t pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* The bytes of one direction's arrays, each padded. */
static size_t arrays_size(uint64_t nodes, uint64_t edges)
{
	return pad8((nodes + 1) * 4) + 2 * pad8(edges * 4) +
	       pad8(edges * 2) + pad8(edges);
}

int graph_stamp_new(char *stamp, struct kcg_error *err)
{
	unsigned char raw[GRAPH_STAMP_LEN / 2];
	size_t got = 0;
	int i;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return kcg_error_errno(err, "cannot draw a random "
						    "stamp for the call graph");
		got += (size_t)n;
	}
	for (i = 0; i < (int)sizeof(raw); i++)
		sprintf(stamp + 2 * i, "%02x", raw[i]);
	return 0;
}

/* n bytes of p, then zeros up to the next multiple of 8. */
static int write_padded(FILE *f, const void *p, size_t n)
{
	static const char zeros[8];

	if (n && fwrite(p, 1, n, f) != n)
		return -1;
	n = pad8(n) - n;
	return n && fwrite(zeros, 1, n, f) != n ? -1 : 0;
}

static int write_adj(FILE *f, const struct graph_adj *a)
{
	size_t e = a->nr_edges;

	return write_padded(f, a->offsets, ((size_t)a->nr_nodes + 1) * 4) ||
	       write_padded(f, a->targets, e * 4) ||
	       write_padded(f, a->edge_ids, e * 4) ||
	       write_padded(f, a->fanouts, e * 2) ||
	       write_padded(f, a->kinds, e) ? -1 : 0;
}

int graph_file_write(const struct graph *g, const char *stamp,
		     const char *path, struct kcg_error *err)
{
	struct header h;
	FILE *f;
	int bad;

	if (!graph_host_is_little_endian())
		return 0;
	if (!g->out.edge_ids || !g->in.edge_ids ||
	    g->out.nr_nodes != g->in.nr_nodes ||
	    strlen(stamp) != GRAPH_STAMP_LEN)
		return kcg_error_set(err, "internal error: the call graph "
				     "written to '%s' is not whole", path);
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, sizeof(h.magic));
	h.version = FILE_VERSION;
	h.format = GRAPH_CSR_FORMAT;
	memcpy(h.stamp, stamp, GRAPH_STAMP_LEN);
	h.nodes = g->out.nr_nodes;
	h.out_edges = g->out.nr_edges;
	h.in_edges = g->in.nr_edges;
	f = fopen(path, "wb");
	if (!f)
		return kcg_error_errno(err, "cannot create '%s'", path);
	bad = fwrite(&h, sizeof(h), 1, f) != 1 || write_adj(f, &g->out) ||
	      write_adj(f, &g->in);
	if (fclose(f) || bad) {
		kcg_error_errno(err, "cannot write '%s'", path);
		unlink(path);
		return -1;
	}
	return 0;
}

/* Point a at one direction's arrays, which start at p. */
static const char *place_adj(struct graph_adj *a, char *p, uint32_t nodes,
			     uint32_t edges)
{
	size_t e = edges;

	a->nr_nodes = nodes;
	a->nr_edges = edges;
	a->offsets = (uint32_t *)p;
	p += pad8(((size_t)nodes + 1) * 4);
	a->targets = (uint32_t *)p;
	p += pad8(e * 4);
	a->edge_ids = (uint32_t *)p;
	p += pad8(e * 4);
	a->fanouts = (uint16_t *)p;
	p += pad8(e * 2);
	a->kinds = (uint8_t *)p;
	if (a->offsets[0] != 0 || a->offsets[nodes] != edges)
		return "its offsets do not add up";
	return NULL;
}

int graph_file_map(const char *path, const char *stamp, unsigned dirs,
		   struct graph *g, const char **why)
{
	struct header h;
	struct stat st;
	char *map, *in;
	size_t out_size;
	int fd;

	*why = NULL;
	if (!graph_host_is_little_endian()) {
		*why = "a big-endian host reads the table";
		return 1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = "there is none";
		return 1;
	}
	if (fstat(fd, &st) || read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h)) {
		close(fd);
		*why = "it cannot be read";
		return 1;
	}
	if (memcmp(h.magic, MAGIC, sizeof(h.magic)) ||
	    h.version != FILE_VERSION || h.format != GRAPH_CSR_FORMAT)
		*why = "it is not a graph file of this kcg";
	else if (strlen(stamp) != GRAPH_STAMP_LEN ||
		 memcmp(h.stamp, stamp, GRAPH_STAMP_LEN))
		*why = "it belongs to another index run";
	else if (!h.nodes || h.nodes > INT32_MAX / 4 ||
		 h.out_edges > INT32_MAX / 4 || h.in_edges > INT32_MAX / 4 ||
		 (uint64_t)st.st_size != HEADER_SIZE +
			arrays_size(h.nodes, h.out_edges) +
			arrays_size(h.nodes, h.in_edges))
		*why = "its size is not what its header says";
	if (*why) {
		close(fd);
		return 1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		*why = "it cannot be mapped";
		return 1;
	}
	out_size = arrays_size(h.nodes, h.out_edges);
	in = map + HEADER_SIZE + out_size;
	if (dirs & GRAPH_OUT)
		*why = place_adj(&g->out, map + HEADER_SIZE, h.nodes,
				 h.out_edges);
	if (!*why && (dirs & GRAPH_IN))
		*why = place_adj(&g->in, in, h.nodes, h.in_edges);
	if (*why) {
		munmap(map, (size_t)st.st_size);
		memset(&g->out, 0, sizeof(g->out));
		memset(&g->in, 0, sizeof(g->in));
		return 1;
	}
	g->map = map;
	g->map_size = (size_t)st.st_size;
	g->loaded |= dirs & (GRAPH_OUT | GRAPH_IN);
	return 0;
}

void graph_file_unmap(struct graph *g)
{
	if (g->map)
		munmap(g->map, g->map_size);
	g->map = NULL;
	g->map_size = 0;
}
