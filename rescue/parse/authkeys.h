/*
 * authkeys.h - authorized_keys(5) lines from the server: options, key
 * type, the key blob checked and fingerprinted as ssh-keygen -lf does,
 * and the comment
 *
 * The parser reads no file.  authkeys_parse takes a buffer and its
 * length (no NUL or final newline needed) and calls FN once per line
 * that is neither blank nor a comment, in file order, the malformed
 * ones included (status not AUTHKEYS_OK) so that the caller can show
 * garbage with its line number.  An entry and its strings last for
 * the call of FN only.  Memory is one copy of the longest line, up to
 * AUTHKEYS_LINE_MAX: sshd reads lines of any length, so a 1 MiB line
 * of options before a key is parsed like any other.
 */
#ifndef RESCUE_AUTHKEYS_H
#define RESCUE_AUTHKEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUTHKEYS_LINE_MAX	(16 * 1024 * 1024)
#define AUTHKEYS_OPT_MAX	1024	/* options kept per line */
/* "SHA256:" and 43 characters of unpadded base64, NUL. */
#define AUTHKEYS_FP_LEN		51

enum authkeys_status {
	AUTHKEYS_OK,
	AUTHKEYS_BAD_OPTIONS,	/* unterminated quote, empty or unknown
				   option: sshd skips the line, the key
				   fields are still filled when readable */
	AUTHKEYS_UNKNOWN_TYPE,	/* a type sshd may not know, but the blob
				   names the same type: fingerprinted */
	AUTHKEYS_NO_KEY,	/* no key type, or no blob after it */
	AUTHKEYS_BAD_BASE64,
	AUTHKEYS_BAD_BLOB,	/* blob too short or fields out of bounds */
	AUTHKEYS_TYPE_MISMATCH,	/* blob names another type than the line */
	AUTHKEYS_TOO_LONG,	/* over AUTHKEYS_LINE_MAX or holds a NUL */
};

/* Options that switch something on or off (OpenSSH auth-options.c). */
#define AUTHKEYS_O_RESTRICT		0x0001
#define AUTHKEYS_O_CERT_AUTHORITY	0x0002
#define AUTHKEYS_O_NO_PTY		0x0004
#define AUTHKEYS_O_NO_PORT_FWD		0x0008
#define AUTHKEYS_O_NO_AGENT_FWD		0x0010
#define AUTHKEYS_O_NO_X11_FWD		0x0020
#define AUTHKEYS_O_NO_USER_RC		0x0040
#define AUTHKEYS_O_PTY			0x0080	/* after restrict */
#define AUTHKEYS_O_PORT_FWD		0x0100
#define AUTHKEYS_O_AGENT_FWD		0x0200
#define AUTHKEYS_O_X11_FWD		0x0400
#define AUTHKEYS_O_USER_RC		0x0800
#define AUTHKEYS_O_NO_TOUCH		0x1000	/* no-touch-required */
#define AUTHKEYS_O_VERIFY		0x2000	/* verify-required */
#define AUTHKEYS_O_COMMAND		0x4000	/* command= (forced) */
#define AUTHKEYS_O_FROM			0x8000	/* from= */
#define AUTHKEYS_O_ENVIRONMENT		0x10000
#define AUTHKEYS_O_PERMITOPEN		0x20000	/* or permitlisten= */
#define AUTHKEYS_O_EXPIRY		0x40000
#define AUTHKEYS_O_PRINCIPALS		0x80000
#define AUTHKEYS_O_TUNNEL		0x100000
#define AUTHKEYS_O_UNKNOWN		0x200000	/* sshd refuses it */

/*
 * One option.  VALUE is NULL for a flag, else the text inside the
 * quotes with \" made " (the only escape sshd reads).
 */
struct authkeys_option {
	const char	*name;
	const char	*value;
};

enum authkeys_keytype {
	AUTHKEYS_KEY_UNKNOWN,
	AUTHKEYS_KEY_RSA,
	AUTHKEYS_KEY_DSA,
	AUTHKEYS_KEY_ECDSA,
	AUTHKEYS_KEY_ED25519,
	AUTHKEYS_KEY_SK_ECDSA,	/* FIDO: sk-ecdsa-sha2-nistp256@openssh.com */
	AUTHKEYS_KEY_SK_ED25519	/* FIDO: sk-ssh-ed25519@openssh.com */
};

struct authkeys_entry {
	unsigned			 line;
	enum authkeys_status		 status;
	const char			*error;	/* why, for the report */

	const struct authkeys_option	*opt;	/* in line order */
	size_t				 nopt;
	bool				 opt_truncated;	/* over OPT_MAX */
	unsigned			 flags;	/* AUTHKEYS_O_* */
	/* The first command= and from= values, or NULL. */
	const char			*command;
	const char			*from;

	const char			*type;	/* as written, "" if none */
	enum authkeys_keytype		 keytype;
	bool				 cert;	/* *-cert-v01@openssh.com */
	/*
	 * When the blob decoded: the SHA-256 fingerprint as ssh-keygen
	 * -lf and sshd's log print it (for a certificate, that of the
	 * certified key, as they do), the size in bits (RSA modulus,
	 * DSA p, 256/384/521 for ECDSA, 256 for Ed25519), and the curve
	 * ("nistp256"...) of ECDSA keys; else "", 0 and "".
	 */
	char				 fingerprint[AUTHKEYS_FP_LEN];
	unsigned			 bits;
	char				 curve[16];
	const char			*comment;	/* "" if none */
};

typedef int authkeys_fn(const struct authkeys_entry *, void *arg);

/*
 * Parse BUF; FN returns 0 to go on, anything else stops the parse.
 * Returns the number of lines whose status is not AUTHKEYS_OK.
 */
int		 authkeys_parse(const char *buf, size_t len, authkeys_fn *,
		    void *arg);

/* "ok", "bad-options", "unknown-type"... for the report. */
const char	*authkeys_status_name(enum authkeys_status);

/* "RSA", "ECDSA", "ED25519", "ECDSA-SK"... as ssh-keygen -l prints. */
const char	*authkeys_keytype_name(enum authkeys_keytype);

#endif
