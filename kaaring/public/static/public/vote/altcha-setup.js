// Makes the vendored ALTCHA widget work under our Content Security Policy and in our
// languages. Loaded as a module right after the widget's module, so it runs after the widget
// has registered itself and before anyone can start the check.
//  - The widget would start its workers from blob:/data: URLs, which script-src 'self'
//    forbids; the same worker is served from our origin (see kaaring/public/altcha_assets.py).
//  - Its labels come from our own translations (nb, nn, en) in a JSON block on the page.
const config = document.getElementById("altcha-config");
if (config && globalThis.$altcha) {
  const { workerUrl, language, strings } = JSON.parse(config.textContent);
  for (const algorithm of ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"]) {
    globalThis.$altcha.algorithms.set(algorithm, () => new Worker(workerUrl));
  }
  globalThis.$altcha.i18n.set(language, strings);
}
