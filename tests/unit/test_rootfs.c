/*
 * test_rootfs.c - the root filesystem views (lib/image/rootfs*.c).
 *
 * The directory view on a hostile tree built in a mkdtemp directory:
 * absolute and climbing symlinks, a loop, a chain longer than the hop
 * cap, a link to /proc/self/root, a FIFO, links at a file outside the
 * root.  The truth is the kernel's: every path is also resolved by
 * openat2(RESOLVE_IN_ROOT) (a chroot's lookup) and the inode it gives,
 * or its errno, must be what the view found; where openat2 is missing
 * the expectations written here are checked alone.  The whole set runs
 * twice, the second time with the view's openat2 use switched off (the
 * component-by-component path valgrind 3.19 takes).
 *
 * The image view on a docker-save tarball made here with libarchive
 * (two layers: a whiteout, an overwrite, a symlink, a hard link, kept
 * files, /tmp 1777, a private directory of uid 1000), read through the
 * reader's fs callback.
 */
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static char tmp[64], root[128];

static void
put(const char *rel, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
mk(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void
ln(const char *target, const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	assert_int_equal(symlink(target, p), 0);
}

static int
tree_setup(void **s)
{
	char p[512];

	(void)s;
	snprintf(tmp, sizeof(tmp), "/tmp/goelf-rootfs.XXXXXX");
	assert_non_null(mkdtemp(tmp));
	snprintf(root, sizeof(root), "%s/root", tmp);
	mk("root");
	mk("outside");
	put("outside/secret", "host secret\n");
	mk("root/etc");
	put("root/etc/passwd", "root:x:0:0:in the root:/root:/bin/sh\n");
	mk("root/d");
	put("root/d/f", "f\n");
	snprintf(p, sizeof(p), "%s/root/d/private", tmp);
	assert_int_equal(mkdir(p, 0700), 0);
	ln("/etc", "root/abs_etc");
	ln("../../../../etc", "root/climb");
	ln("../../..", "root/d/up3");
	ln("b", "root/a");
	ln("a", "root/b");
	ln("/proc/self/root", "root/proc_root");
	ln("/proc/self/root/etc/passwd", "root/proc_passwd");
	ln("../outside/secret", "root/sec");
	ln("../../outside/secret", "root/d/sec2");
	ln("/etc/passwd", "root/hostpasswd");
	ln("etc/passwd/", "root/slash");
	ln("d", "root/dl");
	/* c0 -> c1 -> ... -> c49 -> /etc/passwd: 50 hops from c0 */
	for (int i = 0; i < 50; i++) {
		char t[32], n[64];

		if (i == 49)
			snprintf(t, sizeof(t), "/etc/passwd");
		else
			snprintf(t, sizeof(t), "c%d", i + 1);
		snprintf(n, sizeof(n), "root/c%d", i);
		ln(t, n);
	}
	snprintf(p, sizeof(p), "%s/root/fifo", tmp);
	assert_int_equal(mkfifo(p, 0644), 0);
	return 0;
}

static int
tree_teardown(void **s)
{
	char cmd[256];

	(void)s;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* The kernel's answer (chroot-like lookup) for path, to compare. */
static int
kernel_stat(int rootfd, const char *path, bool follow, struct stat *sb)
{
	struct open_how oh = { 0 };
	int fd, e;

	oh.flags = O_PATH | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW);
	oh.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, rootfd, path, &oh, sizeof(oh));
	if (fd < 0)
		return -errno;
	e = fstat(fd, sb) ? -errno : 0;
	close(fd);
	return e;
}

struct want {
	const char *path;
	bool follow;
	int r;		 /* expected result */
	int kind;	 /* when r == 0 */
	const char *out; /* resolved path, or NULL */
};

static const struct want wants[] = {
	{ "/etc/passwd", true, 0, GOELF_RFS_REG, "/etc/passwd" },
	{ "etc/passwd", true, 0, GOELF_RFS_REG, "/etc/passwd" },
	{ "/", true, 0, GOELF_RFS_DIR, "/" },
	{ "/../../..", true, 0, GOELF_RFS_DIR, "/" },
	{ "/../../etc/./passwd", true, 0, GOELF_RFS_REG, "/etc/passwd" },
	{ "/abs_etc/passwd", true, 0, GOELF_RFS_REG, "/etc/passwd" },
	{ "/abs_etc", false, 0, GOELF_RFS_LNK, "/abs_etc" },
	{ "/abs_etc", true, 0, GOELF_RFS_DIR, "/etc" },
	{ "/abs_etc/", false, 0, GOELF_RFS_DIR, "/etc" },
	{ "/climb/passwd", true, 0, GOELF_RFS_REG, "/etc/passwd" },
	{ "/d/up3/etc/passwd", true, 0, GOELF_RFS_REG, "/etc/passwd" },
	{ "/d/up3", true, 0, GOELF_RFS_DIR, "/" },
	{ "/hostpasswd", true, 0, GOELF_RFS_REG, "/etc/passwd" },
	{ "/a", true, -ELOOP, 0, NULL },
	{ "/a", false, 0, GOELF_RFS_LNK, "/a" },
	{ "/a/x", false, -ELOOP, 0, NULL },
	{ "/c0", true, -ELOOP, 0, NULL },
	{ "/c9", true, -ELOOP, 0, NULL },		   /* 41 links */
	{ "/c10", true, 0, GOELF_RFS_REG, "/etc/passwd" }, /* 40 */
	{ "/proc_root", true, -ENOENT, 0, "/proc" },
	{ "/proc_passwd", true, -ENOENT, 0, "/proc" },
	{ "/sec", true, -ENOENT, 0, "/outside" },
	{ "/d/sec2", true, -ENOENT, 0, "/outside" },
	{ "/slash", true, -ENOTDIR, 0, NULL },
	{ "/etc/passwd/", true, -ENOTDIR, 0, NULL },
	{ "/etc/passwd/x", true, -ENOTDIR, 0, NULL },
	{ "/d/f/..", true, -ENOTDIR, 0, NULL },
	{ "/dl/f", false, 0, GOELF_RFS_REG, "/d/f" },
	{ "/dl/../etc", true, 0, GOELF_RFS_DIR, "/etc" },
	{ "/fifo", true, 0, GOELF_RFS_OTHER, "/fifo" },
	{ "/nope/x", true, -ENOENT, 0, "/nope" },
	{ "/d/nope", true, -ENOENT, 0, "/d/nope" },
	{ "/d/private", true, 0, GOELF_RFS_DIR, "/d/private" },
};

static void
check_tree(bool use_openat2)
{
	struct goelf_buf err;
	struct goelf_rootfs *fs;
	int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	bool have2 = goelf_fs_have_openat2();

	goelf_buf_init(&err, 256);
	fs = goelf_rootfs_open_dir(root, &err);
	assert_non_null(fs);
	assert_string_equal(goelf_rootfs_kind_name(fs), "dir");
	if (!use_openat2)
		fs->openat2 = false;
	for (size_t i = 0; i < ARRAY_SIZE(wants); i++) {
		const struct want *w = &wants[i];
		struct goelf_rootfs_stat st;
		char out[GOELF_IMAGE_MAX_PATH + 1];
		int r = goelf_rootfs_stat(fs, w->path, w->follow, &st, out,
					  sizeof(out));

		print_message("%s%s -> %d %s\n", w->path,
			      w->follow ? "" : " (nofollow)", r, out);
		assert_int_equal(r, w->r);
		if (!r) {
			assert_int_equal(st.kind, w->kind);
		} else {
			assert_int_equal(st.kind, GOELF_RFS_NONE);
		}
		if (w->out)
			assert_string_equal(out, w->out);
		if (have2) {
			/* the kernel agrees */
			struct stat kb, vb;
			int k = kernel_stat(rootfd, w->path, w->follow, &kb);

			assert_int_equal(r, k);
			if (!r) {
				char hp[GOELF_IMAGE_MAX_PATH + 200];

				snprintf(hp, sizeof(hp), "%s%s", root, out);
				assert_int_equal(lstat(hp, &vb), 0);
				assert_true(vb.st_ino == kb.st_ino &&
					    vb.st_dev == kb.st_dev);
				assert_int_equal(st.mode, kb.st_mode & 07777);
				assert_int_equal(st.uid, kb.st_uid);
				assert_int_equal(st.gid, kb.st_gid);
				if (st.kind == GOELF_RFS_REG)
					assert_int_equal(st.size,
							 (uint64_t)kb.st_size);
			}
		}
	}
	/* reads: only regular files, inside the root */
	{
		static const char *const same[] = {
			"/etc/passwd", "/abs_etc/passwd",   "/climb/passwd",
			"/hostpasswd", "/d/up3/etc/passwd", "/c10"
		};
		uint8_t *data;
		size_t n;
		int fd;

		for (size_t i = 0; i < ARRAY_SIZE(same); i++) {
			assert_int_equal(
				goelf_rootfs_read(fs, same[i], 0, &data, &n),
				0);
			assert_string_equal((char *)data,
					    "root:x:0:0:in the root:/root:"
					    "/bin/sh\n");
			assert_int_equal(n, strlen((char *)data));
			free(data);
			fd = goelf_rootfs_open(fs, same[i]);
			assert_true(fd >= 0);
			close(fd);
		}
		assert_int_equal(
			goelf_rootfs_read(fs, "/etc/passwd", 4, &data, &n),
			-EFBIG);
		assert_null(data);
		/* exactly max bytes: read */
		assert_int_equal(
			goelf_rootfs_read(fs, "/etc/passwd", 37, &data, &n), 0);
		assert_int_equal(n, 37);
		free(data);
		assert_int_equal(
			goelf_rootfs_read(fs, "/etc/passwd", 36, &data, &n),
			-EFBIG);
		assert_int_equal(goelf_rootfs_read(fs, "/fifo", 0, &data, &n),
				 -EISDIR);
		assert_int_equal(goelf_rootfs_open(fs, "/fifo"), -EISDIR);
		assert_int_equal(goelf_rootfs_read(fs, "/etc", 0, &data, &n),
				 -EISDIR);
		assert_int_equal(goelf_rootfs_read(fs, "/sec", 0, &data, &n),
				 -ENOENT);
		assert_int_equal(goelf_rootfs_open(fs, "/d/sec2"), -ENOENT);
		assert_int_equal(
			goelf_rootfs_read(fs, "/proc_passwd", 0, &data, &n),
			-ENOENT);
		assert_int_equal(goelf_rootfs_read(fs, "/a", 0, &data, &n),
				 -ELOOP);
		assert_int_equal(goelf_rootfs_open(fs, "/c0"), -ELOOP);
	}
	/* lists: sorted, of the resolved directory */
	{
		struct goelf_strlist l = { 0 };

		assert_int_equal(goelf_rootfs_list(fs, "/climb", &l), 1);
		assert_string_equal(l.v[0], "passwd");
		goelf_strlist_release(&l);
		memset(&l, 0, sizeof(l));
		assert_int_equal(goelf_rootfs_list(fs, "/dl/", &l), 4);
		assert_string_equal(l.v[0], "f");
		assert_string_equal(l.v[1], "private");
		assert_string_equal(l.v[2], "sec2");
		assert_string_equal(l.v[3], "up3");
		goelf_strlist_release(&l);
		memset(&l, 0, sizeof(l));
		assert_int_equal(goelf_rootfs_list(fs, "/d/up3/..", &l), 63);
		for (size_t i = 1; i < l.n; i++)
			assert_true(strcmp(l.v[i - 1], l.v[i]) < 0);
		goelf_strlist_release(&l);
		memset(&l, 0, sizeof(l));
		assert_int_equal(goelf_rootfs_list(fs, "/etc/passwd", &l),
				 -ENOTDIR);
		assert_int_equal(goelf_rootfs_list(fs, "/fifo", &l), -ENOTDIR);
		assert_int_equal(goelf_rootfs_list(fs, "/sec", &l), -ENOENT);
		assert_int_equal(l.n, 0);
	}
	/* caps */
	{
		char *longp = malloc(GOELF_IMAGE_MAX_PATH + 10);
		struct goelf_rootfs_stat st;

		memset(longp, 'x', 300);
		longp[0] = '/';
		longp[300] = '\0';
		assert_int_equal(
			goelf_rootfs_stat(fs, longp, true, &st, NULL, 0),
			-ENAMETOOLONG);
		for (size_t i = 0; i < GOELF_IMAGE_MAX_PATH + 8; i += 2) {
			longp[i] = '/';
			longp[i + 1] = 'd';
		}
		longp[GOELF_IMAGE_MAX_PATH + 8] = '\0';
		assert_int_equal(
			goelf_rootfs_stat(fs, longp, true, &st, NULL, 0),
			-ENAMETOOLONG);
		assert_int_equal(goelf_rootfs_stat(fs, "", true, &st, NULL, 0),
				 -ENOENT);
		free(longp);
	}
	goelf_rootfs_free(fs);
	goelf_buf_release(&err);
	close(rootfd);
}

static void
test_dir_view(void **s)
{
	(void)s;
	check_tree(true);
}

static void
test_dir_view_no_openat2(void **s)
{
	(void)s;
	check_tree(false);
}

static void
test_open_dir_errors(void **s)
{
	struct goelf_buf err;
	char p[512];

	(void)s;
	goelf_buf_init(&err, 256);
	snprintf(p, sizeof(p), "%s/etc/passwd", root);
	assert_null(goelf_rootfs_open_dir(p, &err));
	assert_true(err.len > 0);
	goelf_buf_reset(&err);
	assert_null(goelf_rootfs_open_dir("/nonexistent/goelf", &err));
	goelf_buf_release(&err);
	goelf_rootfs_free(NULL);
}

static void
test_keep(void **s)
{
	(void)s;
	assert_true(goelf_rootfs_keep("etc/passwd"));
	assert_true(goelf_rootfs_keep("etc/ld.so.cache"));
	assert_true(goelf_rootfs_keep("etc/ld-musl-x86_64.path"));
	assert_true(goelf_rootfs_keep("usr/lib/os-release"));
	assert_false(goelf_rootfs_keep("etc/ld-musl-.path"));
	assert_false(goelf_rootfs_keep("etc/ld-musl-x/y.path"));
	assert_false(goelf_rootfs_keep("etc/shadow"));
	assert_false(goelf_rootfs_keep("/etc/passwd"));
	assert_false(goelf_rootfs_keep("xetc/passwd"));
}

/* --- the image view ------------------------------------------------- */

enum {
	E_DIR,
	E_REG,
	E_SYM,
	E_HARD,
	E_FIFO,
	E_BIG
};

#define BIG (GOELF_ROOTFS_MAX_FILE + 1)

struct ent {
	int t;
	const char *path, *data; /* data: bytes, or the link target */
	unsigned mode, uid;
};

/* A layer tar in memory (pax, as docker writes). */
static void *
layer(const struct ent *e, size_t n, size_t *len)
{
	size_t cap = 8u << 20, used = 0;
	void *buf = malloc(cap);
	struct archive *a = archive_write_new();

	assert_int_equal(archive_write_set_format_pax_restricted(a),
			 ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used),
			 ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();

		archive_entry_set_pathname(ae, e[i].path);
		archive_entry_set_uid(ae, e[i].uid);
		archive_entry_set_gid(ae, e[i].uid);
		archive_entry_set_perm(ae, e[i].mode);
		switch (e[i].t) {
		case E_DIR: archive_entry_set_filetype(ae, AE_IFDIR); break;
		case E_REG:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_size(ae,
					       (la_int64_t)strlen(e[i].data));
			break;
		case E_SYM:
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_symlink(ae, e[i].data);
			break;
		case E_HARD:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_hardlink(ae, e[i].data);
			archive_entry_set_size(ae, 0);
			break;
		case E_BIG:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_size(ae, BIG);
			break;
		default: archive_entry_set_filetype(ae, AE_IFIFO); break;
		}
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		if (e[i].t == E_REG && *e[i].data)
			assert_true(archive_write_data(a, e[i].data,
						       strlen(e[i].data)) ==
				    (la_ssize_t)strlen(e[i].data));
		if (e[i].t == E_BIG) {
			char *x = malloc(BIG);

			memset(x, 'x', BIG);
			assert_true(archive_write_data(a, x, BIG) ==
				    (la_ssize_t)BIG);
			free(x);
		}
		archive_entry_free(ae);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*len = used;
	return buf;
}

static void
add_member(struct archive *a, const char *name, const void *p, size_t n)
{
	struct archive_entry *ae = archive_entry_new();

	archive_entry_set_pathname(ae, name);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)n);
	assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
	assert_true(archive_write_data(a, p, n) == (la_ssize_t)n);
	archive_entry_free(ae);
}

static const struct ent lower[] = {
	{ E_DIR, "etc/", NULL, 0755, 0 },
	{ E_REG, "etc/passwd", "root:x:0:0:image:/root:/bin/sh\n", 0644, 0 },
	{ E_REG, "etc/ld.so.cache", "glibc-ld.so.cache1.1 not really", 0644,
	  0 },
	{ E_REG, "etc/group", "old\n", 0644, 0 },
	{ E_REG, "etc/os-release", "ID=gone\n", 0644, 0 },
	{ E_REG, "etc/shadow", "secret\n", 0600, 0 },
	{ E_DIR, "tmp/", NULL, 01777, 0 },
	{ E_DIR, "home/", NULL, 0755, 0 },
	{ E_DIR, "home/user/", NULL, 0700, 1000 },
	{ E_DIR, "bin/", NULL, 0755, 0 },
	{ E_REG, "bin/app", "not an ELF", 0755, 7 },
	{ E_SYM, "bin/sh", "app", 0777, 0 },
	{ E_HARD, "bin/hard", "bin/app", 0700, 9 },
	{ E_DIR, "usr/", NULL, 0755, 0 },
	{ E_DIR, "usr/lib/", NULL, 0755, 0 },
	{ E_REG, "usr/lib/os-release", "NAME=x\n", 0644, 0 },
	{ E_SYM, "lib", "usr/lib", 0777, 0 },
	{ E_DIR, "old/", NULL, 0755, 0 },
	{ E_REG, "old/f", "f", 0644, 0 },
	{ E_FIFO, "fifo", NULL, 0644, 0 },
	{ E_BIG, "etc/nsswitch.conf", NULL, 0644, 0 },
};

static const struct ent upper[] = {
	{ E_REG, "etc/.wh.os-release", "", 0644, 0 },
	{ E_REG, "etc/group", "dup1\n", 0644, 0 },
	{ E_REG, "etc/group", "new\n", 0640, 42 },
	{ E_HARD, "etc/passwd2", "etc/passwd", 0600, 5 },
	{ E_SYM, "etc/up", "../../../../etc/passwd", 0777, 0 },
	{ E_SYM, "etc/abs", "/lib/os-release", 0777, 0 },
	{ E_SYM, "loop", "loop", 0777, 0 },
	{ E_REG, "old/.wh..wh..opq", "", 0644, 0 },
	{ E_REG, "old/g", "g", 0644, 0 },
};

static char image_path[128];
#define NMUSL 1030
static char musl[NMUSL][32];

static void
write_image(void)
{
	static const char manifest[] =
		"[{\"Config\":\"config.json\",\"RepoTags\":[\"t:1\"],"
		"\"Layers\":[\"l1/layer.tar\",\"l2/layer.tar\"]}]";
	static const char config[] =
		"{\"architecture\":\"amd64\",\"os\":\"linux\","
		"\"config\":{\"Env\":[\"PATH=/bin\",\"TMPDIR=/tmp\"],"
		"\"Entrypoint\":[\"/bin/app\",\"-x\"],\"Cmd\":null,"
		"\"WorkingDir\":\"/home/user\",\"User\":\"1000\"},"
		"\"rootfs\":{\"type\":\"layers\"}}";
	struct archive *a = archive_write_new();
	size_t n1, n2, nl = ARRAY_SIZE(lower);
	struct ent *all = calloc(nl + NMUSL, sizeof(*all));
	void *l1;

	/* and NMUSL small files the view keeps, over its count cap */
	memcpy(all, lower, sizeof(lower));
	for (size_t i = 0; i < NMUSL; i++) {
		snprintf(musl[i], sizeof(musl[i]), "etc/ld-musl-%04zu.path", i);
		all[nl + i] = (struct ent){ E_REG, musl[i], "/lib\n", 0644, 0 };
	}
	l1 = layer(all, nl + NMUSL, &n1);
	free(all);
	void *l2 = layer(upper, ARRAY_SIZE(upper), &n2);

	snprintf(image_path, sizeof(image_path), "%s/image.tar", tmp);
	assert_int_equal(archive_write_set_format_pax_restricted(a),
			 ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, image_path),
			 ARCHIVE_OK);
	add_member(a, "manifest.json", manifest, strlen(manifest));
	add_member(a, "config.json", config, strlen(config));
	add_member(a, "l1/layer.tar", l1, n1);
	add_member(a, "l2/layer.tar", l2, n2);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	free(l1);
	free(l2);
}

struct got {
	struct goelf_rootfs *fs;
	size_t nfs, nend;
	bool has_ep, has_cmd;
	char *ep0, *wd, *env1;
	size_t limits;
};

static void
on_fs(void *arg, struct goelf_rootfs *fs)
{
	struct got *g = arg;

	g->nfs++;
	goelf_rootfs_free(g->fs);
	g->fs = fs;
}

static void
on_end(void *arg, struct goelf_image_facts *im, bool scanned)
{
	struct got *g = arg;

	if (!scanned)
		return;
	g->nend++;
	assert_int_equal(g->nfs, 1); /* fs came before end */
	g->has_ep = im->has_entrypoint;
	g->has_cmd = im->has_cmd;
	g->ep0 = im->entrypoint.n ? strdup(im->entrypoint.v[0]) : NULL;
	g->wd = im->workdir ? strdup(im->workdir) : NULL;
	g->env1 = im->env.n > 1 ? strdup(im->env.v[1]) : NULL;
	for (size_t i = 0; i < im->findings.n; i++)
		g->limits +=
			!strcmp(im->findings.v[i].id, "input.limit_reached");
	for (size_t i = 0; i < im->findings.n; i++)
		print_message("finding %s: %s\n", im->findings.v[i].id,
			      im->findings.v[i].message);
}

static void
expect(const struct goelf_rootfs *fs, const char *path, bool follow, int r,
       int kind, unsigned mode, uint32_t uid, uint64_t size, const char *out)
{
	struct goelf_rootfs_stat st;
	char o[GOELF_IMAGE_MAX_PATH + 1];
	int got = goelf_rootfs_stat(fs, path, follow, &st, o, sizeof(o));

	print_message("image %s -> %d kind %d mode %04o uid %u size %llu "
		      "%s\n",
		      path, got, st.kind, st.mode, st.uid,
		      (unsigned long long)st.size, o);
	assert_int_equal(got, r);
	if (r)
		return;
	assert_int_equal(st.kind, kind);
	assert_int_equal(st.mode, mode);
	assert_int_equal(st.uid, uid);
	if (kind == GOELF_RFS_REG)
		assert_int_equal(st.size, size);
	if (out)
		assert_string_equal(o, out);
}

static void
expect_read(const struct goelf_rootfs *fs, const char *path, int r,
	    const char *text)
{
	uint8_t *d;
	size_t n;

	assert_int_equal(goelf_rootfs_read(fs, path, 0, &d, &n), r);
	if (r) {
		assert_null(d);
		return;
	}
	assert_int_equal(n, strlen(text));
	assert_memory_equal(d, text, n);
	assert_int_equal(d[n], 0);
	free(d);
}

static void
test_image_view(void **s)
{
	struct got g = { 0 };
	struct goelf_image_ops ops = { 0 };
	struct goelf_strlist l = { 0 };
	const struct goelf_rootfs *fs;
	int fd;

	(void)s;
	write_image();
	ops.arg = &g;
	ops.fs = on_fs;
	ops.end = on_end;
	fd = open(image_path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(goelf_image_read(fd, false, image_path, &ops), 0);
	close(fd);
	assert_int_equal(g.nfs, 1);
	assert_int_equal(g.nend, 1);
	fs = g.fs;
	assert_non_null(fs);
	assert_string_equal(goelf_rootfs_kind_name(fs), "image");
	/* config */
	assert_true(g.has_ep);
	assert_false(g.has_cmd);
	assert_string_equal(g.ep0, "/bin/app");
	assert_string_equal(g.wd, "/home/user");
	assert_string_equal(g.env1, "TMPDIR=/tmp");
	/* stat */
	expect(fs, "/", true, 0, GOELF_RFS_DIR, 0755, 0, 0, "/");
	expect(fs, "/etc/passwd", true, 0, GOELF_RFS_REG, 0644, 0, 31,
	       "/etc/passwd");
	expect(fs, "/etc/group", true, 0, GOELF_RFS_REG, 0640, 42, 4, NULL);
	expect(fs, "/etc/os-release", true, -ENOENT, 0, 0, 0, 0, NULL);
	expect(fs, "/tmp", true, 0, GOELF_RFS_DIR, 01777, 0, 0, "/tmp");
	expect(fs, "/home/user/", true, 0, GOELF_RFS_DIR, 0700, 1000, 0,
	       "/home/user");
	expect(fs, "/bin/sh", true, 0, GOELF_RFS_REG, 0755, 7, 10, "/bin/app");
	expect(fs, "/bin/sh", false, 0, GOELF_RFS_LNK, 0777, 0, 0, "/bin/sh");
	/* a hard link is its source: owner, mode, size */
	expect(fs, "/bin/hard", true, 0, GOELF_RFS_REG, 0755, 7, 10, NULL);
	expect(fs, "/etc/passwd2", true, 0, GOELF_RFS_REG, 0644, 0, 31, NULL);
	expect(fs, "/etc/up", true, 0, GOELF_RFS_REG, 0644, 0, 31,
	       "/etc/passwd");
	expect(fs, "/etc/abs", true, 0, GOELF_RFS_REG, 0644, 0, 7,
	       "/usr/lib/os-release");
	expect(fs, "/lib/../../etc/passwd", true, 0, GOELF_RFS_REG, 0644, 0, 31,
	       "/etc/passwd");
	expect(fs, "/loop", true, -ELOOP, 0, 0, 0, 0, NULL);
	expect(fs, "/old/f", true, -ENOENT, 0, 0, 0, 0, NULL);
	expect(fs, "/old/g", true, 0, GOELF_RFS_REG, 0644, 0, 1, NULL);
	expect(fs, "/etc/passwd/x", true, -ENOTDIR, 0, 0, 0, 0, NULL);
	expect(fs, "/fifo", true, 0, GOELF_RFS_OTHER, 0644, 0, 0, NULL);
	/* read: the kept files only */
	expect_read(fs, "/etc/passwd", 0, "root:x:0:0:image:/root:/bin/sh\n");
	expect_read(fs, "/etc/up", 0, "root:x:0:0:image:/root:/bin/sh\n");
	expect_read(fs, "/etc/group", 0, "new\n");
	expect_read(fs, "/etc/ld.so.cache", 0,
		    "glibc-ld.so.cache1.1 not really");
	expect_read(fs, "/lib/os-release", 0, "NAME=x\n");
	expect_read(fs, "/etc/shadow", -ENODATA, NULL);
	/* over GOELF_ROOTFS_MAX_FILE: not kept, a cap reached */
	expect(fs, "/etc/nsswitch.conf", true, 0, GOELF_RFS_REG, 0644, 0, BIG,
	       NULL);
	expect_read(fs, "/etc/nsswitch.conf", -EFBIG, NULL);
	assert_int_equal(g.limits, 1);
	/* at most GOELF_ROOTFS_MAX_NKEPT files kept: 4 above and the
	 * first 1020 of these, in layer order */
	{
		size_t ok = 0, big = 0;

		for (size_t i = 0; i < NMUSL; i++) {
			char p[40];
			uint8_t *d;
			size_t n;
			int r;

			snprintf(p, sizeof(p), "/%s", musl[i]);
			r = goelf_rootfs_read(fs, p, 0, &d, &n);
			if (!r) {
				assert_string_equal((char *)d, "/lib\n");
				free(d);
				ok++;
				assert_true(i < GOELF_ROOTFS_MAX_NKEPT - 4);
			} else {
				assert_int_equal(r, -EFBIG);
				big++;
			}
		}
		assert_int_equal(ok, GOELF_ROOTFS_MAX_NKEPT - 4);
		assert_int_equal(big, NMUSL - ok);
	}
	expect_read(fs, "/bin/app", -ENODATA, NULL);
	expect_read(fs, "/etc/passwd2", -ENODATA, NULL);
	expect_read(fs, "/etc/os-release", -ENOENT, NULL);
	expect_read(fs, "/etc", -EISDIR, NULL);
	expect_read(fs, "/fifo", -EISDIR, NULL);
	assert_int_equal(goelf_rootfs_open(fs, "/etc/passwd"), -ENOTSUP);
	/* list */
	assert_int_equal(goelf_rootfs_list(fs, "/etc", &l), 8 + NMUSL);
	{
		static const char *const names[] = {
			"abs",	  "group",   "ld.so.cache", "nsswitch.conf",
			"passwd", "passwd2", "shadow",	    "up",
		};

		size_t k = 0;

		for (size_t i = 0; i < l.n; i++) {
			if (i)
				assert_true(strcmp(l.v[i - 1], l.v[i]) < 0);
			if (strncmp(l.v[i], "ld-musl-", 8))
				assert_string_equal(l.v[i], names[k++]);
		}
		assert_int_equal(k, ARRAY_SIZE(names));
	}
	goelf_strlist_release(&l);
	assert_int_equal(goelf_rootfs_list(fs, "/old", &l), 1);
	assert_string_equal(l.v[0], "g");
	goelf_strlist_release(&l);
	assert_int_equal(goelf_rootfs_list(fs, "/lib", &l), 1);
	goelf_strlist_release(&l);
	assert_int_equal(goelf_rootfs_list(fs, "/", &l), 9);
	goelf_strlist_release(&l);
	assert_int_equal(goelf_rootfs_list(fs, "/etc/passwd", &l), -ENOTDIR);
	goelf_rootfs_free(g.fs);
	free(g.ep0);
	free(g.wd);
	free(g.env1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dir_view),
		cmocka_unit_test(test_dir_view_no_openat2),
		cmocka_unit_test(test_open_dir_errors),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_image_view),
	};

	return cmocka_run_group_tests(tests, tree_setup, tree_teardown);
}
