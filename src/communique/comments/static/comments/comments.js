// The comment form's token: one per reader and page load, fetched from an uncached address,
// so that the page itself can be cached and shared (see communique/comments/abuse.py).
(function () {
  "use strict";
  function fetchToken(input) {
    if (input.value) return;
    fetch(input.dataset.tokenUrl, { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.token) input.value = data.token; })
      .catch(function () { /* the server refuses the post and says so; the text is kept */ });
  }
  function start() {
    document.querySelectorAll("form.comment-form input[name=token][data-token-url]").forEach(fetchToken);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
