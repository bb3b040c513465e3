#!/bin/sh
# Install front-end packages from npm (locked) and vendor the files the site serves.
# Nothing is loaded from a CDN at run time.
set -eu
cd "$(dirname "$0")/.."
if [ ! -d node_modules/@digdir/designsystemet-css ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
V=kaaring/static/vendor
mkdir -p "$V/designsystemet" "$V/htmx" "$V/axe-core" "$V/fonts" "$V/swagger-ui"
cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css "$V/designsystemet/designsystemet-theme.css"
cp node_modules/@digdir/designsystemet-css/dist/src/index.css "$V/designsystemet/designsystemet.css"
cp node_modules/htmx.org/dist/htmx.min.js "$V/htmx/htmx.min.js"
cp node_modules/axe-core/axe.min.js "$V/axe-core/axe.min.js"
cp node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2 "$V/fonts/inter-latin-wght-normal.woff2"
cp node_modules/@fontsource-variable/inter/files/inter-latin-ext-wght-normal.woff2 "$V/fonts/inter-latin-ext-wght-normal.woff2"
# The API's browsable docs at /api/v1/docs (kaaring/api/docs.py).
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js "$V/swagger-ui/swagger-ui-bundle.js"
# Without its source map line: the map is not vendored, and the manifest storage would look for it.
sed '/sourceMappingURL=/d' node_modules/swagger-ui-dist/swagger-ui.css > "$V/swagger-ui/swagger-ui.css"
cp node_modules/swagger-ui-dist/LICENSE "$V/swagger-ui/LICENSE"
