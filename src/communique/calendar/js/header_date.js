/*
 * Keeps the header's dual date current in a published (static) page.
 *
 * The page carries the table that communique.calendar.header_table() makes (the office's
 * month starts with its overrides, the line's template, names and digits), so the browser
 * shows exactly what the server's header_line() would. It never uses Intl's
 * islamic-umalqura: that is ICU's table, which differs from the published Umm al-Qura
 * calendar outside 1420-1450 AH and knows no local moon sighting. Intl is used only to
 * read today's Gregorian date in the reference time zone.
 *
 *   <span data-hijri-header>Wednesday, 18 Muharram 1446 | 2024/07/24</span>
 *   CommuniqueHeaderDate.keepCurrent(element, table, "Asia/Riyadh");
 */
(function (root) {
  "use strict";
  var DAY = 86400000;

  function utc(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* The header line for an ISO Gregorian date, or null outside the table (keep the server's). */
  function headerLine(table, iso) {
    var time = utc(iso);
    var months = table.months;
    if (!months.length || time < utc(months[0][2]) || time >= utc(table.end)) return null;
    var i = months.length - 1;
    while (utc(months[i][2]) > time) i -= 1;
    var date = new Date(time);
    var day = Math.round((time - utc(months[i][2])) / DAY) + 1;
    var fields = {
      EEEE: table.weekdays[(date.getUTCDay() + 6) % 7],
      d: String(day),
      dd: pad(day),
      MM: pad(months[i][1]),
      MMMM: table.monthNames[months[i][1] - 1],
      y: String(months[i][0]),
      gy: String(date.getUTCFullYear()),
      gMM: pad(date.getUTCMonth() + 1),
      gdd: pad(date.getUTCDate())
    };
    var line = table.template.replace(/\{(\w+)\}/g, function (_, name) { return fields[name]; });
    line = line.charAt(0).toUpperCase() + line.slice(1);
    return line.replace(/[0-9]/g, function (digit) { return table.digits.charAt(+digit); });
  }

  /* Today's Gregorian date in a time zone, as YYYY-MM-DD. */
  function isoDateIn(timeZone, when) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone, calendar: "gregory", numberingSystem: "latn",
      year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(when || new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  /* Rewrite the element's text whenever the date in timeZone changes. */
  function keepCurrent(element, table, timeZone) {
    var shown = null;
    function update() {
      var iso = isoDateIn(timeZone);
      if (iso === shown) return;
      shown = iso;
      var line = headerLine(table, iso);
      if (line !== null) element.textContent = line;
    }
    update();
    return setInterval(update, 30000);
  }

  var api = { headerLine: headerLine, isoDateIn: isoDateIn, keepCurrent: keepCurrent };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.CommuniqueHeaderDate = api;
})(this);
