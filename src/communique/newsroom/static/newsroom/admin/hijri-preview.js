// Shows the computed Hijri date beside the issue date while an editor picks it.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var input = document.getElementById("id_issue_date");
  var office = document.getElementById("id_office");
  var preview = document.querySelector(".field-hijri .readonly .hijri-preview, .field-hijri .readonly");
  if (!input || !preview) return;
  var url = window.location.pathname.replace(/\/(add|\d+\/change)\/$/, "/hijri-preview/");
  function update() {
    var params = new URLSearchParams({ date: input.value.trim() });
    if (office && office.value) params.set("office", office.value);
    fetch(url + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { preview.textContent = data.line || data.error || ""; })
      .catch(function () {});
  }
  input.addEventListener("change", update);
  input.addEventListener("input", update);
  if (office) office.addEventListener("change", update);
  // The calendar widget sets the value without an input event.
  setInterval(function () {
    if (input.value !== input.dataset.lastValue) { input.dataset.lastValue = input.value; update(); }
  }, 500);
});
