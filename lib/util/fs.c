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

/* /proc/self/fd, opened once (O_PATH) and kept: a reopen then resolves
 * one name below it instead of four from "/" (a scan of /usr reopens
 * every regular file, and the walk through /proc was a fifth of the
 * walker's time).  The directory is the one of the process that opened
 * it: after a fork it names the parent's descriptors, so the reopened
 * file is checked to be the inode pfd holds, and the full path of this
 * process is used when it is not.  -1: could not be opened. */
static int proc_fd_dir = -2;

static int
reopen_proc(int pfd, int flags, const struct stat *st, bool *checked)
{
	int d = __atomic_load_n(&proc_fd_dir, __ATOMIC_ACQUIRE);
	char name[64];
	struct stat st2;
	int fd;

	if (d == -2) {
		int nd =
			open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC);
		int expect = -2;

		if (!__atomic_compare_exchange_n(&proc_fd_dir, &expect, nd,
						 false, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE)) {
			if (nd >= 0)
				close(nd);
			nd = expect;
		}
		d = nd;
	}
	if (d >= 0) {
		snprintf(name, sizeof(name), "%d", pfd);
		fd = openat(d, name, flags);
		if (fd >= 0) {
			if (fstat(fd, &st2) == 0 && st2.st_dev == st->st_dev &&
			    st2.st_ino == st->st_ino && S_ISREG(st2.st_mode)) {
				*checked = true;
				return fd;
			}
			close(fd);
		}
	}
	snprintf(name, sizeof(name), "/proc/self/fd/%d", pfd);
	return open(name, flags);
}

int
goelf_fs_open_regular(int dirfd, const char *name, unsigned how,
		      struct stat *st)
{
	const int rd = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	struct stat st2;
	bool checked = false;
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
	fd = reopen_proc(pfd, rd, st, &checked);
	if (checked) {
		close(pfd);
		return fd;
	}
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
