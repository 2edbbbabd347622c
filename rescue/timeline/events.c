/*
 * events.c - the timeline proper: one event per distinct time of a name,
 * sorted, and its csv form
 *
 * An event holds its time and a reference to the name (24 bytes), never
 * the path: paths are made again when the sorted events are printed.
 * Held events are bounded (see timeline.h): past the bound, the earliest
 * are kept in a max-heap and the rest wait for the next pass.
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

/* Restore the max-heap below I (children 2i+1, 2i+2). */
static void
sift_down(struct tl_event *h, size_t n, size_t i)
{
	struct tl_event	tmp;
	size_t		c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && cmp_event(&h[c + 1], &h[c]) > 0)
			c++;
		if (cmp_event(&h[c], &h[i]) <= 0)
			return;
		tmp = h[i];
		h[i] = h[c];
		h[c] = tmp;
		i = c;
	}
}

/* Keep EV if it is among the MAX earliest seen in this pass. */
static void
keep(struct tl_events *evs, const struct tl_event *ev)
{
	size_t	i;

	if (evs->floored && cmp_event(ev, &evs->floor) <= 0)
		return;		/* printed by an earlier pass */
	if (evs->n < evs->max) {
		evs->ev[evs->n++] = *ev;
		return;
	}
	evs->more = true;
	if (!evs->heap) {
		for (i = evs->n / 2; i-- > 0; )
			sift_down(evs->ev, evs->n, i);
		evs->heap = true;
	}
	if (cmp_event(ev, &evs->ev[0]) >= 0)
		return;
	evs->ev[0] = *ev;
	sift_down(evs->ev, evs->n, 0);
}

void
tl_events_init(struct tl_events *evs, size_t max, int64_t since,
    int64_t until)
{
	memset(evs, 0, sizeof(*evs));
	evs->max = max > 0 ? max : 1;
	evs->kinds = 0xf;
	evs->since = since;
	evs->until = until;
}

void
tl_events_add(struct tl_events *evs, uint8_t fsi, const struct tl_name *nm)
{
	const struct tl_inode	*in = nm->in;
	struct tl_event		 ev;
	unsigned		 done = 0, k, j;

	if (in == NULL || nm->virt)
		return;
	if (evs->max == 0) {	/* not through tl_events_init() */
		evs->max = TL_EVENTS_MAX_DEFAULT;
		evs->kinds = 0xf;
	}
	for (k = 0; k < 4; k++) {
		if (done & (1U << k))
			continue;
		if (k == TL_B && !(in->flags & TL_CRTIME))
			break;
		/* mactime leaves out times that are 0: never set. */
		if (tl_sec(in, k) == 0 && tl_nsec(in, k) == 0)
			continue;
		if (!in_window(evs, tl_sec(in, k)))
			continue;
		ev.sec = tl_sec(in, k);
		ev.nsec = tl_nsec(in, k);
		ev.id = nm->id;
		ev.fsi = fsi;
		ev.macb = 0;
		for (j = k; j < 4; j++) {
			if (j == TL_B && !(in->flags & TL_CRTIME))
				break;
			if (tl_sec(in, j) == ev.sec &&
			    tl_nsec(in, j) == ev.nsec) {
				ev.macb |= 1U << j;
				done |= 1U << j;
			}
		}
		if (!(ev.macb & evs->kinds))
			continue;	/* --no-atime: an access alone */
		/* Grown as needed: a small disk never takes MAX. */
		if (evs->n == evs->cap && evs->cap < evs->max) {
			evs->cap = evs->cap ? evs->cap * 2 : 65536;
			if (evs->cap > evs->max)
				evs->cap = evs->max;
			evs->ev = xrealloc(evs->ev, evs->cap *
			    sizeof(*evs->ev));
		}
		keep(evs, &ev);
	}
}

void
tl_events_sort(struct tl_events *evs)
{
	if (evs->n > 1)
		qsort(evs->ev, evs->n, sizeof(*evs->ev), cmp_event);
}

bool
tl_events_next_pass(struct tl_events *evs)
{
	if (!evs->more || evs->n == 0)
		return false;
	evs->floor = evs->ev[evs->n - 1];
	evs->floored = true;
	evs->n = 0;
	evs->heap = false;
	evs->more = false;
	return true;
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

void
tl_text_header(FILE *f)
{
	fputs("  time (UTC)           macb  mode        user           size  "
	    "path\n", f);
}

void
tl_text_event(FILE *f, const struct tl_event *ev, const struct tl_name *nm,
    const char *user)
{
	const struct tl_inode	*in = nm->in;
	char			 t[TIME_ISO_LEN], macb[5], mode[16], uid[16];

	time_iso(ev->sec, t, sizeof(t));
	t[10] = ' ';
	t[19] = '\0';		/* "2026-11-20 08:25:18" */
	tl_macb_str(ev->macb, macb);
	mode_str(in != NULL ? in->mode : 0, mode);
	if (user == NULL) {
		snprintf(uid, sizeof(uid), "%" PRIu32,
		    in != NULL ? in->uid : 0);
		user = uid;
	}
	fprintf(f, "  %s  %s  %s  ", t, macb, mode);
	esc_write(f, user, strnlen(user, 8));
	fprintf(f, "%*s %10" PRIu64 "  ", (int)(8 - strnlen(user, 8)), "",
	    in != NULL ? in->size : 0);
	esc_write(f, nm->path, nm->pathlen);
	if (nm->link != NULL) {
		fputs(" -> ", f);
		esc_puts(f, nm->link);
	}
	if (nm->deleted)
		fputs(nm->realloc ? " (deleted-realloc)" : " (deleted)", f);
	fputc('\n', f);
}
