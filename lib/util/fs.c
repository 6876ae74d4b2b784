/*
 * util/fs.c - the one wrapper of openat2(2) (Linux 5.6): lookups that
 * cannot leave a directory, for the walker's symlinks and the blobs of
 * directory image layouts.  glibc 2.36 has no openat2() wrapper, hence
 * the raw syscall.  RESOLVE_NO_MAGICLINKS always: a /proc/PID/fd link
 * inside a scanned tree must not lead out of it.
 */
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

int
goelf_fs_openat2(int dirfd, const char *name, int flags, unsigned how)
{
	struct open_how oh = { 0 };

	oh.flags = (uint64_t)(unsigned)flags;
	oh.resolve =
		RESOLVE_NO_MAGICLINKS |
		(how & GOELF_FS_IN_ROOT ? RESOLVE_IN_ROOT : RESOLVE_BENEATH);
	return (int)syscall(SYS_openat2, dirfd, name, &oh, sizeof(oh));
}

bool
goelf_fs_have_openat2(void)
{
	int fd = goelf_fs_openat2(AT_FDCWD, ".", O_PATH | O_CLOEXEC,
				  GOELF_FS_BENEATH);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}
