/* Marks the page as script-enabled for GOV.UK Frontend (loaded first in <body>; no inline script: CSP). */
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
