/* Buttons marked data-print print the page (replaces inline onclick: CSP forbids inline handlers). */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
