#!/bin/sh
# What `make bench` needs beyond the Python environment: wrk (HTTP load) and pgbench (the
# database's own ceiling). Installs them with apt when missing and apt is usable; otherwise says
# what is missing and fails, so the benchmark never runs without its tools.
set -eu

missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
command -v pgbench >/dev/null 2>&1 || missing="$missing postgresql-client"
[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== apt-get install$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086 # the list is words on purpose
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi
echo "bench: missing$missing; install it (Debian: sudo apt-get install$missing)" >&2
exit 2
