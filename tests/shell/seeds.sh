#!/bin/sh
# seeds.sh - every fact of ../shared/seeds/expected.json (the shared scorer).
SITREP=${SITREP:-build/sitrep}
SHARED=${SITREP_SHARED:-../shared}
[ -f "$SHARED/seeds/expected.json" ] && [ -f "$SHARED/tools/score.py" ] || { echo "no $SHARED/seeds"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
SITREP="$SITREP" exec python3 "$SHARED/tools/score.py" seeds "$SHARED/seeds"
