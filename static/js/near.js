// "Use my location" on the search page: with the reader's permission, the browser's own
// coordinates fill the filter form's hidden latitude and longitude, and the form is sent. They
// never leave the page otherwise. Without JavaScript (or geolocation) the button stays hidden
// and a town's name does the same.
(function () {
  "use strict";
  var locate = document.querySelector("[data-near-locate]");
  if (!locate || !("geolocation" in navigator)) return;
  var form = locate.closest("form");
  var name = form.querySelector("[data-near-name]");
  var latitude = form.querySelector("[data-near-latitude]");
  var longitude = form.querySelector("[data-near-longitude]");
  var status = locate.querySelector("[data-near-status]");
  var button = locate.querySelector("button");
  var messages = {
    finding: locate.getAttribute("data-finding"),
    refused: locate.getAttribute("data-refused"),
  };
  locate.hidden = false;

  // A name typed in the box wins over coordinates given before.
  name.addEventListener("input", function () {
    latitude.value = "";
    longitude.value = "";
  });

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = messages.finding;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        name.value = "";
        latitude.value = position.coords.latitude.toFixed(4);
        longitude.value = position.coords.longitude.toFixed(4);
        form.submit();
      },
      function () {
        button.disabled = false;
        status.textContent = messages.refused;
      },
      { maximumAge: 600000, timeout: 15000 }
    );
  });
})();
