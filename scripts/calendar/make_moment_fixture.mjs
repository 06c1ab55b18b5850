// Writes the first day of every Hijri month of 1356-1500 AH according to the
// npm package moment-hijri, an independent copy of the published Umm al-Qura
// table, as CSV on standard output. Run once; the tests read the CSV, not Node.
//
//   cd "$(mktemp -d)" && npm install --no-save moment-hijri@3.0.0 \
//     && node /path/to/scripts/calendar/make_moment_fixture.mjs \
//        > /path/to/tests/calendar/fixtures/moment_hijri_month_starts.csv
//
// moment-hijri is resolved from the current directory, so run it where npm
// installed the package.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "noop.js"));
const moment = require("moment-hijri");
const version = require("moment-hijri/package.json").version;

const FIRST_YEAR = 1356;
const LAST_YEAR = 1500;

const lines = [
  `# First day of each Hijri month ${FIRST_YEAR}-${LAST_YEAR} AH according to moment-hijri ${version}.`,
  "# Made by: cd \"$(mktemp -d)\" && npm install --no-save moment-hijri@3.0.0 && " +
    "node scripts/calendar/make_moment_fixture.mjs > tests/calendar/fixtures/moment_hijri_month_starts.csv",
  "hijri_year,hijri_month,gregorian_date",
];
for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
  for (let month = 1; month <= 12; month += 1) {
    const m = moment(`${year}-${month}-1`, "iYYYY-iM-iD");
    if (!m.isValid() || m.iYear() !== year || m.iMonth() + 1 !== month || m.iDate() !== 1) {
      throw new Error(`moment-hijri cannot place ${year}-${month}-1`);
    }
    // Gregorian getters, not format(): moment-hijri's default locale prints Arabic digits.
    const iso = [m.year(), m.month() + 1, m.date()]
      .map((n, i) => String(n).padStart(i === 0 ? 4 : 2, "0"))
      .join("-");
    lines.push(`${year},${month},${iso}`);
  }
}
process.stdout.write(lines.join("\n") + "\n");
