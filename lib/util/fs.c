/*
 * util/fs.c - the one wrapper of openat2(2) (Linux 5.6): lookups that
 * cannot leave a directory, for the walker's symlinks and the blobs of
 * directory image layouts.  glibc 2.36 has no openat2() wrapper, hence
 * the raw syscall.  RESOLVE_NO_MAGICLINKS always: a /proc/PID/fd link
 * inside a scanned tree must not lead out of it.
 *
 * And the one way goelf opens a file it reads from a hostile tree
 * (goelf_fs_open_regular): open(2) of a device node has side effects
 * (a tape rewinds, a tty becomes the controlling terminal, a FIFO
 * blocks, a driver's open runs), and a name can be swapped for a node
 * between readdir and open (a container root has CAP_MKNOD).  So the
 * name is looked up with O_PATH, which opens nothing (path_resolution:
 * "the file itself is not opened"), its type is checked with fstat on
 * that descriptor, and only a regular file is then opened for reading,
 * through /proc/self/fd/N: that reopens the inode the O_PATH descriptor
 * holds, not the name, so a swap after the check changes nothing.
 * Linux has no open of "" with AT_EMPTY_PATH (openat2 rejects it), so
 * the /proc magic link is the only reopen of an O_PATH descriptor.
 */
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int
goelf_fs_openat2(int dirfd, const char *name, int flags, unsigned how)
{
	struct open_how oh = { 0 };

	oh.flags = (uint64_t)(unsigned)flags;
	oh.resolve =
		RESOLVE_NO_MAGICLINKS |
		(how & GOELF_FS_IN_ROOT ? RESOLVE_IN_ROOT : RESOLVE_BENEATH) |
		(how & GOELF_FS_NO_XDEV ? RESOLVE_NO_XDEV : 0) |
		(how & GOELF_FS_NO_SYMLINKS ? RESOLVE_NO_SYMLINKS : 0);
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

int
goelf_fs_open_regular(int dirfd, const char *name, unsigned how,
		      struct stat *st)
{
	const int rd = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	struct stat st2;
	char proc[64];
	int pfd, fd, e;

	/* O_PATH|O_NOFOLLOW of a symlink gives the link itself, which
	 * fstat below refuses: the final component is never followed. */
	if (how & GOELF_FS_ONE_NAME)
		pfd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	else {
		pfd = goelf_fs_openat2(dirfd, name, O_PATH | O_CLOEXEC, how);
		if (pfd < 0 && errno == ENOSYS && !(how & GOELF_FS_IN_ROOT))
			pfd = openat(dirfd, name,
				     O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	if (pfd < 0)
		return -1;
	if (fstat(pfd, st) != 0) {
		e = errno;
		close(pfd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		close(pfd);
		errno = 0;
		return GOELF_FS_NOT_REGULAR;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, rd);
	if (fd < 0 && errno == ENOENT && access("/proc/self/fd", X_OK) != 0) {
		/* No /proc: open by name and check it is the same inode.
		 * A swap in between can still reach a device's open, but
		 * not a read of it; documented in the README. */
		if (how & GOELF_FS_ONE_NAME)
			fd = openat(dirfd, name, rd | O_NOFOLLOW);
		else
			fd = goelf_fs_openat2(dirfd, name, rd, how);
	}
	e = errno;
	close(pfd);
	if (fd < 0) {
		errno = e;
		return -1;
	}
	if (fstat(fd, &st2) != 0 || st2.st_dev != st->st_dev ||
	    st2.st_ino != st->st_ino || !S_ISREG(st2.st_mode)) {
		close(fd);
		errno = 0;
		return GOELF_FS_NOT_REGULAR;
	}
	*st = st2;
	return fd;
}
