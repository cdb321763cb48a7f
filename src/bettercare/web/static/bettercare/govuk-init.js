/* Starts GOV.UK Frontend's components (a module file, not inline script: CSP). */
import { ErrorSummary, initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();

/* An error summary that htmx swaps in after an inline save (e.g. a scheme's spend in the plan
   editor) gets the same behaviour as one on a full page: focus moves to it, and its links move
   focus to the fields (GOV.UK error summary pattern). Summaries already started are left alone. */
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll(".govuk-error-summary:not([data-govuk-error-summary-init])").forEach(function (summary) {
    new ErrorSummary(summary);
  });
});
