// Communiqué: keeps the header's clock (and, at midnight, its date) current, and turns the
// protected e-mail addresses back into links. Pages work without it.
(function () {
  "use strict";
  var EASTERN = "٠١٢٣٤٥٦٧٨٩";

  function digits(text, eastern) {
    return eastern ? text.replace(/[0-9]/g, function (d) { return EASTERN[d]; }) : text;
  }

  function startClock() {
    var clock = document.getElementById("clock");
    if (!clock || !window.Intl) return;
    var eastern = clock.dataset.easternDigits === "true";
    var format = new Intl.DateTimeFormat("en-GB", {
      timeZone: clock.dataset.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    });
    var dayFormat = new Intl.DateTimeFormat("en-CA", {
      timeZone: clock.dataset.timeZone, year: "numeric", month: "2-digit", day: "2-digit"
    });
    var today = document.getElementById("today");
    function tick() {
      var now = new Date();
      clock.textContent = digits(format.format(now), eastern);
      // The header date is the server's; when the reference zone passes midnight it is
      // asked again, so the browser never computes a Hijri date itself.
      if (today && today.dataset.date && dayFormat.format(now) !== today.dataset.date) {
        refreshToday(today);
      }
    }
    tick();
    setInterval(tick, 1000);
  }

  var refreshing = false;
  function refreshToday(today) {
    if (refreshing || !window.fetch) return;
    refreshing = true;
    fetch("/calendar/today.json?lang=" + encodeURIComponent(document.documentElement.lang))
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { today.textContent = data.line; today.dataset.date = data.date; }
      })
      .catch(function () {})
      .then(function () { setTimeout(function () { refreshing = false; }, 60000); });
  }

  function revealEmails() {
    var links = document.querySelectorAll("a.protected-email");
    Array.prototype.forEach.call(links, function (link) {
      var reverse = function (s) { return s.split("").reverse().join(""); };
      var address = reverse(link.dataset.user) + "@" + reverse(link.dataset.domain);
      link.href = "mailto:" + address;
      link.textContent = address;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startClock();
    revealEmails();
  });
})();
