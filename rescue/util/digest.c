/*
 * digest.c - MD5 and SHA-256 of a server file in one read
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "util/digest.h"
#include "util/util.h"

#define DIGEST_CHUNK	(256 * 1024)

void
digest_hex(const unsigned char *bytes, size_t len, char *out)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[2 * len] = '\0';
}

int
digest_node(struct fsr_tree *tree, const struct fsr_node *node,
    uint64_t size, unsigned want, struct file_digest *d, digest_chunk_fn *fn,
    void *arg, char *err, size_t errlen)
{
	EVP_MD_CTX	*md5 = NULL, *sha = NULL;
	unsigned char	*buf;
	size_t		 got, len;
	int		 rc = 0;

	memset(d, 0, sizeof(*d));
	if ((want & DIGEST_MD5) && ((md5 = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md5, EVP_md5(), NULL) != 1))
		rc = -ENOMEM;
	if ((want & DIGEST_SHA256) && ((sha = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(sha, EVP_sha256(), NULL) != 1))
		rc = -ENOMEM;
	if (rc < 0) {
		snprintf(err, errlen, "libcrypto: cannot start a digest");
		goto out;
	}
	buf = xmalloc(DIGEST_CHUNK);
	while (d->bytes < size) {
		len = size - d->bytes < DIGEST_CHUNK ?
		    (size_t)(size - d->bytes) : DIGEST_CHUNK;
		got = 0;
		if ((rc = fsr_pread(tree, node, buf, len, d->bytes, &got)) < 0) {
			snprintf(err, errlen, "read error at byte %llu: %s",
			    (unsigned long long)d->bytes, strerror(-rc));
			break;
		}
		if (got == 0)
			break;	/* the file is shorter than its inode said */
		if (md5 != NULL)
			EVP_DigestUpdate(md5, buf, got);
		if (sha != NULL)
			EVP_DigestUpdate(sha, buf, got);
		if (fn != NULL && fn(buf, got, d->bytes, arg) != 0) {
			d->bytes += got;
			break;
		}
		d->bytes += got;
	}
	free(buf);
	if (rc == 0) {
		if (md5 != NULL)
			EVP_DigestFinal_ex(md5, d->md5, NULL);
		if (sha != NULL)
			EVP_DigestFinal_ex(sha, d->sha256, NULL);
	}
out:
	EVP_MD_CTX_free(md5);
	EVP_MD_CTX_free(sha);
	return rc;
}
