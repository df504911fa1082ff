/*
 * Graphviz layouts in a helper process, for a long-running kcg (kcg
 * serve).  Graphviz 2.43 keeps some 13 KB of every dot layout that
 * neither gvFreeLayout() nor gvFreeContext() gives back (the leaks
 * tests/lsan-graphviz.supp suppresses); a server drawing a diagram per
 * page would grow without end.  So the layouts run in a child process
 * that is replaced after a number of drawings, and the memory goes with
 * it.
 *
 * render_drawer_start() forks, while the caller has no other thread, a
 * manager process that does nothing but fork one drawer after another:
 * each reads requests from the request pipe (the graph as DOT), answers
 * on the reply pipe (the drawing, or a message), and exits after
 * `recycle` drawings; the manager then forks the next.  The pipes stay
 * open across drawers, and one request is answered whole before a
 * drawer exits, so the parent sees one endless drawer.  Closing the
 * request pipe (render_drawer_stop) ends both processes.
 *
 * Messages: request = u32 format, u64 length, DOT text; reply = i32
 * status (0: drawn), u64 length, the drawing or a message.
 */
#include "diagram.h"
#include "drawer.h"

#include "util/alloc.h"

#include <errno.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The drawer leaves when its request pipe is closed. */
#define EXIT_CLOSED 3
#define MAX_MESSAGE (256u << 20)

static struct {
	pid_t manager;		/* 0: no helper, draw in this process */
	int req_w, reply_r;
	pthread_mutex_t lock;	/* one request at a time */
} helper = { 0, -1, -1, PTHREAD_MUTEX_INITIALIZER };

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_reply(int fd, int32_t status, const char *data,
		      uint64_t len)
{
	if (write_all(fd, &status, sizeof(status)) ||
	    write_all(fd, &len, sizeof(len)) || write_all(fd, data, len))
		return -1;
	return 0;
}

/* Draw one DOT text; the reply sent.  -1 if the pipes broke. */
static int draw_one(GVC_t *gvc, int reply_w, uint32_t fmt, char *dot)
{
	static const char *const names[] = { "svg", "png", "pdf" };
	Agraph_t *g = agmemread(dot);
	unsigned int size = 0;
	char *data = NULL;
	int rc;

	if (!g)
		return send_reply(reply_w, 1, "graphviz cannot read the graph",
				  30);
	if (fmt > 2 || gvLayout(gvc, g, "dot")) {
		agclose(g);
		return send_reply(reply_w, 1, "graphviz cannot lay out the "
				  "diagram", 34);
	}
	if (gvRenderData(gvc, g, names[fmt], &data, &size) || !data)
		rc = send_reply(reply_w, 1, "graphviz cannot draw the diagram",
				32);
	else
		rc = send_reply(reply_w, 0, data, size);
	if (data)
		gvFreeRenderData(data);
	gvFreeLayout(gvc, g);
	agclose(g);
	return rc;
}

static void drawer(int req_r, int reply_w, int recycle)
{
	GVC_t *gvc = gvContext();
	int n;

	for (n = 0; n < recycle; n++) {
		uint32_t fmt;
		uint64_t len;
		char *dot;

		if (read_all(req_r, &fmt, sizeof(fmt)))
			_exit(EXIT_CLOSED);
		if (read_all(req_r, &len, sizeof(len)) || len > MAX_MESSAGE)
			_exit(1);
		dot = malloc(len + 1);
		if (!dot || read_all(req_r, dot, len))
			_exit(1);
		dot[len] = '\0';
		if (draw_one(gvc, reply_w, fmt, dot))
			_exit(1);
		free(dot);
	}
	_exit(0);
}

static void manager(int req_r, int reply_w, int recycle)
{
	for (;;) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			_exit(1);
		if (!pid)
			drawer(req_r, reply_w, recycle);
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				_exit(1);
		if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_CLOSED)
			_exit(0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			/* it died drawing: answer the request it had */
			static const char msg[] = "graphviz failed on the "
						  "diagram";

			if (send_reply(reply_w, 1, msg, sizeof(msg) - 1))
				_exit(1);
		}
	}
}

int render_drawer_start(int recycle, struct kcg_error *err)
{
	int req[2], reply[2];
	pid_t pid;

	if (helper.manager)
		return 0;
	if (pipe(req))
		return kcg_error_errno(err, "cannot start the drawing process");
	if (pipe(reply)) {
		close(req[0]);
		close(req[1]);
		return kcg_error_errno(err, "cannot start the drawing process");
	}
	pid = fork();
	if (pid < 0) {
		kcg_error_errno(err, "cannot start the drawing process");
		close(req[0]);
		close(req[1]);
		close(reply[0]);
		close(reply[1]);
		return -1;
	}
	if (!pid) {
		close(req[1]);
		close(reply[0]);
		manager(req[0], reply[1], recycle > 0 ? recycle : 1);
	}
	close(req[0]);
	close(reply[1]);
	helper.manager = pid;
	helper.req_w = req[1];
	helper.reply_r = reply[0];
	return 0;
}

void render_drawer_stop(void)
{
	if (!helper.manager)
		return;
	close(helper.req_w);
	close(helper.reply_r);
	while (waitpid(helper.manager, NULL, 0) < 0 && errno == EINTR)
		;
	helper.manager = 0;
	helper.req_w = helper.reply_r = -1;
}

int render_drawer_running(void)
{
	return helper.manager != 0;
}

int render_drawer_draw(const char *dot, size_t len, enum render_format fmt,
		       char **out, size_t *out_len, struct kcg_error *err)
{
	uint32_t f = fmt == RENDER_SVG ? 0 : fmt == RENDER_PNG ? 1 : 2;
	uint64_t n = len, rlen;
	int32_t status;
	char *data;
	int rc = -1;

	*out = NULL;
	*out_len = 0;
	pthread_mutex_lock(&helper.lock);
	if (write_all(helper.req_w, &f, sizeof(f)) ||
	    write_all(helper.req_w, &n, sizeof(n)) ||
	    write_all(helper.req_w, dot, len) ||
	    read_all(helper.reply_r, &status, sizeof(status)) ||
	    read_all(helper.reply_r, &rlen, sizeof(rlen)) ||
	    rlen > MAX_MESSAGE) {
		pthread_mutex_unlock(&helper.lock);
		return kcg_error_set(err, "the drawing process is gone");
	}
	data = xmalloc(rlen + 1);
	if (read_all(helper.reply_r, data, rlen)) {
		pthread_mutex_unlock(&helper.lock);
		free(data);
		return kcg_error_set(err, "the drawing process is gone");
	}
	pthread_mutex_unlock(&helper.lock);
	data[rlen] = '\0';
	if (status) {
		kcg_error_set(err, "%s", data);
		free(data);
	} else {
		*out = data;
		*out_len = rlen;
		rc = 0;
	}
	return rc;
}
