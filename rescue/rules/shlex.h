/*
 * shlex.h - a small, bounded POSIX-shell-ish lexer for judging command
 * lines: words with their quotes removed, control operators,
 * redirections, and the spans of command and process substitutions
 *
 * It does not expand, glob or run anything, and it never fails: bytes
 * it cannot place still end up in some word.  A line too long for the
 * fixed arrays is lexed in pieces: sh_lex() stops after a control
 * operator once it is nearly full and says how much it read, and the
 * caller lexes the rest again.  Nothing is allocated.
 */
#ifndef RESCUE_SHLEX_H
#define RESCUE_SHLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SH_MAXTOK	160
#define SH_ARENA	8192	/* dequoted text of all words */
#define SH_WORD_MAX	4096	/* longer words keep this much text */
#define SH_MAXSUB	24

enum sh_type { SH_WORD, SH_OP, SH_REDIR };

/* Control operators; ( and ) only open and close a group. */
enum sh_op { SH_SEMI, SH_PIPE, SH_AND, SH_OR, SH_BG, SH_OPEN, SH_CLOSE };

enum sh_redir {
	SH_R_OUT,	/* > >| */
	SH_R_APPEND,	/* >> */
	SH_R_IN,	/* < */
	SH_R_DUPOUT,	/* >& */
	SH_R_DUPIN,	/* <& */
	SH_R_BOTH,	/* &> &>> */
	SH_R_RW,	/* <> */
	SH_R_HEREDOC,	/* << <<- */
	SH_R_HERESTR	/* <<< */
};

#define SH_F_QUOTED	0x01	/* some of the word was quoted or escaped */
#define SH_F_SUBST	0x02	/* holds $( ) or ` ` that the shell runs */
#define SH_F_PROCSUB	0x04	/* the word is <( ) or >( ) */
#define SH_F_TRUNC	0x08	/* text cut at SH_WORD_MAX or arena end */
#define SH_F_VAR	0x10	/* holds a $ expansion */

struct sh_tok {
	uint8_t		 type;		/* enum sh_type */
	uint8_t		 kind;		/* enum sh_op or enum sh_redir */
	uint8_t		 flags;		/* SH_F_* (words) */
	int16_t		 fd;		/* redirection: its number, or -1 */
	size_t		 off, len;	/* raw span in the input */
	uint16_t	 text;		/* words: NUL-terminated, in arena */
	uint16_t	 tlen;
};

/* The inner text of $( ), ` ` or <( ) >( ): raw, in the input. */
struct sh_sub {
	size_t		 off, len;
	uint16_t	 tok;		/* the word it is in */
};

struct sh_lex {
	size_t		 ntok, nsub;
	size_t		 consumed;	/* bytes of the input lexed */
	bool		 lost;		/* a substitution did not fit */
	struct sh_tok	 tok[SH_MAXTOK];
	struct sh_sub	 sub[SH_MAXSUB];
	size_t		 arena_len;
	char		 arena[SH_ARENA];
};

/*
 * Lex up to LEN bytes of S into LX (whose earlier contents are
 * discarded).  Lexing stops at the end, or early when LX is nearly
 * full; LX->consumed is then > 0 whenever LEN is, so a loop over the
 * rest of S ends.  Comments (# at the start of a word) are skipped.
 */
void	sh_lex(const char *s, size_t len, struct sh_lex *lx);

/* The dequoted text of word T, NUL-terminated, inside LX. */
static inline const char *
sh_text(const struct sh_lex *lx, const struct sh_tok *t)
{
	return lx->arena + t->text;
}

#endif
