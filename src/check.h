/* check.h - reference records (VDC daily totals, UCDP GED and WAD events)
 * and the check of claims against them (the rule is stated in check.c). */
#ifndef SR_CHECK_H
#define SR_CHECK_H

#include "store.h"

/* The key by which claims meet reference records of the same first-level
 * division: the folded name with words such as "governorate" and
 * "province" dropped and known aliases resolved ("Rif-dimashq", "Damascus
 * Suburbs", "Rural Damascus" -> "rif dimashq"; "Deir ez-Zor", "Deir Ezzor"
 * -> "deir ez zor"). country (ISO alpha-2 or "") is not part of the key but
 * tells which alias table applies. Written to out (cap bytes,
 * NUL-terminated); "" when admin1 is empty. */
void sr_admin1_key(const char *admin1, const char *country, char *out, size_t cap);

#endif
