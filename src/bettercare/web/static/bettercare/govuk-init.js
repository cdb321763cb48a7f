/* Starts GOV.UK Frontend's components (a module file, not inline script: CSP). */
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();
