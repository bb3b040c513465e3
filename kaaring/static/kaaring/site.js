// Kåring's only first-party script. The site works without it; with htmx it moves the
// keyboard focus to the feedback section after htmx has swapped it, so that screen reader
// and keyboard users hear and continue from the new content.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("#feedback [data-feedback-focus]");
    if (target) {
      target.focus();
    }
  });
})();
