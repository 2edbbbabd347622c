/*
 * tz.h - the server's time zone, from its /etc/localtime (TZif, RFC 8536)
 * or a POSIX TZ string, to turn its wall-clock stamps into UTC
 *
 * Nothing here reads a file or touches the process's zone (TZ, tzset(3),
 * localtime(3)): the rescue system's zone says nothing of the server's,
 * and the static build has no zone database.  The caller reads the
 * server's bytes and hands them over; every byte is hostile.
 */
#ifndef RESCUE_TZ_H
#define RESCUE_TZ_H

#include <stddef.h>
#include <stdint.h>

/* Opaque; owned by the caller, freed with tz_free(). */
struct tz;

/*
 * Parse a TZif file of version 1 to 4 (the 64-bit block of version 2
 * and later, its footer TZ string for times after the last transition).
 * Returns a zone the caller frees with tz_free(), or NULL with *WHY (if
 * WHY is not NULL) set to a static reason: "TZif: bad magic", "TZif:
 * typecnt 0"...  Leap-second records are skipped, so a "right/" zone
 * reads as its "posix/" twin.  A footer that does not parse is ignored:
 * the table still holds.
 */
struct tz	*tz_parse_tzif(const void *buf, size_t len, const char **why);

/*
 * Parse a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3", "<-03>3",
 * "EST5EDT" with the US rules of 2007 by default), with the v3
 * extension of RFC 8536 (rule times -167..167 hours).  A name of a
 * file (":Europe/Berlin", "Europe/Berlin") is refused: find the file.
 * Returns a zone to tz_free(), or NULL with *WHY set as above.
 */
struct tz	*tz_from_posix(const char *rule, const char **why);

/* UTC itself, to tz_free() like the others. */
struct tz	*tz_utc(void);

/* Free TZ; NULL is fine. */
void		 tz_free(struct tz *);

/*
 * Seconds east of UTC in effect at the instant UTC (seconds since 1970,
 * any int64).  *ABBREV (if not NULL) is set to the abbreviation then,
 * raw bytes from the file, valid as long as TZ.  Always within
 * -89999..93599 (RFC 9636).
 */
int32_t		 tz_offset(const struct tz *, int64_t utc,
		    const char **abbrev);

#define TZ_UNIQUE	0	/* the wall clock reads LOCAL once */
#define TZ_OVERLAP	1	/* twice (fall back): the earlier is given */
#define TZ_GAP		2	/* never (spring forward) */

/*
 * The UTC instant at which the wall clock read LOCAL (the broken-down
 * local time counted as if it were UTC, seconds since 1970).  In an
 * overlap the earlier instant is returned; in a gap, LOCAL less the
 * offset in effect before the gap (2:30 in a 2:00 -> 3:00 gap gives
 * the instant the clock read 3:30).  *AMBIGUITY (if not NULL) is set
 * to TZ_UNIQUE, TZ_OVERLAP or TZ_GAP.  Saturates at the int64 ends.
 */
int64_t		 tz_local_to_utc(const struct tz *, int64_t local,
		    int *ambiguity);

#endif
