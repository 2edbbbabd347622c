/*
 * findings.c - the timestomping checks' findings into a report, shared
 * by the timeline command and the timeline analyzer
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "timeline/timeline.h"
#include "util/util.h"

void
tl_finding_report(const struct tl_finding *f, void *arg)
{
	static const enum check_id	ids[] = {
		[TL_CHECK_MTIME_BEFORE_CRTIME] = CHECK_TL_MTIME_BEFORE_CRTIME,
		[TL_CHECK_ZERO_NSEC] = CHECK_TL_ZERO_NSEC,
		[TL_CHECK_SYSBIN_CTIME] = CHECK_TL_SYSBIN_CTIME,
	};
	struct report	*r = arg;
	struct fctx	 fc;
	char		*path;

	/* The report wants a C string; a forged name may hold a NUL. */
	path = xmalloc(f->pathlen + 1);
	memcpy(path, f->path, f->pathlen);
	path[f->pathlen] = '\0';
	memset(&fc, 0, sizeof(fc));
	fc.path = path;
	fc.detail = f->detail;
	fc.time = f->time;
	report_finding(r, ids[f->check], &fc);
	free(path);
}
