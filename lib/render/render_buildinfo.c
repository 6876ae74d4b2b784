/*
 * render_buildinfo.c - what `go version -m FILE` prints for one file
 * with build info (cmd/go/internal/version scanFile): "PATH: VERSION",
 * then each line of runtime/debug.BuildInfo.String() after a tab.
 * go writes these bytes raw; goelf escapes the bytes a terminal could
 * obey (goelf_text_escape_lines), so ordinary output stays byte-identical
 * to go's while an ESC in a module path cannot reach the terminal.
 */
#include "render/render.h"

#include <string.h>

void
goelf_render_buildinfo(const struct goelf_report *r, FILE *out)
{
	const struct goelf_gofacts *g = &r->facts.go;
	struct goelf_buf b, line;

	if (goelf_report_buildinfo(r) != GOELF_BUILDINFO_OK)
		return;
	goelf_text_escape_lines(out, r->path);
	fputs(": ", out);
	goelf_text_escape_lines(out, g->bi_version);
	fputc('\n', out);
	goelf_buf_init(&b, 64u << 20);
	goelf_modinfo_format(&g->mod, &b);
	if (!b.len) {
		goelf_buf_release(&b);
		return;
	}
	/* Every line but the last gets its tab; the text ends in "\n". */
	goelf_buf_init(&line, 64u << 20);
	goelf_buf_addc(&line, '\t');
	for (size_t i = 0; i + 1 < b.len; i++) {
		goelf_buf_addc(&line, b.buf[i]);
		if (b.buf[i] == '\n')
			goelf_buf_addc(&line, '\t');
	}
	goelf_buf_addc(&line, '\n');
	goelf_text_escape_lines(out, line.buf);
	goelf_buf_release(&line);
	goelf_buf_release(&b);
}
