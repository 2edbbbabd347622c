/*
 * table.c - every command, as `rescue --help` lists them (like git.c)
 */
#include <string.h>

#include "cmd.h"

const struct command command_table[] = {
	{ "probe",	cmd_probe,	"disks, partitions, filesystems, OS installs" },
	{ "ls",		cmd_ls,		"list the server's directories" },
	{ "cat",	cmd_cat,	"print the server's files" },
	{ "stat",	cmd_stat,	"inode details: times, owner, flags, xattrs" },
	{ "triage",	cmd_triage,	"run every analyzer: the whole report" },
	{ "system",	cmd_analyze,	"OS, host name, kernels, accounts, filesystems" },
	{ "logins",	cmd_analyze,	"who logged in, from where, failed logins, tampering" },
	{ "history",	cmd_analyze,	"every account's shell history, judged" },
	{ "persistence", cmd_analyze,	"cron, systemd, init, rc files, preloads, hooks" },
	{ "binaries",	cmd_analyze,	"package files verified; dropped programs" },
	{ "journal",	cmd_journal,	"the systemd journal, read from its files" },
	{ "timeline",	cmd_timeline,	"every inode's times and names: bodyfile, csv, json" },
	{ "export",	cmd_export,	"copy the data out, the intruder's files apart" },
	{ "verify",	cmd_verify,	"check an export against its manifest" },
	{ NULL,		NULL,		NULL },
};

const struct command *
command_find(const char *name)
{
	const struct command	*c;

	for (c = command_table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
