/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to corpus/: what the archive exports (warc, qdpx) share.
 * Defined in corpus/export_warc.c.  Nothing here allocates.
 */
#ifndef NETNO_CORPUS_EXPORT_ARCHIVE_H
#define NETNO_CORPUS_EXPORT_ARCHIVE_H

#include <nettle/sha1.h>
#include <stddef.h>

#define EXPORT_SHA1_BYTES SHA1_DIGEST_SIZE
/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" and its NUL. */
#define EXPORT_UUID_MAX 37

/* SHA-1 of len bytes, incrementally: init, add, finish (Nettle's;
 * libsodium has no SHA-1, and WARC readers expect it). */
struct export_sha1 {
  struct sha1_ctx ctx;
};
void export_sha1_init(struct export_sha1 *s);
void export_sha1_add(struct export_sha1 *s, const void *data, size_t len);
void export_sha1_finish(struct export_sha1 *s,
                        unsigned char out[EXPORT_SHA1_BYTES]);

/* A name-based UUID (RFC 9562 version 5: SHA-1 in the URL namespace) of
 * name, lower-case hex with dashes, so that the same corpus exports the
 * same ids every time. */
void export_uuid_of(const char *name, char out[EXPORT_UUID_MAX]);

#endif
