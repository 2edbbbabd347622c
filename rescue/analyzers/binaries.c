/*
 * binaries.c - what was dropped or replaced: package files against the
 * server's dpkg database (debsums, offline), then every file no package
 * vouches for where intruders leave theirs
 */
#include "analyzer.h"
#include "binaries/binaries.h"

static int
run(struct actx *ax)
{
	struct bscan	b = { .ax = ax };

	pkgdb_load(ax, &b.db);
	if (b.db.present)
		verify_packages(&b);
	else
		report_note(ax->report, "no /var/lib/dpkg/status: package "
		    "files are not verified");
	scan_dropped(&b);
	record(ax, &(struct record){ "summary", (const struct field[]){
	    FINT("packages", b.db.npkgs), FINT("verified", b.stats.files),
	    FINT("bytes", b.stats.bytes), FINT("modified", b.stats.modified),
	    FINT("missing", b.stats.missing),
	    FINT("missing_ignored", b.stats.missing_ignored),
	    FINT("conffiles", b.stats.conffiles),
	    FINT("conffiles_changed", b.stats.conffiles_changed),
	    FINT("unreadable", b.stats.unreadable),
	    FINT("walked", b.stats.walked), FINT("dropped", b.stats.dropped),
	    FINT("suid", b.stats.suid), FEND } });
	pkgdb_free(&b.db);
	return 0;
}

const struct analyzer analyzer_binaries = {
	"binaries",
	"package files verified; binaries, miners, webshells dropped",
	run,
};
