#!/bin/sh
# Make sure uv exists and .venv holds the locked dependencies.
# Works on a machine with internet (uv fetches Python) and on one where Python 3.12+
# is only reachable through pyenv (uv finds those only when PYENV_VERSION names them).
set -eu
cd "$(dirname "$0")/.."

UV=$(command -v uv || true)
if [ -z "$UV" ]; then
    if [ ! -x .tools/bin/uv ]; then
        echo "Installing uv into .tools/ ..."
        python3 -m venv .tools
        .tools/bin/pip install --quiet --disable-pip-version-check uv
    fi
    UV=.tools/bin/uv
fi

if [ ! -x .venv/bin/python ]; then
    PY=$("$UV" python find '>=3.12' 2>/dev/null || true)
    if [ -z "$PY" ] && command -v pyenv >/dev/null 2>&1; then
        # pyenv versions >= 3.12, newest first
        VERSIONS=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.|$)' | sort -rV | paste -sd: -)
        if [ -n "$VERSIONS" ]; then
            PY=$(PYENV_VERSION="$VERSIONS" "$UV" python find '>=3.12' 2>/dev/null || true)
        fi
    fi
    if [ -z "$PY" ]; then
        echo "No Python >= 3.12 found; asking uv to install 3.13 ..."
        "$UV" python install 3.13
        PY=$("$UV" python find '>=3.12')
    fi
    echo "Creating .venv with $PY"
    "$UV" venv --quiet --python "$PY" .venv
fi

"$UV" sync --quiet --frozen --python .venv/bin/python
