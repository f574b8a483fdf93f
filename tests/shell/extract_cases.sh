#!/bin/sh
# extract_cases.sh - the plain-file extraction cases of tests/extract (an article
# in, the facts expected out; format in tests/extract/check.py).
SITREP=${SITREP:-build/sitrep}
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
[ -x "$SITREP" ] || { echo "no $SITREP"; exit 1; }
exec python3 tests/extract/check.py "$SITREP" tests/extract
