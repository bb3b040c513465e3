#!/bin/sh
# Everything a command of the Makefile needs that the machine may lack, in one place:
#
#   scripts/system-deps.sh [setup|test|bench] [--system-only]
#
# 1. Debian packages for the purpose (setup: gettext, npm, Python's venv; test: + chromium, wrk;
#    bench: + wrk, pgbench), installed with apt-get when missing. Without root or apt-get it
#    stops at once with one line that says what to install, before anything else runs.
# 2. Then (unless --system-only) Python through scripts/bootstrap.sh and the npm assets through
#    scripts/assets.sh.
#
# `make setup`, `make test`, `make bench` and so `.ci/run` all come through here; CI has no
# install step of its own. CHROMIUM names the browser's path (default /usr/bin/chromium, the
# one the browser tests drive).
set -eu
cd "$(dirname "$0")/.."

purpose=setup
system_only=""
for arg in "$@"; do
    case "$arg" in
        setup | test | bench) purpose=$arg ;;
        --system-only) system_only=1 ;;
        *)
            echo "usage: scripts/system-deps.sh [setup|test|bench] [--system-only]" >&2
            exit 64
            ;;
    esac
done

missing=""
need() { # need PACKAGE: add a Debian package to the list once
    case " $missing " in *" $1 "*) ;; *) missing="${missing:+$missing }$1" ;; esac
}
have() { command -v "$1" >/dev/null 2>&1; }

# What every purpose needs: msgfmt compiles the translations, npm vendors the front end, and
# bootstrap.sh needs python3 with venv to install uv when uv is not there yet.
have msgfmt || need gettext
have npm || need npm
if ! have uv && [ ! -x .tools/bin/uv ]; then
    if ! have python3; then
        need python3
        need python3-venv
    elif ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
        need python3-venv
    fi
fi
case "$purpose" in
    test)
        # The browser tests drive Debian's chromium; one test drives the vote benches' wrk script.
        [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need chromium
        have wrk || need wrk
        ;;
    bench)
        # wrk for HTTP load, pgbench for the database's own ceiling.
        have wrk || need wrk
        have pgbench || need postgresql-client
        ;;
esac

if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ] || ! have apt-get; then
        echo "Missing system packages for make $purpose: $missing; install them first (Debian: sudo apt-get install $missing)." >&2
        exit 2
    fi
    echo "== apt-get install $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086 # the list is words on purpose
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

[ -n "$system_only" ] && exit 0
./scripts/bootstrap.sh
./scripts/assets.sh
