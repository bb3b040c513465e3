#!/bin/sh
# The image's base: Debian (trixie: Python 3.13) made by mmdebstrap from the Debian archive,
# imported into the local container storage as localhost/kaaring-base:trixie. No registry is
# needed. Run as root (or under `podman unshare`); needs the Debian packages mmdebstrap and
# podman.
set -eu
SUITE="${SUITE:-trixie}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
TAG="${TAG:-localhost/kaaring-base:$SUITE}"
for tool in mmdebstrap podman; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "$tool is missing: apt-get install $tool" >&2
        exit 2
    }
done
tarball="$(mktemp --suffix=.tar)"
trap 'rm -f "$tarball"' EXIT
# minbase: the essential packages, apt and passwd; the app needs Python, venv (for the build
# stage) and CA certificates (SMTP over TLS, the e-ID provider).
mmdebstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    --aptopt='APT::Install-Recommends "false"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$SUITE" "$tarball" "$MIRROR"
podman import --change 'CMD ["/bin/sh"]' "$tarball" "$TAG"
echo "Imported $TAG"
