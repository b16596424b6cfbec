/* "View on site" in the language being edited.
 *
 * The change form's link carries the page's address in every language (data-url-it...); when
 * an editor switches modeltranslation's language tabs (or its main switch), the link follows.
 */
(function () {
  "use strict";

  var jQuery = window.jQuery || (window.django && window.django.jQuery);

  function follow(language) {
    var link = document.querySelector("a.viewsitelink");
    var url = link && language ? link.getAttribute("data-url-" + language) : null;
    if (url) {
      link.setAttribute("href", url);
      link.setAttribute("hreflang", language);
    }
  }

  function languageOfTab(tab) {
    return tab ? tab.textContent.trim().toLowerCase() : null;
  }

  if (!jQuery) {
    return;
  }
  jQuery(document).on("tabsactivate", function (event, ui) {
    follow(languageOfTab(ui.newTab && ui.newTab[0]));
  });
  jQuery(document).on("change", "#modeltranslation-main-switch", function () {
    var option = this.options[this.selectedIndex];
    follow(option ? option.textContent.trim().toLowerCase() : null);
  });
  jQuery(function () {
    // After modeltranslation has made its tabs (its ready handler runs first).
    window.setTimeout(function () {
      follow(languageOfTab(document.querySelector(".ui-tabs-active a")));
    }, 0);
  });
})();
