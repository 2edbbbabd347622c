/*
 * main.c - run every registered unit test, each in a fresh directory,
 * and end with "N passed, N failed"
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

static struct unit_test	*tests;
static int		 failed_now;

void
unit_register(struct unit_test *t)
{
	t->next = tests;
	tests = t;
}

void
unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "  %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failed_now = 1;
}

void
unit_write(const char *path, const void *buf, size_t len)
{
	FILE	*f = fopen(path, "wb");

	if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

bool
unit_is_dir(const char *p)
{
	struct stat	st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

bool
unit_corpus_dir(char *buf, size_t len)
{
	const char	*env = getenv("RESCUE_CORPUS");
	char		 exe[1000], *s;
	ssize_t		 n;
	int		 i;

	if (env != NULL && env[0] != '\0') {
		snprintf(buf, len, "%s", env);
		return unit_is_dir(buf);
	}
	/* The runner is TOP/build/tests/unit; the corpus is TOP/../shared. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	for (i = 0; i < 3 && (s = strrchr(exe, '/')) != NULL; i++)
		*s = '\0';
	snprintf(buf, len, "%s/../shared/corpus", exe);
	return unit_is_dir(buf);
}

char *
unit_slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf = NULL;
	long	 n;

	if (len != NULL)
		*len = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
			if (len != NULL)
				*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
list_under(const char *root, const char *rel,
    bool (*keep)(const char *, const char *), struct unit_files *fl)
{
	char		 dir[1100], sub[UNIT_PATH_LEN - 16];
	struct dirent	*de;
	DIR		*d;

	snprintf(dir, sizeof(dir), "%s/%s", root, rel);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "",
		    de->d_name);
		snprintf(dir, sizeof(dir), "%s/%s", root, sub);
		if (unit_is_dir(dir))
			list_under(root, sub, keep, fl);
		else if (fl->n < UNIT_FILES_MAX && keep(root, sub))
			snprintf(fl->path[fl->n++], sizeof(fl->path[0]), "%s",
			    sub);
	}
	closedir(d);
}

void
unit_list_files(const char *root, bool (*keep)(const char *, const char *),
    struct unit_files *fl)
{
	fl->n = 0;
	list_under(root, "", keep, fl);
	qsort(fl->path, fl->n, sizeof(fl->path[0]), cmp_path);
}

int
main(int argc, char **argv)
{
	struct unit_test	*t;
	char			 tmpl[] = "/tmp/rescue-unit.XXXXXX", cmd[256];
	char			*top;
	int			 passed = 0, failed = 0;

	if ((top = mkdtemp(tmpl)) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	for (t = tests; t != NULL; t = t->next) {
		char dir[512];
		if (argc > 1 && strstr(t->name, argv[1]) == NULL)
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", top, t->name);
		if (mkdir(dir, 0700) != 0 || chdir(dir) != 0) {
			perror(dir);
			return 2;
		}
		failed_now = 0;
		t->fn();
		printf("%s - %s\n", failed_now ? "not ok" : "ok", t->name);
		if (failed_now)
			failed++;
		else
			passed++;
	}
	if (chdir("/") == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", top);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
