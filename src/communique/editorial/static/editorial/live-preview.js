// Live preview of a Markdown body while it is typed: the server renders it with the same
// renderer and sanitiser as the published page, so what shows here is what readers get.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  var panel = document.querySelector(".live-preview");
  var url = panel ? panel.dataset.url : null;

  function attach(textarea, output) {
    var timer = null;
    var last = null;
    function render() {
      if (textarea.value === last) return;
      last = textarea.value;
      var body = new URLSearchParams({ body: textarea.value });
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        body: body,
      })
        .then(function (r) { return r.json(); })
        // The HTML comes from the server's nh3 allow-list, never straight from the textarea.
        .then(function (data) { if (data.html !== undefined) output.innerHTML = data.html; })
        .catch(function () {});
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(render, 300);
    });
    render();
  }

  if (url) {
    var source = document.querySelector("textarea.live-preview-source");
    if (source) attach(source, panel.querySelector(".live-preview-output"));
  }
  // On the release page, every new text gets its own preview under its body.
  var releaseUrl = window.location.pathname.replace(/\/newsroom\/release\/.*$/, "/newsroom/text/render-body/");
  if (!url && releaseUrl !== window.location.pathname) {
    url = releaseUrl;
    document.querySelectorAll("textarea.live-preview-source").forEach(function (textarea) {
      var output = document.createElement("div");
      output.className = "live-preview-output release__body";
      output.setAttribute("aria-live", "polite");
      var box = document.createElement("div");
      box.className = "live-preview";
      var heading = document.createElement("h3");
      heading.textContent = textarea.dataset.previewLabel || "Preview";
      box.appendChild(heading);
      box.appendChild(output);
      textarea.closest(".form-row").appendChild(box);
      attach(textarea, output);
    });
  }
  document.querySelectorAll("input[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
});
