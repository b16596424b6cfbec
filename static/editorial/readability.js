/* Readability indicator under lay-text fields of the editorial admin.
 *
 * Each lay text (public_title_*, brief_summary_*, description_*, explanation_*, definition_*,
 * and text_* of section texts) gets a line under it with its readability score and the target,
 * updated as the editor types. The score comes from the admin's readability endpoint, which
 * also words the message, so that it is translated with the rest of the admin.
 */
(function () {
  "use strict";

  var DEFAULT_URL = "/admin/readability/";
  var DELAY = 500;
  var LAY_FIELD = /^(?:public_title|brief_summary|description|explanation|definition)_([a-z]{2})$/;
  var SECTION_TEXT = /^[\w]+-\d+-text_([a-z]{2})$/;

  function endpoint() {
    var marked = document.querySelector("[data-readability-url]");
    return marked ? marked.getAttribute("data-readability-url") : DEFAULT_URL;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function languageOf(field) {
    if (field.getAttribute("data-readability-language")) {
      return field.getAttribute("data-readability-language");
    }
    if (!field.name || field.name.indexOf("__prefix__") !== -1) {
      return null;
    }
    var match = LAY_FIELD.exec(field.name) || SECTION_TEXT.exec(field.name);
    return match ? match[1] : null;
  }

  function show(indicator, result) {
    indicator.textContent = result.message || "";
    indicator.classList.remove("plain", "hard");
    if (result.is_plain === true) {
      indicator.classList.add("plain");
    } else if (result.is_plain === false) {
      indicator.classList.add("hard");
    }
  }

  function measure(field, indicator, language) {
    var body = new FormData();
    body.append("text", field.value);
    body.append("language", language);
    fetch(endpoint(), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (result) {
        if (result) {
          show(indicator, result);
        }
      })
      .catch(function () {
        indicator.textContent = "";
      });
  }

  function attach(field) {
    var language = languageOf(field);
    if (!language || field.getAttribute("data-readability-attached")) {
      return;
    }
    field.setAttribute("data-readability-attached", "true");
    var indicator = document.createElement("p");
    indicator.className = "readability-indicator";
    indicator.setAttribute("aria-live", "polite");
    if (field.id) {
      indicator.id = field.id + "_readability";
      var described = field.getAttribute("aria-describedby");
      field.setAttribute(
        "aria-describedby",
        (described ? described + " " : "") + indicator.id
      );
    }
    field.insertAdjacentElement("afterend", indicator);
    var timer = null;
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        measure(field, indicator, language);
      }, DELAY);
    });
    if (field.value.trim()) {
      measure(field, indicator, language);
    }
  }

  function attachAll(root) {
    var fields = root.querySelectorAll("textarea, input[type=text]");
    for (var i = 0; i < fields.length; i++) {
      attach(fields[i]);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    attachAll(document);
  });
  // Django dispatches this when an inline row (a new section text) is added.
  document.addEventListener("formset:added", function (event) {
    attachAll(event.target);
  });
})();
