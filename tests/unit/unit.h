/*
 * unit.h - the unit test harness: TEST(name) { ... } registers a test;
 * each runs in a fresh temporary directory (its working directory), and
 * assertions print both sides (as libarchive's test/README asks)
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct unit_test {
	const char		*name;
	void			(*fn)(void);
	struct unit_test	*next;
};

void	unit_register(struct unit_test *);
void	unit_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * The shared corpus of third-party artifacts: RESCUE_CORPUS, else
 * ../shared/corpus beside the clone.  False if there is none (tests that
 * need it then print "# SKIP" and pass).
 */
bool	unit_corpus_dir(char *buf, size_t len);
bool	unit_is_dir(const char *path);

/*
 * A whole file in a NUL-terminated buffer the caller frees, its length
 * in *LEN (when not NULL); NULL if it cannot be read.
 */
char	*unit_slurp(const char *path, size_t *len);

#define UNIT_FILES_MAX	256
#define UNIT_PATH_LEN	512

struct unit_files {
	unsigned	n;
	char		path[UNIT_FILES_MAX][UNIT_PATH_LEN];	/* under root */
};

/* Every regular file under ROOT that KEEP accepts, relative, sorted. */
void	unit_list_files(const char *root,
	    bool (*keep)(const char *root, const char *rel),
	    struct unit_files *);

/* Write LEN bytes to PATH (relative to the test's directory). */
void	unit_write(const char *path, const void *buf, size_t len);

#define TEST(name)							\
	static void test_##name(void);					\
	static struct unit_test unit_##name = { #name, test_##name, NULL }; \
	__attribute__((constructor)) static void reg_##name(void)	\
	{ unit_register(&unit_##name); }				\
	static void test_##name(void)

#define ASSERT(c) do { if (!(c)) {					\
	unit_fail(__FILE__, __LINE__, "assertion failed: %s", #c);	\
	return; } } while (0)

#define ASSERT_INT(a, b) do { long long _a = (long long)(a),		\
	_b = (long long)(b); if (_a != _b) {				\
	unit_fail(__FILE__, __LINE__, "%s == %lld, want %s == %lld",	\
	    #a, _a, #b, _b); return; } } while (0)

#define ASSERT_STR(a, b) do { const char *_a = (a), *_b = (b);		\
	if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0) {		\
	unit_fail(__FILE__, __LINE__, "%s == \"%s\", want \"%s\"", #a,	\
	    _a ? _a : "(null)", _b ? _b : "(null)"); return; } } while (0)

#endif
