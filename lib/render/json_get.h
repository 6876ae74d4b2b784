/*
 * json_get.h - null-safe lookups in jansson objects for the diff engine
 * and its renderer: a missing key or a non-object gives NULL / 0.
 */
#ifndef GOELF_JSON_GET_H
#define GOELF_JSON_GET_H

#include <jansson.h>

static inline json_t *
get(json_t *o, const char *key)
{
	return json_is_object(o) ? json_object_get(o, key) : NULL;
}

static inline json_t *
get2(json_t *o, const char *a, const char *b)
{
	return get(get(o, a), b);
}

static inline const char *
sget(json_t *o, const char *key)
{
	return json_string_value(get(o, key));
}

static inline json_int_t
iget(json_t *o, const char *key)
{
	return json_integer_value(get(o, key));
}

#endif
