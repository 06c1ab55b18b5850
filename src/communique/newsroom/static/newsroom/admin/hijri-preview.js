// Shows the computed Hijri date beside the issue date while an editor picks it.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var input = document.getElementById("id_issue_date");
  var office = document.getElementById("id_office");
  var preview = document.querySelector(".field-hijri .readonly .hijri-preview, .field-hijri .readonly");
  if (!input || !preview) return;
  var url = window.location.pathname.replace(/\/(add|\d+\/change)\/$/, "/hijri-preview/");
  var untouched = preview.textContent;  // "Pick a date", or the saved date's Hijri line
  function update() {
    var typed = input.value.trim();
    // Nothing typed yet is not a mistake: keep the hint, never an error.
    if (!typed) { preview.textContent = untouched; return; }
    var params = new URLSearchParams({ date: typed });
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
  input.dataset.lastValue = input.value;
  setInterval(function () {
    if (input.value !== input.dataset.lastValue) { input.dataset.lastValue = input.value; update(); }
  }, 500);
});
