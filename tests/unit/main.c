/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The unit-test runner: runs every registered TEST (or those whose name
 * contains argv[1]) except those named in $NETNO_TEST_SKIP, and ends with
 * "unit: N passed, M failed".
 */
#include "tests/unit/test.h"
#include "util/util.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct test {
  const char *name;
  const char *file;
  void (*fn)(void);
};

static struct test *tests;
static size_t ntests, alloc_tests;
static const char *current;
static unsigned long passed, failed;

void test_register(const char *name, void (*fn)(void), const char *file)
{
  xgrow((void **)&tests, sizeof(*tests), ntests + 1, &alloc_tests);
  tests[ntests].name = name;
  tests[ntests].file = file;
  tests[ntests].fn = fn;
  ntests++;
}

static void fail(const char *file, int line, const char *expr,
                 const char *label, const char *fmt, ...)
    NETNO_PRINTF(5, 6);

static void fail(const char *file, int line, const char *expr,
                 const char *label, const char *fmt, ...)
{
  va_list ap;

  failed++;
  printf("FAIL %s (%s:%d): %s", current, file, line, expr);
  if (label)
    printf(" [%s]", label);
  if (fmt) {
    fputs(": ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
  }
  putchar('\n');
}

void test_check(int ok, const char *file, int line, const char *expr,
                const char *label)
{
  if (ok)
    passed++;
  else
    fail(file, line, expr, label, NULL);
}

void test_check_int(int64_t got, int64_t want, const char *file, int line,
                    const char *expr, const char *label)
{
  if (got == want)
    passed++;
  else
    fail(file, line, expr, label, "got %" PRId64 ", want %" PRId64, got,
         want);
}

void test_check_str(const char *got, const char *want, const char *file,
                    int line, const char *expr, const char *label)
{
  if ((!got && !want) || (got && want && !strcmp(got, want)))
    passed++;
  else
    fail(file, line, expr, label, "got \"%s\", want \"%s\"",
         got ? got : "(null)", want ? want : "(null)");
}

void test_check_dbl(double got, double want, double eps, const char *file,
                    int line, const char *expr, const char *label)
{
  if (fabs(got - want) <= eps)
    passed++;
  else
    fail(file, line, expr, label, "got %.10g, want %.10g (+-%g)", got, want,
         eps);
}

const char *test_data_path(const char *name)
{
  static char path[4096];
  const char *dir = getenv("NETNO_TEST_DATA");

  snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", name);
  return path;
}

static char tmpdir[256];

const char *test_tmpdir(void)
{
  if (!tmpdir[0]) {
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/netno-unit-XXXXXX",
             base ? base : "/tmp");
    if (!mkdtemp(tmpdir))
      die("cannot create a temporary directory");
  }
  return tmpdir;
}

/* Is name one of the words of $NETNO_TEST_SKIP (names separated by
 * spaces or commas)?  `make valgrind` skips the slowest tests so. */
static int skipped(const char *name)
{
  const char *list = getenv("NETNO_TEST_SKIP"), *p;
  size_t len = strlen(name);

  for (p = list; p && *p;) {
    size_t n = strcspn(p, " ,");
    if (n == len && !strncmp(p, name, n))
      return 1;
    p += n;
    p += strspn(p, " ,");
  }
  return 0;
}

static int by_file_then_name(const void *a, const void *b)
{
  const struct test *x = a, *y = b;
  int c = strcmp(x->file, y->file);
  return c ? c : strcmp(x->name, y->name);
}

int main(int argc, char **argv)
{
  const char *filter = argc > 1 ? argv[1] : NULL;
  size_t ran = 0, skips = 0;

  log_set_level(LOG_QUIET);
  /* Errors that tests provoke on purpose would drown the results. */
  if (!getenv("NETNO_TEST_VERBOSE") && !freopen("/dev/null", "w", stderr))
    return 1;
  qsort(tests, ntests, sizeof(*tests), by_file_then_name);
  for (size_t i = 0; i < ntests; i++) {
    unsigned long before = failed;
    if (filter && !strstr(tests[i].name, filter))
      continue;
    if (skipped(tests[i].name)) {
      printf("skip %s (NETNO_TEST_SKIP)\n", tests[i].name);
      skips++;
      continue;
    }
    current = tests[i].name;
    tests[i].fn();
    ran++;
    if (getenv("NETNO_TEST_VERBOSE"))
      printf("%s %s\n", failed == before ? "ok  " : "FAIL", tests[i].name);
  }
  if (tmpdir[0]) {
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
      fprintf(stderr, "cannot remove %s\n", tmpdir);
  }
  free(tests);
  if (skips)
    printf("unit: %zu tests (%zu skipped), %lu passed, %lu failed\n", ran,
           skips, passed, failed);
  else
    printf("unit: %zu tests, %lu passed, %lu failed\n", ran, passed, failed);
  return failed ? 1 : 0;
}
