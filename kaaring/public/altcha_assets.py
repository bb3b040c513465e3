"""The two pieces of the vendored ALTCHA widget that our Content Security Policy blocks.

The widget (altcha-django's vendored ``altcha.min.js``) injects its stylesheet as an inline
``<style>`` and starts its proof-of-work workers from ``blob:``/``data:`` URLs; with
``style-src 'self'`` and ``script-src 'self'`` the browser refuses both. So we serve the same
stylesheet and the same worker as static files from our own origin: the page links the
stylesheet with ``id="altcha-css"`` (the widget then skips its own), and
``public/vote/altcha-setup.js`` registers a worker factory that loads the worker file.

``extract`` takes both out of the installed widget; ``python -m kaaring.public.altcha_assets``
rewrites the static copies, and a test fails when they differ from the installed widget.
"""

import ast
import re
from pathlib import Path

import altcha_django

WIDGET = Path(altcha_django.__file__).parent / "static" / "altcha_django" / "altcha.min.js"
STATIC = Path(__file__).parent / "static" / "public" / "vote"
CSS_FILE = STATIC / "altcha.css"
WORKER_FILE = STATIC / "altcha-worker-pbkdf2.js"
HEADER = (
    "/* Extracted unchanged from the ALTCHA widget {version} (MIT licence) vendored by "
    "altcha-django; regenerate with `python -m kaaring.public.altcha_assets`. */\n"
)


def _js_string(literal: str) -> str:
    # The widget's literals use only escapes that Python reads the same way (\n, \\, \', \x).
    return str(ast.literal_eval(literal))


def extract(widget: str) -> tuple[str, str]:
    """(stylesheet, PBKDF2 worker source) from the widget's minified source."""
    css = re.search(r"\}\(('(?::root \{)(?:[^'\\]|\\.)*')\)", widget)
    if css is None:
        raise ValueError("The ALTCHA widget's stylesheet was not found.")
    workers = re.findall(r"='(\(function\(\) \{\\n  \"use strict\";(?:[^'\\]|\\.)*)'", widget)
    pbkdf2 = [w for w in workers if 'name: "PBKDF2"' in w]
    if len(pbkdf2) != 1:
        raise ValueError("The ALTCHA widget's PBKDF2 worker was not found.")
    return _js_string(css.group(1)), _js_string("'" + pbkdf2[0] + "'")


def expected_files() -> dict[Path, str]:
    version = (WIDGET.parent / "altcha.min.js.VERSION").read_text().strip()
    css, worker = extract(WIDGET.read_text())
    header = HEADER.format(version=version)
    return {CSS_FILE: header + css, WORKER_FILE: header + worker}


if __name__ == "__main__":
    for path, text in expected_files().items():
        path.write_text(text)
        print(f"wrote {path}")
