/*
 * zone.c - the server's time zone, from its /etc/localtime, for the logs
 * it stamps with its wall clock (auth.log, dpkg.log)
 */
#include <errno.h>
#include <stdlib.h>

#include "input/input.h"
#include "util/tz.h"

/* A TZif file is a few KiB; a larger one is not a zone. */
#define ZONE_FILE_MAX	(1024 * 1024)

struct tz *
server_zone(struct fsr_tree *tree, int *errnum, const char **why)
{
	struct tz	*tz;
	char		*buf;
	size_t		 len;
	int		 rc;

	*errnum = 0;
	*why = NULL;
	rc = fsr_slurp(tree, "/etc/localtime", ZONE_FILE_MAX, &buf, &len);
	if (rc < 0) {
		*errnum = rc;
		*why = fsr_tree_errmsg(tree);
		return NULL;
	}
	tz = tz_parse_tzif(buf, len, why);
	free(buf);
	if (tz == NULL) {
		*errnum = -EINVAL;
		if (*why == NULL)
			*why = "unreadable";
	}
	return tz;
}
