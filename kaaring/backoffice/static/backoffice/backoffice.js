// Move focus to the error summary after a refused form, so screen readers read it first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".ds-error-summary[data-autofocus]");
  if (summary) {
    summary.focus();
  }
});
