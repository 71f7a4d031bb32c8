/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A tiny unit-test harness.  A test file writes
 *
 *   TEST(strbuf_cap) {
 *     ...
 *     CHECK(cond);
 *     CHECK_INT(got, want);
 *     CHECK_STR(got, want);
 *   }
 *
 * and is picked up by the Makefile's wildcard and registered at start-up;
 * no table to edit.  Prefer table-driven tests: an array of cases and a
 * loop, with the case named in the message (CHECK_*_MSG).  Every CHECK
 * counts as one result in the runner's "N passed, M failed" line.
 */
#ifndef NETNO_TEST_H
#define NETNO_TEST_H

#include <stdint.h>
#include <string.h>

void test_register(const char *name, void (*fn)(void), const char *file);
void test_check(int ok, const char *file, int line, const char *expr,
                const char *detail);
void test_check_int(int64_t got, int64_t want, const char *file, int line,
                    const char *expr, const char *label);
void test_check_str(const char *got, const char *want, const char *file,
                    int line, const char *expr, const char *label);
void test_check_dbl(double got, double want, double eps, const char *file,
                    int line, const char *expr, const char *label);
/* Path of a file under tests/data (or $NETNO_TEST_DATA); static buffer. */
const char *test_data_path(const char *name);
/* A fresh temporary directory for this test run; static buffer. */
const char *test_tmpdir(void);

#define TEST(name)                                                           \
  static void test_##name(void);                                             \
  __attribute__((constructor)) static void register_##name(void)             \
  {                                                                          \
    test_register(#name, test_##name, __FILE__);                             \
  }                                                                          \
  static void test_##name(void)

#define CHECK(cond) test_check(!!(cond), __FILE__, __LINE__, #cond, NULL)
#define CHECK_MSG(cond, label)                                               \
  test_check(!!(cond), __FILE__, __LINE__, #cond, label)
#define CHECK_INT(got, want)                                                 \
  test_check_int((int64_t)(got), (int64_t)(want), __FILE__, __LINE__, #got,  \
                 NULL)
#define CHECK_INT_MSG(got, want, label)                                      \
  test_check_int((int64_t)(got), (int64_t)(want), __FILE__, __LINE__, #got,  \
                 label)
#define CHECK_STR(got, want)                                                 \
  test_check_str((got), (want), __FILE__, __LINE__, #got, NULL)
#define CHECK_STR_MSG(got, want, label)                                      \
  test_check_str((got), (want), __FILE__, __LINE__, #got, label)
#define CHECK_DBL(got, want, eps)                                            \
  test_check_dbl((got), (want), (eps), __FILE__, __LINE__, #got, NULL)

#endif
