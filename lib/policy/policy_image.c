/*
 * policy_image.c - the [image] section of the policy: limits on the
 * size of an image (max-size, max-wasted, max-wasted-percent) and the
 * build leftover classes it must not ship (forbid-classes), the same as
 * the flags of `goelf scan`.  The run-time keys of the section live
 * beside these.
 */
#include "policy/policy.h"

#include <stdlib.h>
#include <string.h>

static int
forbid(struct goelf_policy *p, const char *value, struct goelf_buf *err)
{
	char *copy = goelf_xstrdup(value), *save = NULL, *tok;
	unsigned bits = 0;
	int rc = 0;

	for (tok = strtok_r(copy, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		enum goelf_image_class c = goelf_image_class_find(tok);

		if (c == GOELF_IC_NONE) {
			goelf_buf_addf(err,
				       "forbid-classes: unknown class '%s' "
				       "(known: go-build-cache, "
				       "go-module-cache, go-toolchain, "
				       "package-cache, source)",
				       tok);
			rc = -1;
			break;
		}
		bits |= 1u << c;
	}
	free(copy);
	if (!rc)
		p->forbid_classes = bits;
	return rc;
}

int
goelf_policy_set_image(struct goelf_policy *p, const char *key,
		       const char *value, struct goelf_buf *err)
{
	if (!strcmp(key, "max-size") || !strcmp(key, "max-wasted")) {
		bool sz = key[4] == 's';
		uint64_t v;

		if (goelf_parse_size(value, &v)) {
			goelf_buf_addf(err, "%s: '%s' is not a size (500MiB)",
				       key, value);
			return -1;
		}
		if (sz) {
			p->max_size = v;
			p->has_max_size = true;
		} else {
			p->max_wasted = v;
			p->has_max_wasted = true;
		}
		return 0;
	}
	if (!strcmp(key, "max-wasted-percent")) {
		size_t n = strlen(value);
		char *end;
		double d;

		if (n && value[n - 1] == '%')
			n--;
		d = strtod(value, &end);
		if (!n || end != value + n || !(d >= 0 && d <= 100)) {
			goelf_buf_addf(err,
				       "%s: '%s' is not a percentage from 0 "
				       "to 100",
				       key, value);
			return -1;
		}
		p->max_wasted_pct = d;
		p->has_max_wasted_pct = true;
		return 0;
	}
	if (!strcmp(key, "forbid-classes"))
		return forbid(p, value, err);
	return 1;
}
