/*
 * authlog.c - auth.log, secure and messages lines as typed events: each
 * message is matched against the format string its program hands to
 * syslog(3) (OpenSSH auth.c, Linux-PAM pam_unix, sudo's eventlog,
 * util-linux su, systemd-logind, shadow), and against nothing looser
 */
#include <stdio.h>
#include <string.h>

#include "rescue.h"
#include "util/util.h"
#include "authlog.h"

#define DAY		86400
/* A classic stamp has no year: its second within a 366-day year. */
#define YEAR_SECS	(366 * DAY)
/* Disorder of up to a day is rsyslog's, not a new year. */
#define SLACK		DAY

static const char	months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
/* Days before each month of a leap year, as Feb 29 may be stamped. */
static const int32_t	mdays_before[13] = { 0, 31, 60, 91, 121, 152, 182,
	213, 244, 274, 305, 335, 366 };

/* A piece of the line: not NUL-terminated, never written. */
struct span {
	const char	*p;
	size_t		 n;
};

static struct span
span_at(struct span s, size_t off, size_t n)
{
	struct span	r = { s.p + off, n };

	return r;
}

/* The rest of S from OFF. */
static struct span
span_from(struct span s, size_t off)
{
	return span_at(s, off, s.n - off);
}

static struct span
str_span(const char *s)
{
	struct span	r = { s, strlen(s) };

	return r;
}

static bool
is(struct span s, const char *str)
{
	return s.n == strlen(str) && memcmp(s.p, str, s.n) == 0;
}

/* Whether S starts with LIT; if so S moves past it. */
static bool
eat(struct span *s, const char *lit)
{
	size_t	n = strlen(lit);

	if (s->n < n || memcmp(s->p, lit, n) != 0)
		return false;
	s->p += n;
	s->n -= n;
	return true;
}

/* Whether S ends with LIT; if so S loses it. */
static bool
chop(struct span *s, const char *lit)
{
	size_t	n = strlen(lit);

	if (s->n < n || memcmp(s->p + s->n - n, lit, n) != 0)
		return false;
	s->n -= n;
	return true;
}

static bool
find(struct span s, const char *lit, size_t *off)
{
	const char	*q;

	q = memmem(s.p, s.n, lit, strlen(lit));
	if (q == NULL)
		return false;
	*off = (size_t)(q - s.p);
	return true;
}

/* The last LIT in S that starts before END. */
static bool
rfind(struct span s, size_t end, const char *lit, size_t *off)
{
	size_t	n = strlen(lit), i;

	if (s.n < n)
		return false;
	i = s.n - n + 1;
	if (i > end)
		i = end;
	while (i-- > 0)
		if (s.p[i] == lit[0] && memcmp(s.p + i, lit, n) == 0) {
			*off = i;
			return true;
		}
	return false;
}

/* How many times LIT occurs in S, without overlap. */
static size_t
count(struct span s, const char *lit)
{
	size_t	n = 0, off;

	while (find(s, lit, &off)) {
		s = span_from(s, off + strlen(lit));
		n++;
	}
	return n;
}

/* The first OFF bytes of S; S moves past them and SKIP more. */
static struct span
cut(struct span *s, size_t off, size_t skip)
{
	struct span	head = { s->p, off };

	s->p += off + skip;
	s->n -= off + skip;
	return head;
}

/* Up to the first LIT: HEAD before it, S after it. */
static bool
upto(struct span *s, const char *lit, struct span *head)
{
	size_t	off;

	if (!find(*s, lit, &off))
		return false;
	*head = cut(s, off, strlen(lit));
	return true;
}

/* The bytes up to a space or the end; S moves to the space. */
static struct span
word(struct span *s)
{
	size_t	i = 0;

	while (i < s->n && s->p[i] != ' ')
		i++;
	return cut(s, i, 0);
}

static void
skip_spaces(struct span *s)
{
	while (s->n > 0 && s->p[0] == ' ') {
		s->p++;
		s->n--;
	}
}

/* All of S a decimal number of at most MAX. */
static bool
num(struct span s, int64_t max, int64_t *out)
{
	int64_t	v = 0;
	size_t	i;

	if (s.n == 0 || s.n > 18)
		return false;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		v = v * 10 + (s.p[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* MIN to MAX digits at the start of S. */
static bool
take_digits(struct span *s, size_t min, size_t max, unsigned *out)
{
	unsigned	v = 0;
	size_t		i;

	for (i = 0; i < max && i < s->n && s->p[i] >= '0' && s->p[i] <= '9';
	    i++)
		v = v * 10 + (unsigned)(s->p[i] - '0');
	if (i < min)
		return false;
	cut(s, i, 0);
	*out = v;
	return true;
}

static bool
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/*
 * An address as sshd and PAM print it: IPv4, IPv6 (a zone, a mapped
 * IPv4) or, with UseDNS, a name the resolver already checked.
 */
static bool
addr_ok(struct span a)
{
	size_t	i;

	if (a.n == 0)
		return false;
	for (i = 0; i < a.n; i++)
		if (!is_alnum((unsigned char)a.p[i]) && a.p[i] != '.' &&
		    a.p[i] != ':' && a.p[i] != '-' && a.p[i] != '_' &&
		    a.p[i] != '%')
			return false;
	return true;
}

/* A word of letters, digits and SET, at least one byte long. */
static bool
word_ok(struct span w, const char *set)
{
	size_t	i;

	if (w.n == 0)
		return false;
	for (i = 0; i < w.n; i++)
		if (!is_alnum((unsigned char)w.p[i]) &&
		    (w.p[i] == '\0' || strchr(set, w.p[i]) == NULL))
			return false;
	return true;
}

static void
put(struct authlog_event *ev, char *dst, size_t size, struct span s)
{
	size_t	n = s.n;

	if (n >= size) {
		n = size - 1;
		ev->truncated = true;
	}
	if (n > 0)
		memcpy(dst, s.p, n);
	dst[n] = '\0';
}

#define PUT(ev, field, s)	put((ev), (ev)->field, sizeof((ev)->field), (s))

static bool
leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
days_in(unsigned y, unsigned m)
{
	if (m == 2 && !leap(y))
		return 28;
	return (unsigned)(mdays_before[m] - mdays_before[m - 1]);
}

/*
 * Civil time to epoch seconds through time_parse(), the one conversion
 * the project has.  Fields must be in range already.
 */
static int
civil(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi,
    unsigned s, int64_t *t)
{
	char	buf[32];

	snprintf(buf, sizeof(buf), "%04u-%02u-%02uT%02u:%02u:%02u", y, mo, d,
	    h, mi, s);
	return time_parse(buf, t);
}

/* A fraction of a second: ".123456" (digits past 9 are dropped). */
static void
fraction(struct span *s, struct authlog_event *ev)
{
	unsigned	v, scale;
	size_t		n;
	struct span	t = *s;

	if (!eat(&t, "."))
		return;
	n = t.n;
	if (!take_digits(&t, 1, 9, &v))
		return;
	for (scale = (unsigned)(n - t.n); scale < 9; scale++)
		v *= 10;
	while (t.n > 0 && t.p[0] >= '0' && t.p[0] <= '9')
		cut(&t, 1, 0);
	ev->nsec = v;
	*s = t;
}

/*
 * RFC 3339, rsyslog's RSYSLOG_FileFormat (Debian 12's default):
 * "2026-11-20T09:24:11.123456+01:00"; journalctl -o short-iso writes
 * "+0100".  A stamp without a zone is refused: it would be a guess.
 */
static bool
stamp_rfc3339(struct span *s, struct authlog_event *ev)
{
	struct span	t = *s;
	unsigned	y, mo, d, h, mi, sec, oh = 0, om = 0;
	int32_t		off = 0;
	int64_t		epoch;
	bool		neg = false;

	if (!take_digits(&t, 4, 4, &y) || !eat(&t, "-") ||
	    !take_digits(&t, 2, 2, &mo) || !eat(&t, "-") ||
	    !take_digits(&t, 2, 2, &d) || (!eat(&t, "T") && !eat(&t, "t")) ||
	    !take_digits(&t, 2, 2, &h) || !eat(&t, ":") ||
	    !take_digits(&t, 2, 2, &mi) || !eat(&t, ":") ||
	    !take_digits(&t, 2, 2, &sec))
		return false;
	fraction(&t, ev);
	if (!eat(&t, "Z") && !eat(&t, "z")) {
		if (eat(&t, "-"))
			neg = true;
		else if (!eat(&t, "+"))
			return false;
		if (!take_digits(&t, 2, 2, &oh))
			return false;
		eat(&t, ":");
		if (!take_digits(&t, 2, 2, &om) || oh > 23 || om > 59)
			return false;
		off = (int32_t)(oh * 3600 + om * 60);
		if (neg)
			off = -off;
	}
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo) ||
	    h > 23 || mi > 59 || sec > 60 ||
	    civil(y, mo, d, h, mi, sec, &epoch) != 0)
		return false;
	ev->time = epoch - off;
	ev->has_year = true;
	ev->utcoff = off;
	ev->mon = (uint8_t)mo;
	ev->mday = (uint8_t)d;
	ev->hour = (uint8_t)h;
	ev->min = (uint8_t)mi;
	ev->sec = (uint8_t)sec;
	*s = t;
	return true;
}

/*
 * The classic BSD stamp, "Nov 20 08:24:11" with the day padded by a
 * space ("Nov  5"), sometimes with a fraction: English month names
 * whatever the locale, local time, no year.
 */
static bool
stamp_classic(struct span *s, struct authlog_event *ev)
{
	struct span	t = *s;
	unsigned	m, d, h, mi, sec;

	if (t.n < 4)
		return false;
	for (m = 0; m < 12; m++)
		if (memcmp(t.p, months[m], 3) == 0)
			break;
	if (m == 12 || t.p[3] != ' ')
		return false;
	cut(&t, 4, 0);
	eat(&t, " ");
	if (!take_digits(&t, 1, 2, &d) || !eat(&t, " ") ||
	    !take_digits(&t, 2, 2, &h) || !eat(&t, ":") ||
	    !take_digits(&t, 2, 2, &mi) || !eat(&t, ":") ||
	    !take_digits(&t, 2, 2, &sec))
		return false;
	if (d < 1 || d > (unsigned)(mdays_before[m + 1] - mdays_before[m]) ||
	    h > 23 || mi > 59 || sec > 60)
		return false;
	fraction(&t, ev);
	ev->local = true;
	ev->mon = (uint8_t)(m + 1);
	ev->mday = (uint8_t)d;
	ev->hour = (uint8_t)h;
	ev->min = (uint8_t)mi;
	ev->sec = (uint8_t)sec;
	*s = t;
	return true;
}

void
authlog_year_init(struct authlog_year *yr, int year)
{
	yr->year = year;
	yr->rollovers = 0;
	yr->last = -1;
}

static int32_t
year_pos(unsigned mon, unsigned mday, unsigned h, unsigned mi, unsigned s)
{
	return (mdays_before[mon - 1] + (int32_t)mday - 1) * DAY +
	    (int32_t)(h * 3600 + mi * 60 + s);
}

static void
year_step(struct authlog_year *yr, struct authlog_event *ev)
{
	int32_t	pos, d;
	int64_t	y;

	pos = year_pos(ev->mon, ev->mday, ev->hour, ev->min, ev->sec);
	if (yr->last < 0)
		yr->last = pos;
	d = pos - yr->last;
	if (d < -SLACK) {
		if (yr->rollovers < INT32_MAX)
			yr->rollovers++;
		yr->last = pos;
		ev->year_delta = yr->rollovers;
	} else if (d > YEAR_SECS - SLACK) {
		/* Written late, after the new year: the year before. */
		ev->year_delta = yr->rollovers - 1;
	} else {
		if (d > 0)
			yr->last = pos;
		ev->year_delta = yr->rollovers;
	}
	y = (int64_t)yr->year + ev->year_delta;
	if (yr->year != 0 && y >= 1 && y <= 9999)
		authlog_event_set_year(ev, (int)y);
}

int
authlog_year_first(const struct authlog_year *yr, int64_t mtime)
{
	char		buf[TIME_ISO_LEN];
	unsigned	y, mo, d, h, mi, s;
	int64_t		last;

	time_iso(mtime, buf, sizeof(buf));
	if (sscanf(buf, "%4u-%2u-%2uT%2u:%2u:%2uZ", &y, &mo, &d, &h, &mi,
	    &s) != 6 || y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	last = y;
	/* A stamp is local time; the mtime UTC: allow a day either way. */
	if (yr->last >= 0 && yr->last > year_pos(mo, d, h, mi, s) + SLACK)
		last--;
	last -= yr->rollovers;
	return last >= 1 && last <= 9999 ? (int)last : 0;
}

int
authlog_event_set_year(struct authlog_event *ev, int year)
{
	int64_t	t;

	if (!ev->local)		/* RFC 3339: dated already */
		return ev->has_year ? 0 : -1;
	ev->time = TIME_NONE;
	ev->has_year = false;
	if (year < 1 || year > 9999 || ev->mon < 1 || ev->mon > 12 ||
	    ev->mday < 1 || ev->mday > days_in((unsigned)year, ev->mon) ||
	    civil((unsigned)year, ev->mon, ev->mday, ev->hour, ev->min,
	    ev->sec, &t) != 0)
		return -1;
	ev->time = t;
	ev->has_year = true;
	return 0;
}

/*
 * sshd: "ADDR port N", then (TAIL_SSH2) " ssh2" and ": KEYTYPE FP" for a
 * key.  OpenSSH before 7.5 wrote no port after "Invalid user".
 */
#define TAIL_PORT_OPT	0x1
#define TAIL_SSH2	0x2

struct ssh_tail {
	struct span	addr, keytype, key;
	int64_t		port;
	bool		plain;	/* nothing after the port but what sshd puts */
};

static bool
ssh_tail_parse(struct span s, int flags, struct ssh_tail *t)
{
	struct span	w;

	memset(t, 0, sizeof(*t));
	t->port = -1;
	t->plain = true;
	t->addr = word(&s);
	if (!addr_ok(t->addr))
		return false;
	if (s.n == 0)
		return (flags & TAIL_PORT_OPT) != 0;
	if (!eat(&s, " port ") || !num(word(&s), 65535, &t->port))
		return false;
	if (s.n == 0)
		return true;
	if (!(flags & TAIL_SSH2))
		return false;
	skip_spaces(&s);
	if (!eat(&s, "ssh2") && !eat(&s, "ssh1"))
		return false;
	if (s.n == 0)
		return true;
	if (!eat(&s, ": "))
		return false;
	/*
	 * auth.c format_method_key(): "TYPE FP", then for a certificate
	 * " ID ... CA TYPE FP" and for hostbased " client user ...".
	 */
	w = word(&s);
	if (word_ok(w, "-_@.") && eat(&s, " ")) {
		t->keytype = w;
		t->key = word(&s);
		if (t->key.n > 0 && (s.n == 0 || eat(&s, " ID ") ||
		    eat(&s, " client user ")))
			return true;
	}
	t->keytype.n = t->key.n = 0;
	t->plain = false;
	return true;
}

/*
 * "USER from ADDR port N...": sshd writes the user name first and it
 * may hold anything, " from 1.2.3.4 port 22" included, so the address
 * is the rightmost " from " whose tail is of sshd's form, which the
 * name cannot forge as the real tail follows it.  Text after the key
 * (a certificate's ID, a hostbased client user) could; a tail ending in
 * anything else is taken only when no tail is plain.
 */
static bool
user_from(struct authlog_event *ev, struct span s, int flags)
{
	struct ssh_tail	t, best;
	size_t		off, end = s.n, at = SIZE_MAX;

	memset(&best, 0, sizeof(best));
	while (rfind(s, end, " from ", &off)) {
		end = off;
		if (!ssh_tail_parse(span_from(s, off + 6), flags, &t) ||
		    (at != SIZE_MAX && (!t.plain || best.plain)))
			continue;
		if (at != SIZE_MAX)
			ev->ambiguous = true;
		best = t;
		at = off;
		if (t.plain)
			break;
	}
	if (at == SIZE_MAX)
		return false;
	if (find(span_at(s, 0, at), " from ", &off))
		ev->ambiguous = true;
	PUT(ev, user, span_at(s, 0, at));
	PUT(ev, addr, best.addr);
	ev->port = (int32_t)best.port;
	PUT(ev, keytype, best.keytype);
	PUT(ev, key, best.key);
	return true;
}

/* auth.c auth_log(): "METHOD for [invalid user ]USER from ADDR port N". */
static void
ssh_auth(struct authlog_event *ev, struct span m, enum authlog_type type)
{
	struct span	method;

	method = word(&m);
	if (!word_ok(method, "-_/@.") || !eat(&m, " for "))
		return;
	if (eat(&m, "invalid user "))
		ev->invalid_user = true;
	if (!user_from(ev, m, TAIL_SSH2))
		return;
	PUT(ev, method, method);
	ev->type = type;
}

/*
 * packet.c: "[authenticating user |invalid user |user ]USER ADDR port N"
 * (before 7.5 "ADDR" alone): the address is the last word before the
 * port, the user everything before it.
 */
static void
ssh_closed(struct authlog_event *ev, struct span m, enum authlog_type type)
{
	struct span	a, u = { m.p, 0 };
	size_t		off;
	int64_t		port = -1;

	if (rfind(m, m.n, " port ", &off) &&
	    num(span_from(m, off + 6), 65535, &port))
		m.n = off;
	if (rfind(m, m.n, " ", &off)) {
		u = span_at(m, 0, off);
		a = span_from(m, off + 1);
	} else
		a = m;
	if (!addr_ok(a))
		return;
	if (u.n > 0) {
		if (port < 0)
			return;
		if (eat(&u, "invalid user "))
			ev->invalid_user = true;
		else if (!eat(&u, "authenticating user ") &&
		    !eat(&u, "user "))
			return;
		PUT(ev, user, u);
	}
	PUT(ev, addr, a);
	ev->port = (int32_t)port;
	ev->type = type;
}

static bool
is_sshd(struct span prog)
{
	/* OpenSSH 9.8 moved the sessions to sshd-session, 10.0 to -auth. */
	return is(prog, "sshd") || is(prog, "sshd-session") ||
	    is(prog, "sshd-auth");
}

static void
ssh_msg(struct authlog_event *ev, struct span m)
{
	struct ssh_tail	t;
	int64_t		n;

	if (chop(&m, " [preauth]"))
		ev->preauth = true;
	if (eat(&m, "Accepted "))
		ssh_auth(ev, m, AUTHLOG_SSH_ACCEPTED);
	else if (eat(&m, "Failed "))
		ssh_auth(ev, m, AUTHLOG_SSH_FAILED);
	else if (eat(&m, "Invalid user ")) {
		ev->invalid_user = true;
		if (user_from(ev, m, TAIL_PORT_OPT))
			ev->type = AUTHLOG_SSH_INVALID_USER;
	} else if (eat(&m, "Connection closed by "))
		ssh_closed(ev, m, AUTHLOG_SSH_CLOSED);
	else if (eat(&m, "Disconnected from "))
		ssh_closed(ev, m, AUTHLOG_SSH_DISCONNECTED);
	else if (eat(&m, "error: maximum authentication attempts exceeded "
	    "for ")) {
		if (eat(&m, "invalid user "))
			ev->invalid_user = true;
		if (user_from(ev, m, TAIL_SSH2))
			ev->type = AUTHLOG_SSH_MAX_AUTH;
	} else if (eat(&m, "Server listening on ")) {
		if (chop(&m, ".") && ssh_tail_parse(m, 0, &t)) {
			PUT(ev, addr, t.addr);
			ev->port = (int32_t)t.port;
			ev->type = AUTHLOG_SSH_LISTEN;
		}
	} else if (eat(&m, "Received signal ")) {
		if (chop(&m, "; terminating.") && num(m, 64, &n))
			ev->type = AUTHLOG_SSH_STOP;
	}
}

/* "(uid=N)" at the end of S, which loses it. */
static bool
uid_suffix(struct span *s, int64_t *uid)
{
	struct span	t = *s;
	size_t		off;

	if (!chop(&t, ")") || !rfind(t, t.n, "(uid=", &off) ||
	    !num(span_from(t, off + 5), UINT32_MAX, uid))
		return false;
	s->n = off;
	return true;
}

/*
 * pam_unix: "logname=L uid=N euid=N tty=T ruser=R rhost=H  user=U";
 * user comes last and is the remote side's choice, so it takes the rest.
 */
static void
pam_authfail(struct authlog_event *ev, struct span m)
{
	struct span	w, k;
	size_t		off;

	for (;;) {
		skip_spaces(&m);
		if (m.n == 0)
			break;
		if (eat(&m, "user=")) {
			PUT(ev, user, m);
			break;
		}
		w = word(&m);
		if (!find(w, "=", &off))
			continue;
		k = span_at(w, 0, off);
		w = span_from(w, off + 1);
		if (is(k, "rhost"))
			PUT(ev, addr, w);
		else if (is(k, "tty"))
			PUT(ev, tty, w);
		else if (is(k, "logname"))
			PUT(ev, by_user, w);
		else if (is(k, "uid") && !num(w, UINT32_MAX, &ev->by_uid))
			ev->by_uid = -1;
	}
	ev->type = AUTHLOG_PAM_AUTH_FAIL;
}

/* What pam_unix logs, after its "pam_unix(SERVICE:TYPE): ". */
static void
pam_msg(struct authlog_event *ev, struct span m)
{
	struct span	b;
	size_t		off;

	if (eat(&m, "session opened for user ")) {
		/*
		 * "USER(uid=N) by LOGIN(uid=N)", before Linux-PAM 1.5
		 * "USER by LOGIN(uid=N)"; LOGIN may be empty.
		 */
		if (!rfind(m, m.n, " by ", &off))
			return;
		b = span_from(m, off + 4);
		m.n = off;
		uid_suffix(&m, &ev->uid);
		uid_suffix(&b, &ev->by_uid);
		if (m.n == 0)
			return;
		PUT(ev, user, m);
		PUT(ev, by_user, b);
		ev->type = AUTHLOG_PAM_SESSION_OPEN;
	} else if (eat(&m, "session closed for user ")) {
		if (m.n == 0)
			return;
		PUT(ev, user, m);
		ev->type = AUTHLOG_PAM_SESSION_CLOSE;
	} else if (eat(&m, "authentication failure; "))
		pam_authfail(ev, m);
	else if (eat(&m, "password changed for ")) {
		if (m.n == 0)
			return;
		PUT(ev, user, m);
		ev->type = AUTHLOG_PASSWORD_CHANGED;
	}
}

/* Linux-PAM pam_syslog(): "pam_MODULE(SERVICE:TYPE): "; M moves past. */
static bool
pam_prefix(struct authlog_event *ev, struct span *m)
{
	struct span	s = *m, mod, svc;
	size_t		off;

	if (!eat(&s, "pam_") || !upto(&s, "(", &mod) ||
	    !word_ok(mod, "_-") || !upto(&s, "): ", &svc) ||
	    !rfind(svc, svc.n, ":", &off) || off == 0)
		return false;
	PUT(ev, service, span_at(svc, 0, off));
	*m = s;
	return true;
}

/*
 * sudo's eventlog: "USER : [REASON ; ]TTY=t ; PWD=d ; USER=u ;
 * [GROUP=g ; ][TSID=n ; ][ENV=e ; ]COMMAND=cmd args".  The directory
 * and the arguments are the invoker's to choose and sudo does not
 * escape " ; " in them: COMMAND runs to the end of the line and PWD to
 * the first " ; USER=" after it, and a second " ; USER=" or
 * " ; COMMAND=" makes the line ambiguous.
 */
static void
sudo_msg(struct authlog_event *ev, struct span m)
{
	struct span	u, seg, reason = { m.p, 0 }, w, all;
	size_t		off;
	bool		keys = false, first = true;
	int64_t		n;

	if (!upto(&m, " : ", &u) || u.n == 0)
		return;
	all = m;
	for (; m.n > 0; first = false) {
		if (eat(&m, "COMMAND=")) {
			PUT(ev, command, m);
			keys = true;
			break;
		}
		if (eat(&m, "PWD=")) {
			if (!find(m, " ; USER=", &off) &&
			    !find(m, " ; ", &off))
				off = m.n;
			PUT(ev, pwd, cut(&m, off, off < m.n ? 3 : 0));
			keys = true;
			continue;
		}
		if (!find(m, " ; ", &off))
			off = m.n;
		seg = cut(&m, off, off < m.n ? 3 : 0);
		if (eat(&seg, "TTY=")) {
			PUT(ev, tty, seg);
			keys = true;
		} else if (eat(&seg, "USER=")) {
			PUT(ev, target_user, seg);
			keys = true;
		} else if (first)
			reason = seg;
	}
	if (!keys)
		return;		/* "(command continued)" and the like */
	if (count(all, " ; USER=") > 1 || count(all, " ; COMMAND=") > 1)
		ev->ambiguous = true;
	PUT(ev, user, u);
	if (reason.n == 0)
		ev->type = AUTHLOG_SUDO_COMMAND;
	else if (is(reason, "user NOT in sudoers"))
		ev->type = AUTHLOG_SUDO_NOT_SUDOERS;
	else {
		ev->type = AUTHLOG_SUDO_REFUSED;
		w = word(&reason);
		if (num(w, UINT32_MAX, &n) &&
		    (is(reason, " incorrect password attempt") ||
		    is(reason, " incorrect password attempts"))) {
			ev->type = AUTHLOG_SUDO_BAD_PASSWORD;
			ev->count = (uint32_t)n;
		}
	}
}

/*
 * util-linux su: "(to root) alice on pts/0", "FAILED SU (to root) alice
 * on pts/0"; shadow's su: "Successful su for root by alice".
 */
static void
su_msg(struct authlog_event *ev, struct span m)
{
	enum authlog_type	 type = AUTHLOG_SU;
	struct span		 t, tty = { m.p, 0 };
	size_t			 off;

	if (eat(&m, "FAILED SU "))
		type = AUTHLOG_SU_FAILED;
	if (eat(&m, "(to ")) {
		if (!upto(&m, ") ", &t) || !rfind(m, m.n, " on ", &off))
			return;
		tty = span_from(m, off + 4);
		m.n = off;
	} else {
		if (type == AUTHLOG_SU_FAILED)
			return;
		if (eat(&m, "FAILED su for "))
			type = AUTHLOG_SU_FAILED;
		else if (!eat(&m, "Successful su for "))
			return;
		if (!upto(&m, " by ", &t))
			return;
	}
	if (t.n == 0)
		return;
	PUT(ev, target_user, t);
	PUT(ev, user, m);
	PUT(ev, tty, tty);
	ev->type = type;
}

/* systemd-logind: "New session 3 of user alice.", "Removed session 3." */
static void
logind_msg(struct authlog_event *ev, struct span m)
{
	struct span	id;

	if (eat(&m, "New session ")) {
		id = word(&m);
		if (!word_ok(id, "") || !eat(&m, " of user ") ||
		    !chop(&m, ".") || m.n == 0)
			return;
		PUT(ev, session, id);
		PUT(ev, user, m);
		ev->type = AUTHLOG_LOGIND_NEW_SESSION;
	} else if (eat(&m, "Removed session ")) {
		if (!chop(&m, ".") || !word_ok(m, ""))
			return;
		PUT(ev, session, m);
		ev->type = AUTHLOG_LOGIND_REMOVED_SESSION;
	}
}

static bool
is_shadow(struct span prog)
{
	static const char *const tools[] = { "useradd", "userdel", "usermod",
	    "groupadd", "groupdel", "groupmod", "gpasswd", "passwd",
	    "chpasswd", "chgpasswd", "chsh", "chfn", "newusers", "groupmems",
	    "chage" };
	size_t	i;

	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (is(prog, tools[i]))
			return true;
	return false;
}

/* 'NAME', or `NAME' before shadow 4.2, at the start of S. */
static bool
quoted(struct span *s, struct span *name)
{
	if (s->n == 0 || (s->p[0] != '\'' && s->p[0] != '`'))
		return false;
	cut(s, 1, 0);
	return upto(s, "'", name);
}

/*
 * useradd: "NAME, UID=N, GID=N, home=H, shell=S[, from=TTY]".  H and S
 * are the admin's to choose: split at the last ", shell=" and ", from=".
 */
static void
user_add(struct authlog_event *ev, struct span m)
{
	struct span	name, w, home;
	size_t		off;

	if (!upto(&m, ", UID=", &name) || name.n == 0 ||
	    !upto(&m, ", GID=", &w) || !num(w, UINT32_MAX, &ev->uid) ||
	    !upto(&m, ", home=", &w) || !num(w, UINT32_MAX, &ev->gid) ||
	    !rfind(m, m.n, ", shell=", &off))
		return;
	home = cut(&m, off, 8);
	if (rfind(m, m.n, ", from=", &off)) {
		PUT(ev, tty, span_from(m, off + 7));
		m.n = off;
	}
	PUT(ev, user, name);
	PUT(ev, home, home);
	PUT(ev, shell, m);
	ev->type = AUTHLOG_USER_ADD;
}

/* usermod: "change user 'U' WHAT from 'OLD' to 'NEW'", "... password". */
static void
user_change(struct authlog_event *ev, struct span m)
{
	struct span	u, what, old, val;

	if (!quoted(&m, &u) || u.n == 0)
		return;
	PUT(ev, user, u);
	if (is(m, " password")) {
		PUT(ev, what, span_from(m, 1));
		ev->type = AUTHLOG_USER_MOD;
		return;
	}
	if (!eat(&m, " "))
		return;
	what = word(&m);
	if (!word_ok(what, "") || !eat(&m, " from ") || !quoted(&m, &old) ||
	    !eat(&m, " to ") || !quoted(&m, &val) || m.n != 0)
		return;
	PUT(ev, what, what);
	PUT(ev, value, val);
	if (is(what, "UID") && !num(val, UINT32_MAX, &ev->uid))
		ev->uid = -1;
	ev->type = AUTHLOG_USER_MOD;
}

/* usermod: "lock user 'U' password", "unlock user 'U' password". */
static void
user_lock(struct authlog_event *ev, struct span m, const char *what)
{
	struct span	u;

	if (!quoted(&m, &u) || u.n == 0 || !is(m, " password"))
		return;
	PUT(ev, user, u);
	PUT(ev, what, str_span(what));
	ev->type = AUTHLOG_USER_MOD;
}

/*
 * shadow's account tools.  Each change to /etc/group is logged again
 * for /etc/gshadow ("to shadow group", "removed from /etc/gshadow") and
 * by gpasswd once per file ("... in /etc/group"): only the first form
 * is an event, so that one change is one event.
 */
static void
shadow_msg(struct authlog_event *ev, struct span m)
{
	struct span	a, b;

	chop(&m, "#012");	/* rsyslog's escape of the format's '\n' */
	if (eat(&m, "new user: name="))
		user_add(ev, m);
	else if (eat(&m, "new group: name=")) {
		if (!upto(&m, ", GID=", &a) || a.n == 0 ||
		    !num(m, UINT32_MAX, &ev->gid))
			return;
		PUT(ev, group, a);
		ev->type = AUTHLOG_GROUP_ADD;
	} else if (eat(&m, "add ")) {
		if (!quoted(&m, &a) || !eat(&m, " to group ") ||
		    !quoted(&m, &b) || m.n != 0)
			return;
		PUT(ev, user, a);
		PUT(ev, group, b);
		ev->type = AUTHLOG_GROUP_MEMBER_ADD;
	} else if (eat(&m, "delete user ")) {
		if (!quoted(&m, &a) || a.n == 0 || m.n != 0)
			return;
		PUT(ev, user, a);
		ev->type = AUTHLOG_USER_DEL;
	} else if (eat(&m, "delete ")) {
		if (!quoted(&m, &a) || !eat(&m, " from group ") ||
		    !quoted(&m, &b) || m.n != 0)
			return;
		PUT(ev, user, a);
		PUT(ev, group, b);
		ev->type = AUTHLOG_GROUP_MEMBER_DEL;
	} else if (eat(&m, "removed group ")) {
		/* userdel, the user's own group */
		if (!quoted(&m, &b) || !eat(&m, " owned by ") ||
		    !quoted(&m, &a) || m.n != 0)
			return;
		PUT(ev, user, a);
		PUT(ev, group, b);
		ev->type = AUTHLOG_GROUP_DEL;
	} else if (eat(&m, "group ") || eat(&m, "remove group ")) {
		/* groupdel: "group 'g' removed"; before 4.2 "remove group" */
		if (!quoted(&m, &b) || b.n == 0 ||
		    (m.n != 0 && !is(m, " removed")))
			return;
		PUT(ev, group, b);
		ev->type = AUTHLOG_GROUP_DEL;
	} else if (eat(&m, "change user name ")) {
		if (!quoted(&m, &a) || !eat(&m, " to ") || !quoted(&m, &b) ||
		    m.n != 0)
			return;
		PUT(ev, user, a);
		PUT(ev, what, str_span("name"));
		PUT(ev, value, b);
		ev->type = AUTHLOG_USER_MOD;
	} else if (eat(&m, "change user "))
		user_change(ev, m);
	else if (eat(&m, "lock user "))
		user_lock(ev, m, "lock");
	else if (eat(&m, "unlock user "))
		user_lock(ev, m, "unlock");
	else if (eat(&m, "changed user ")) {
		/* chsh, chfn */
		if (!quoted(&m, &a) || a.n == 0)
			return;
		if (eat(&m, " shell to ")) {
			if (!quoted(&m, &b) || m.n != 0)
				return;
			PUT(ev, value, b);
			PUT(ev, what, str_span("shell"));
		} else if (is(m, " information"))
			PUT(ev, what, str_span("information"));
		else
			return;
		PUT(ev, user, a);
		ev->type = AUTHLOG_USER_MOD;
	} else if (eat(&m, "password for ")) {
		/* shadow's passwd, without PAM or for -l, -e */
		if (!quoted(&m, &a) || a.n == 0 || !eat(&m, " changed by ") ||
		    !quoted(&m, &b) || m.n != 0)
			return;
		PUT(ev, user, a);
		PUT(ev, by_user, b);
		ev->type = AUTHLOG_PASSWORD_CHANGED;
	} else if (eat(&m, "user ")) {
		/* gpasswd: "user U added by B to group G" */
		enum authlog_type type = AUTHLOG_GROUP_MEMBER_ADD;

		a = word(&m);
		if (eat(&m, " removed by "))
			type = AUTHLOG_GROUP_MEMBER_DEL;
		else if (!eat(&m, " added by "))
			return;
		b = word(&m);
		if (!eat(&m, type == AUTHLOG_GROUP_MEMBER_ADD ? " to group " :
		    " from group ") || a.n == 0 || b.n == 0 ||
		    !word_ok(m, "-_.$"))
			return;
		PUT(ev, user, a);
		PUT(ev, by_user, b);
		PUT(ev, group, m);
		ev->type = type;
	}
}

/* Linux-PAM: "N more authentication failures; logname=..." */
static bool
more_failures(struct authlog_event *ev, struct span m)
{
	int64_t	n;

	if (!num(word(&m), UINT32_MAX, &n) ||
	    !eat(&m, " more authentication failure"))
		return false;
	eat(&m, "s");
	if (!eat(&m, "; "))
		return false;
	pam_authfail(ev, m);
	ev->count = (uint32_t)n;
	return true;
}

/* The program's name without a directory ("/usr/sbin/anacron"). */
static struct span
prog_base(struct span prog)
{
	size_t	off;

	if (rfind(prog, prog.n, "/", &off))
		return span_from(prog, off + 1);
	return prog;
}

static void
classify(struct authlog_event *ev, struct span prog, struct span m,
    bool inner)
{
	size_t		off;
	int64_t		n;
	uint64_t	c;

	skip_spaces(&m);
	if (!inner && eat(&m, "message repeated ")) {
		/* rsyslog: "message repeated N times: [ MSG]", N more MSG */
		if (!num(word(&m), UINT32_MAX, &n) ||
		    !eat(&m, " times: [") || !chop(&m, "]"))
			return;
		classify(ev, prog, m, true);
		c = (uint64_t)n * ev->count;
		ev->count = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
		return;
	}
	if (find(prog, "(pam_", &off)) {
		/* RHEL 4: "sshd(pam_unix)[pid]: session opened for ..." */
		PUT(ev, service, span_at(prog, 0, off));
		if (!more_failures(ev, m))
			pam_msg(ev, m);
	} else if (pam_prefix(ev, &m)) {
		if (!more_failures(ev, m))
			pam_msg(ev, m);
	} else if (eat(&m, "PAM ")) {
		PUT(ev, service, prog);
		more_failures(ev, m);
	} else if (is_sshd(prog))
		ssh_msg(ev, m);
	else if (is(prog, "sudo"))
		sudo_msg(ev, m);
	else if (is(prog, "su"))
		su_msg(ev, m);
	else if (is(prog, "systemd-logind"))
		logind_msg(ev, m);
	else if (is_shadow(prog))
		shadow_msg(ev, m);
}

static void
event_init(struct authlog_event *ev, struct span s, bool nul_skipped)
{
	memset(ev, 0, sizeof(*ev));
	ev->time = TIME_NONE;
	ev->pid = ev->uid = ev->gid = ev->by_uid = -1;
	ev->port = -1;
	ev->count = 1;
	ev->nul_skipped = nul_skipped;
	ev->msg = s.p;
	ev->msglen = s.n;
}

/*
 * After the stamp: " HOST TAG: " with TAG "program[pid]" or "program"
 * as syslog(3) writes it.  rsyslog leaves out HOST for some kernel
 * lines ("kernel: ...") and a message may have no tag.
 */
static bool
header(struct span *s, struct authlog_event *ev, struct span *prog)
{
	struct span	w, rest;
	size_t		off;
	int64_t		pid;

	if (!eat(s, " "))
		return false;
	skip_spaces(s);
	rest = *s;
	w = word(s);
	if (w.n == 0)
		return false;
	if (w.p[w.n - 1] != ':') {
		PUT(ev, host, w);
		skip_spaces(s);
		rest = *s;
		w = word(s);
	}
	if (!chop(&w, ":") || w.n == 0) {
		*s = rest;
		return true;
	}
	*prog = w;
	if (chop(&w, "]") && find(w, "[", &off)) {
		*prog = span_at(w, 0, off);
		if (num(span_from(w, off + 1), INT32_MAX, &pid))
			ev->pid = pid;
	}
	if (prog->n == 0) {
		*s = rest;
		return true;
	}
	PUT(ev, program, *prog);
	eat(s, " ");
	return true;
}

int
authlog_parse_line(const char *line, size_t len, struct authlog_year *yr,
    struct authlog_event *ev)
{
	struct authlog_event	 hdr;
	struct span		 s = { line, len }, all, prog = { line, 0 };
	const char		*nul;
	bool			 skipped = false;

	if (line == NULL)
		s = str_span("");
	while (chop(&s, "\n") || chop(&s, "\r"))
		;
	if (s.n > 0 && (nul = memrchr(s.p, '\0', s.n)) != NULL) {
		skipped = true;
		s = span_from(s, (size_t)(nul - s.p) + 1);
	}
	all = s;
	event_init(ev, all, skipped);
	if (!stamp_rfc3339(&s, ev)) {
		ev->nsec = 0;
		if (!stamp_classic(&s, ev)) {
			event_init(ev, all, skipped);
			return -1;
		}
	}
	if (!header(&s, ev, &prog)) {
		event_init(ev, all, skipped);
		return -1;
	}
	ev->msg = s.p;
	ev->msglen = s.n;
	if (ev->local && yr != NULL)
		year_step(yr, ev);
	if (s.n > AUTHLOG_MSG_MAX || prog.n == 0)
		return 0;
	/* What a parser filled before it gave up must not stay. */
	hdr = *ev;
	classify(ev, prog_base(prog), s, false);
	if (ev->type == AUTHLOG_OTHER)
		*ev = hdr;
	return 0;
}

static const char *const type_names[AUTHLOG_NTYPES] = {
	[AUTHLOG_OTHER] = "other",
	[AUTHLOG_SSH_ACCEPTED] = "ssh.accepted",
	[AUTHLOG_SSH_FAILED] = "ssh.failed",
	[AUTHLOG_SSH_INVALID_USER] = "ssh.invalid_user",
	[AUTHLOG_SSH_CLOSED] = "ssh.closed",
	[AUTHLOG_SSH_DISCONNECTED] = "ssh.disconnected",
	[AUTHLOG_SSH_MAX_AUTH] = "ssh.max_auth",
	[AUTHLOG_SSH_LISTEN] = "ssh.listen",
	[AUTHLOG_SSH_STOP] = "ssh.stop",
	[AUTHLOG_PAM_SESSION_OPEN] = "pam.session_open",
	[AUTHLOG_PAM_SESSION_CLOSE] = "pam.session_close",
	[AUTHLOG_PAM_AUTH_FAIL] = "pam.auth_fail",
	[AUTHLOG_PASSWORD_CHANGED] = "account.password_changed",
	[AUTHLOG_SUDO_COMMAND] = "sudo.command",
	[AUTHLOG_SUDO_BAD_PASSWORD] = "sudo.bad_password",
	[AUTHLOG_SUDO_NOT_SUDOERS] = "sudo.not_in_sudoers",
	[AUTHLOG_SUDO_REFUSED] = "sudo.refused",
	[AUTHLOG_SU] = "su.ok",
	[AUTHLOG_SU_FAILED] = "su.failed",
	[AUTHLOG_LOGIND_NEW_SESSION] = "logind.new_session",
	[AUTHLOG_LOGIND_REMOVED_SESSION] = "logind.removed_session",
	[AUTHLOG_USER_ADD] = "account.user_add",
	[AUTHLOG_USER_DEL] = "account.user_del",
	[AUTHLOG_USER_MOD] = "account.user_mod",
	[AUTHLOG_GROUP_ADD] = "account.group_add",
	[AUTHLOG_GROUP_DEL] = "account.group_del",
	[AUTHLOG_GROUP_MEMBER_ADD] = "account.group_member_add",
	[AUTHLOG_GROUP_MEMBER_DEL] = "account.group_member_del",
};

const char *
authlog_type_name(enum authlog_type type)
{
	if ((unsigned)type >= AUTHLOG_NTYPES || type_names[type] == NULL)
		return "other";
	return type_names[type];
}
