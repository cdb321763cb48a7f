/* Renders every [data-vega-spec] element's chart from the JSON in its <script type="application/json">
   (written by Django's json_script). Expressions run through vega-interpreter (ast: true), so charts
   need no eval under the Content Security Policy. */
document.querySelectorAll("[data-vega-spec]").forEach(function (element) {
  var spec = JSON.parse(element.querySelector("script[type='application/json']").textContent);
  var small = element.hasAttribute("data-vega-small");
  var actions = small ? false : {export: true, source: false, compiled: false, editor: false};
  vegaEmbed(element.querySelector(".bc-chart__canvas"), spec, {
    renderer: "svg", actions: actions, ast: true, expr: window.vegaExpressionInterpreter
  })
    .then(function () {
      element.querySelectorAll("summary").forEach(function (summary) {
        summary.setAttribute("aria-label", "Export this chart as SVG or PNG");
      });
      element.setAttribute("data-rendered", "true");
    })
    .catch(function (error) { element.setAttribute("data-error", String(error)); });
});
