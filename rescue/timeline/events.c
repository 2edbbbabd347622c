/*
 * events.c - the timeline proper: one event per distinct time of a name,
 * sorted, and its csv form
 *
 * An event holds its time and a reference to the name (24 bytes), never
 * the path: paths are made again when the sorted events are printed, so
 * a million files cost some 24 MB of events at most four times over.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rescue.h"
#include "timeline/timeline.h"
#include "util/util.h"

static bool
in_window(const struct tl_events *evs, int64_t sec)
{
	if (evs->since != TIME_NONE && sec < evs->since)
		return false;
	if (evs->until != TIME_NONE && sec > evs->until)
		return false;
	return true;
}

void
tl_events_add(struct tl_events *evs, uint8_t fsi, const struct tl_name *nm)
{
	const struct tl_inode	*in = nm->in;
	struct tl_event		*ev;
	unsigned		 done = 0, k, j;

	if (in == NULL || nm->virt)
		return;
	for (k = 0; k < 4; k++) {
		if (done & (1U << k))
			continue;
		if (k == TL_B && !(in->flags & TL_CRTIME))
			break;
		/* mactime leaves out times that are 0: never set. */
		if (in->sec[k] == 0 && in->nsec[k] == 0)
			continue;
		if (!in_window(evs, in->sec[k]))
			continue;
		if (evs->n == evs->cap) {
			evs->cap = evs->cap ? evs->cap * 2 : 65536;
			evs->ev = xrealloc(evs->ev, evs->cap *
			    sizeof(*evs->ev));
		}
		ev = &evs->ev[evs->n++];
		ev->sec = in->sec[k];
		ev->nsec = in->nsec[k];
		ev->id = nm->id;
		ev->fsi = fsi;
		ev->macb = 0;
		for (j = k; j < 4; j++) {
			if (j == TL_B && !(in->flags & TL_CRTIME))
				break;
			if (in->sec[j] == ev->sec && in->nsec[j] == ev->nsec) {
				ev->macb |= 1U << j;
				done |= 1U << j;
			}
		}
	}
}

static int
cmp_event(const void *a, const void *b)
{
	const struct tl_event	*x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->nsec != y->nsec)
		return x->nsec < y->nsec ? -1 : 1;
	if (x->fsi != y->fsi)
		return x->fsi < y->fsi ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

void
tl_events_sort(struct tl_events *evs)
{
	if (evs->n > 1)
		qsort(evs->ev, evs->n, sizeof(*evs->ev), cmp_event);
}

void
tl_events_free(struct tl_events *evs)
{
	free(evs->ev);
	evs->ev = NULL;
	evs->n = evs->cap = 0;
}

void
tl_macb_str(unsigned macb, char *buf)
{
	buf[0] = macb & (1U << TL_M) ? 'm' : '.';
	buf[1] = macb & (1U << TL_A) ? 'a' : '.';
	buf[2] = macb & (1U << TL_C) ? 'c' : '.';
	buf[3] = macb & (1U << TL_B) ? 'b' : '.';
	buf[4] = '\0';
}

void
tl_csv_header(FILE *f)
{
	fputs("time,macb,path,inode,size,uid,user,gid,mode,deleted\n", f);
}

/* A csv field: quoted, escaped, its quotes doubled. */
static void
csv_path(FILE *f, const char *s, size_t len)
{
	const char	*q;
	size_t		 n;

	fputc('"', f);
	while (len > 0) {
		q = memchr(s, '"', len);
		n = q != NULL ? (size_t)(q - s) : len;
		esc_write(f, s, n);
		if (q == NULL)
			break;
		fputs("\"\"", f);
		s += n + 1;
		len -= n + 1;
	}
	fputc('"', f);
}

void
tl_csv_event(FILE *f, const struct tl_event *ev, const struct tl_name *nm,
    const char *user)
{
	const struct tl_inode	*in = nm->in;
	char			 t[TIME_ISO_LEN], macb[5], mode[16];

	time_iso_ns(ev->sec, ev->nsec, t, sizeof(t));
	tl_macb_str(ev->macb, macb);
	fprintf(f, "%s,%s,", t, macb);
	csv_path(f, nm->path, nm->pathlen);
	fputc(',', f);
	mode_str(in != NULL ? in->mode : 0, mode);
	fprintf(f, "%" PRIu64 ",%" PRIu64 ",%" PRIu32 ",", nm->ino,
	    in != NULL ? in->size : 0, in != NULL ? in->uid : 0);
	if (user != NULL)
		csv_path(f, user, strlen(user));
	fprintf(f, ",%" PRIu32 ",%s,%s\n", in != NULL ? in->gid : 0, mode,
	    nm->deleted ? "yes" : "no");
}
