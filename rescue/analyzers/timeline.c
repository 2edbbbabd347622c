/*
 * timeline.c - the timestomping checks for triage: every filesystem's
 * inodes scanned and joined to their names as `rescue timeline` does,
 * but only the findings are reported, never the events
 *
 * One filesystem's tables are held at a time and let go before the
 * next.  Not in analyzers/table.c until the lead registers it.
 */
#include <unistd.h>

#include "analyzer.h"
#include "timeline/timeline.h"

struct tl_actx {
	struct actx	*ax;
	struct tl_stomp	*stomp;
	uint64_t	 names;
};

static void
load_err(const char *msg, void *arg)
{
	ax_err((struct actx *)arg, "timeline: %s", msg);
}

static int
name_cb(const struct tl_name *nm, void *arg)
{
	struct tl_actx	*c = arg;

	c->names++;
	tl_stomp_name(c->stomp, nm);
	return FSR_WALK_CONT;
}

static int
run(struct actx *ax)
{
	struct tl_actx		 c = { .ax = ax };
	struct tl_fs		 t;
	const struct fsr_mount	*m;
	size_t			 i, nin = 0;
	bool			 prog = isatty(STDERR_FILENO);

	c.stomp = tl_stomp_new(tl_finding_report, ax->report);
	for (i = 0; i < fsr_tree_nmounts(ax->tree); i++) {
		m = fsr_tree_mount(ax->tree, i);
		if (tl_fs_load(&t, ax->tree, m->fs, m->path, prog, load_err,
		    ax) < 0 && t.nin == 0) {
			tl_fs_free(&t);
			continue;
		}
		nin += t.nin;
		tl_stomp_fs(c.stomp, &t);
		tl_fs_names(&t, name_cb, &c);
		tl_stomp_fs_end(c.stomp);
		tl_fs_free(&t);
	}
	tl_stomp_free(c.stomp);
	record(ax, &(struct record){ "summary", (const struct field[]){
	    FINT("inodes", nin), FINT("names", c.names), FEND } });
	return 0;
}

const struct analyzer analyzer_timeline = {
	"timeline",
	"inode times set back: timestomped files and programs",
	run,
};
