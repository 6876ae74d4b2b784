/*
 * test_fs.c - goelf_fs_open_regular: the one open of a file from a
 * hostile tree.  A readdir/open race cannot be forced in a test, so the
 * primitive is handed what a swap could leave at a name (a FIFO, a
 * character device, a symlink to /dev/zero, a directory) and must refuse
 * each without blocking and without reading; a regular file is opened.
 * An alarm turns a blocking open into a failure instead of a hang.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

static bool have_openat2;

static char dir[64];
static int dfd = -1;

static int
setup(void **state)
{
	int fd;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/goelf-fs-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0 || mkfifoat(dfd, "fifo", 0600) != 0 ||
	    symlinkat("/dev/zero", dfd, "zero") != 0 ||
	    symlinkat("file", dfd, "tofile") != 0 ||
	    mkdirat(dfd, "sub", 0700) != 0)
		return -1;
	fd = openat(dfd, "file", O_WRONLY | O_CREAT, 0600);
	if (fd < 0 || write(fd, "\177ELF", 4) != 4)
		return -1;
	close(fd);
	/* A device node of our own where we may (root, CAP_MKNOD). */
	(void)mknodat(dfd, "null", S_IFCHR | 0600, makedev(1, 3));
	alarm(10);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	alarm(0);
	unlinkat(dfd, "fifo", 0);
	unlinkat(dfd, "zero", 0);
	unlinkat(dfd, "tofile", 0);
	unlinkat(dfd, "null", 0);
	unlinkat(dfd, "file", 0);
	unlinkat(dfd, "sub", AT_REMOVEDIR);
	close(dfd);
	rmdir(dir);
	return 0;
}

/* Neither a descriptor nor a read: refused as not regular, or (for a
 * lookup that resolves links) failed. */
static void
refused(int d, const char *name, unsigned how, mode_t type)
{
	struct stat st;
	int fd = goelf_fs_open_regular(d, name, how, &st);

	if (fd >= 0)
		close(fd);
	if (type) {
		assert_int_equal(fd, GOELF_FS_NOT_REGULAR);
		assert_int_equal(st.st_mode & S_IFMT, type);
	} else {
		assert_true(fd < 0);
	}
}

static void
test_fifo(void **state)
{
	char c = 0;
	int rw;

	(void)state;
	/* Keep a byte in the FIFO: a helper that opened and read it would
	 * take it (and without a writer its open would block). */
	refused(dfd, "fifo", GOELF_FS_ONE_NAME, S_IFIFO);
	refused(dfd, "fifo", GOELF_FS_BENEATH, S_IFIFO);
	rw = openat(dfd, "fifo", O_RDWR | O_NONBLOCK);
	assert_true(rw >= 0);
	assert_int_equal(write(rw, "x", 1), 1);
	refused(dfd, "fifo", GOELF_FS_ONE_NAME, S_IFIFO);
	if (have_openat2)
		refused(dfd, "fifo", GOELF_FS_IN_ROOT, S_IFIFO);
	assert_int_equal(read(rw, &c, 1), 1);
	assert_int_equal(c, 'x');
	close(rw);
}

static void
test_devices(void **state)
{
	struct stat st;
	int devfd = open("/dev", O_RDONLY | O_DIRECTORY);

	(void)state;
	assert_true(devfd >= 0);
	refused(devfd, "null", GOELF_FS_ONE_NAME, S_IFCHR);
	refused(devfd, "zero", GOELF_FS_BENEATH, S_IFCHR);
	close(devfd);
	if (fstatat(dfd, "null", &st, AT_SYMLINK_NOFOLLOW) == 0) {
		refused(dfd, "null", GOELF_FS_ONE_NAME, S_IFCHR);
		refused(dfd, "null", GOELF_FS_BENEATH, S_IFCHR);
	}
}

static void
test_symlink_dir(void **state)
{
	(void)state;
	/* One name: the link itself, never followed. */
	refused(dfd, "zero", GOELF_FS_ONE_NAME, S_IFLNK);
	refused(dfd, "tofile", GOELF_FS_ONE_NAME, S_IFLNK);
	/* Resolved: /dev/zero is outside (BENEATH) or absent (IN_ROOT). */
	refused(dfd, "zero", GOELF_FS_BENEATH, 0);
	if (have_openat2)
		refused(dfd, "zero", GOELF_FS_IN_ROOT, 0);
	refused(dfd, "sub", GOELF_FS_ONE_NAME, S_IFDIR);
	refused(dfd, "sub", GOELF_FS_BENEATH, S_IFDIR);
	refused(dfd, ".", GOELF_FS_ONE_NAME, S_IFDIR);
}

static void
test_regular(void **state)
{
	struct stat st, st2;
	char m[4];
	int fd;

	(void)state;
	fd = goelf_fs_open_regular(dfd, "file", GOELF_FS_ONE_NAME, &st);
	assert_true(fd >= 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(fstatat(dfd, "file", &st2, 0), 0);
	assert_true(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
	assert_int_equal(pread(fd, m, 4, 0), 4);
	assert_memory_equal(m, "\177ELF", 4);
	assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	close(fd);
	/* A link inside the directory is followed where links resolve
	 * (openat2; without it, as under valgrind 3.19, never). */
	fd = goelf_fs_open_regular(dfd, "tofile", GOELF_FS_BENEATH, &st);
	if (have_openat2) {
		assert_true(fd >= 0);
		assert_true(st.st_ino == st2.st_ino);
		close(fd);
	} else {
		assert_true(fd < 0);
	}
	assert_int_equal(
		goelf_fs_open_regular(dfd, "gone", GOELF_FS_ONE_NAME, &st), -1);
	assert_int_equal(errno, ENOENT);
}

/* After a fork the kept /proc/self/fd of the parent names the parent's
 * descriptors: the child must still get its own file.  The child frees
 * a descriptor number the parent has open on another file ("other"),
 * so its O_PATH descriptor gets that number. */
static void
test_after_fork(void **state)
{
	struct stat st, want;
	int fd, other, status;
	pid_t pid;

	(void)state;
	fd = goelf_fs_open_regular(dfd, "file", GOELF_FS_ONE_NAME, &st);
	assert_true(fd >= 0); /* the kept directory is open now */
	close(fd);
	other = openat(dfd, "other", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	assert_true(other >= 0);
	assert_int_equal(fstatat(dfd, "file", &want, 0), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(other);
		fd = goelf_fs_open_regular(dfd, "file", GOELF_FS_ONE_NAME, &st);
		_exit(fd >= 0 && fstat(fd, &st) == 0 &&
				      st.st_ino == want.st_ino &&
				      st.st_dev == want.st_dev
			      ? 0
			      : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(other);
	unlinkat(dfd, "other", 0);
}

/* -x: a lookup that crosses a mount point fails with EXDEV. */
static void
test_no_xdev(void **state)
{
	struct stat root, proc;
	int rfd, fd;

	(void)state;
	if (!have_openat2 || stat("/", &root) != 0 ||
	    stat("/proc/version", &proc) != 0 || root.st_dev == proc.st_dev)
		skip();
	rfd = open("/", O_RDONLY | O_DIRECTORY);
	assert_true(rfd >= 0);
	fd = goelf_fs_open_regular(rfd, "proc/version", GOELF_FS_IN_ROOT,
				   &proc);
	assert_true(fd >= 0);
	close(fd);
	fd = goelf_fs_open_regular(rfd, "proc/version",
				   GOELF_FS_IN_ROOT | GOELF_FS_NO_XDEV, &proc);
	assert_int_equal(fd, -1);
	assert_int_equal(errno, EXDEV);
	close(rfd);
}

int
main(void)
{
	/* valgrind 3.19 has no openat2 (ENOSYS): the checks that need
	 * RESOLVE_IN_ROOT or a followed link are skipped there. */
	have_openat2 = goelf_fs_have_openat2();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_symlink_dir),
		cmocka_unit_test(test_regular),
		cmocka_unit_test(test_after_fork),
		cmocka_unit_test(test_no_xdev),
	};

	return cmocka_run_group_tests_name("fs", tests, setup, teardown);
}
