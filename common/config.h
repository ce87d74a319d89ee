/*
 * config.h - configuration files (maps, rules) read strictly with jansson.
 *
 * Records have their own parser (json.h); configuration documents are small
 * and read with jansson, under the same rules: a key repeated in one object
 * is an error, and a key the program does not know is an error that names
 * the nearest known one, so a misspelt "feilds" never silently checks
 * nothing.  Both print "mops-X: FILE[:LINE]: message"; the caller exits 78.
 */
#ifndef MOPS_CONFIG_H
#define MOPS_CONFIG_H

#include <jansson.h>

/* A new reference to the document in path, which must be an object; NULL
 * (message printed) when it cannot be read, is not JSON, repeats a key or is
 * not an object. */
json_t *mops_config_load(const char *path);

/*
 * 0 when every key of obj is one of allowed (NULL-terminated); otherwise
 * prints "FILE: WHERE: unknown key 'K' (did you mean 'N'?)" (or the list of
 * valid keys when none is near) and returns -1.  A non-object obj: -1 with
 * "FILE: WHERE: expected an object".  where names the place ("rules",
 * "streams.file.ad_spend"); borrowed.
 */
int mops_config_keys(const json_t *obj, const char *path, const char *where,
    const char *const *allowed);

#endif
