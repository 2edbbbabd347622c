/*
 * table.c - every analyzer, in the order triage runs them
 */
#include <string.h>

#include "analyzer.h"

extern const struct analyzer analyzer_system;
extern const struct analyzer analyzer_logins;
extern const struct analyzer analyzer_history;
extern const struct analyzer analyzer_persistence;
extern const struct analyzer analyzer_binaries;
extern const struct analyzer analyzer_timeline;

const struct analyzer *const analyzer_table[] = {
	&analyzer_system,
	&analyzer_logins,
	&analyzer_history,
	&analyzer_persistence,
	&analyzer_binaries,
	&analyzer_timeline,
	NULL,
};

const struct analyzer *
analyzer_find(const char *name)
{
	size_t	i;

	for (i = 0; analyzer_table[i] != NULL; i++)
		if (strcmp(analyzer_table[i]->name, name) == 0)
			return analyzer_table[i];
	return NULL;
}
