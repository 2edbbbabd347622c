/*
 * probe.c - what is on the targets: disks, partitions, filesystems and
 * OS installs, without choosing or attaching anything
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "report/report.h"
#include "util/util.h"

static const char usage[] =
"usage: rescue probe [TARGET...] [--format text|json]\n"
"\n"
"List each TARGET's partition table, partitions (number, start, size,\n"
"type, PARTUUID, PARTLABEL), filesystems (type, UUID, LABEL) and the OS\n"
"installs found on them.  With no TARGET, the disks of this machine,\n"
"less the medium rescue was started from.\n";

static void
probe_disk(struct rctx *ctx, struct fsr_disk *d)
{
	const struct fsr_part	*p;
	char			 title[1024];
	size_t			 i;
	bool			 first = true;

	for (i = 0; (p = fsr_server_part(ctx->server, i)) != NULL; i++) {
		if (p->vol.disk != d)
			continue;
		if (first) {
			snprintf(title, sizeof(title), "%s", fsr_disk_path(d));
			report_section(ctx->report, title, p->vol.pttype[0] ?
			    p->vol.pttype : "no partition table");
			report_record(ctx->report, &(struct record){ "disk",
			    (const struct field[]){
			    FBARE("path", fsr_disk_path(d)),
			    FINT("size", fsr_disk_size(d)),
			    FSTR("table", p->vol.pttype), FEND } });
			first = false;
		}
		report_record(ctx->report, &(struct record){ "volume",
		    (const struct field[]){ FBARE("name", p->vol.name[0] ?
		    p->vol.name : "(whole disk)"),
		    FINT("start", p->vol.offset), FINT("size", p->vol.size),
		    FSTR("fstype", p->vol.fstype), FSTR("uuid", p->vol.uuid),
		    FSTR("label", p->vol.label),
		    FSTR("parttype", p->vol.parttype),
		    FSTR("partuuid", p->vol.partuuid),
		    FSTR("partlabel", p->vol.partlabel),
		    FSTR("os", p->os), FSTR("mounted_at", p->mountpoint),
		    FSTR("note", p->fs ? p->vol.note : p->error), FEND } });
	}
}

int
cmd_probe(int argc, char **argv, struct rctx *ctx)
{
	size_t	i;
	int	rc;

	if ((rc = parse_analysis_args(argc, argv, ctx, usage)) != 0)
		return rc < 0 ? 0 : rc;
	rc = rctx_open_tree(ctx, false);
	if (ctx->server == NULL || fsr_server_ndisks(ctx->server) +
	    fsr_server_nparts(ctx->server) == 0)
		return rc ? rc : EXIT_TARGET;
	if (rctx_open_output(ctx) < 0)
		return EXIT_TARGET;
	ctx->report = report_new(ctx->format, ctx->out, ctx->color);
	for (i = 0; i < fsr_server_ndisks(ctx->server); i++)
		probe_disk(ctx, fsr_server_disk(ctx->server, i));
	for (i = 0; i < fsr_server_nparts(ctx->server); i++) {
		const struct fsr_part *p = fsr_server_part(ctx->server, i);
		if (p->vol.disk == NULL)
			report_record(ctx->report, &(struct record){ "directory",
			    (const struct field[]){ FBARE("path", p->name),
			    FSTR("os", p->os), FEND } });
	}
	for (i = 0; i < fsr_server_nnotes(ctx->server); i++)
		report_note(ctx->report, "%s", fsr_server_note(ctx->server, i));
	report_end(ctx->report);
	return ctx->target_failed ? EXIT_TARGET : EXIT_CLEAN;
}
