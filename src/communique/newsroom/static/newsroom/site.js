// Communiqué: keeps the header's clock and date current, and turns the
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
    function tick() {
      clock.textContent = digits(format.format(new Date()), eastern);
    }
    tick();
    setInterval(tick, 1000);
  }

  // The header's dual date rolls over at midnight in the reference zone. The page carries
  // the table of month starts the server used (calendar/header_date.js), so the browser
  // shows what the server would; it never asks Intl for a Hijri date (another table).
  function keepDateCurrent() {
    var today = document.getElementById("today");
    var table = document.getElementById("header-table");
    var clock = document.getElementById("clock");
    if (!today || !table || !clock || !window.CommuniqueHeaderDate) return;
    try {
      window.CommuniqueHeaderDate.keepCurrent(
        today, JSON.parse(table.textContent), clock.dataset.timeZone
      );
    } catch (error) { /* keep the server's date */ }
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
    keepDateCurrent();
    revealEmails();
  });
})();
