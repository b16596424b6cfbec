/* Glossary tooltips are shown by CSS on hover and focus; Escape hides the open one
   (WCAG 1.4.13) until the pointer or the focus next comes to the term. */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll(".term:hover, .term:focus-within").forEach(function (term) {
      term.classList.add("term-dismissed");
    });
  });

  /* Entering or leaving a term (pointer or focus) makes its tooltip available again. */
  function reset(event) {
    var term = event.target.closest && event.target.closest(".term");
    if (term && !term.contains(event.relatedTarget)) {
      term.classList.remove("term-dismissed");
    }
  }

  ["focusin", "focusout", "mouseover", "mouseout"].forEach(function (type) {
    document.addEventListener(type, reset);
  });
})();
