/*
 * Writing the pages of kcg serve: escaping text for HTML and URLs, links
 * to function pages, inline SVG, and the layout every page is
 * wrapped in (web/page.html, read once when the server starts).
 */
#include "serve_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_add(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '"':
			strbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			strbuf_addstr(sb, "&#39;");
			break;
		default:
			strbuf_addch(sb, *s);
		}
	}
}

/*
 * Format as printf does, without escaping: for the markup itself, and
 * numbers; text from the index or the request goes through html_add().
 */
void html_addf(struct strbuf *sb, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	strbuf_addstr(sb, buf);
}

void url_add(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~/", c)) {
			strbuf_addch(sb, (char)c);
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
	}
}

void html_fn_link(struct strbuf *sb, const char *key, const char *text)
{
	strbuf_addstr(sb, "<a class=\"fn\" href=\"/function?name=");
	url_add(sb, key);
	strbuf_addstr(sb, "\">");
	html_add(sb, text ? text : key);
	strbuf_addstr(sb, "</a>");
}

void reply_page(const struct request *rq, struct reply *rp,
		const char *title, const struct strbuf *body)
{
	const char *p = rq->srv->layout, *mark;

	strbuf_reset(&rp->body);
	while ((mark = strstr(p, "{{"))) {
		strbuf_add(&rp->body, p, (size_t)(mark - p));
		if (!strncmp(mark, "{{title}}", 9)) {
			html_add(&rp->body, title);
			p = mark + 9;
		} else if (!strncmp(mark, "{{body}}", 8)) {
			strbuf_add(&rp->body, body->buf, body->len);
			p = mark + 8;
		} else if (!strncmp(mark, "{{database}}", 12)) {
			html_add(&rp->body, rq->srv->db_path);
			p = mark + 12;
		} else {
			strbuf_addstr(&rp->body, "{{");
			p = mark + 2;
		}
	}
	strbuf_addstr(&rp->body, p);
	rp->type = "text/html; charset=utf-8";
}

void html_add_svg(struct strbuf *sb, const char *svg)
{
	const char *start = strstr(svg, "<svg");

	strbuf_addstr(sb, "<div class=\"diagram\">\n");
	strbuf_addstr(sb, start ? start : "");
	strbuf_addstr(sb, "</div>\n");
}
