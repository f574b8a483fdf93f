/* fuse.h - fusion of reports into fused incidents (the rule is stated in
 * fuse.c; the entry point is sitrep_store_fuse in sitrep.h). */
#ifndef SR_FUSE_H
#define SR_FUSE_H

#include "store.h"

/* The spatial grid cell of a point: 0.1 degree of latitude by 0.1 degree
 * of longitude, numbered row * 3600 + column. */
int64_t sr_fuse_cell(double lat, double lon);

#endif
