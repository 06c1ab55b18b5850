// Writes the first day of every Hijri month of FIRST..LAST AH according to the
// islamic-umalqura calendar of the ICU inside Node (the table browsers' and
// phones' Intl use), as CSV on standard output. Run once; the tests read the CSV.
//
//   node scripts/calendar/make_icu_fixture.mjs 1420 1450 \
//     > tests/calendar/fixtures/icu_month_starts.csv
//   node scripts/calendar/make_icu_fixture.mjs 1343 1500 \
//     > tests/calendar/fixtures/icu_month_starts_1343_1500.csv
//
// Needs a Node built with full ICU (the default since Node 13); no npm package.
const [first, last] = process.argv.slice(2).map(Number);
if (!Number.isInteger(first) || !Number.isInteger(last) || first > last) {
  process.stderr.write("usage: node make_icu_fixture.mjs FIRST_HIJRI_YEAR LAST_HIJRI_YEAR\n");
  process.exit(2);
}

const format = new Intl.DateTimeFormat("en-u-ca-islamic-umalqura-nu-latn", {
  timeZone: "UTC",
  year: "numeric",
  month: "numeric",
  day: "numeric",
});
const DAY = 86400000;

function hijriParts(time) {
  const parts = Object.fromEntries(
    format.formatToParts(new Date(time)).map((part) => [part.type, part.value]),
  );
  return { year: parseInt(parts.year, 10), month: Number(parts.month), day: Number(parts.day) };
}

// Start a year early (Hijri years are ~354 days), stop once past LAST.
const start = Date.UTC(Math.floor(622 + (first - 1) * 0.97) - 1, 0, 1);
const lines = [
  `# First day of each Hijri month ${first}-${last} AH in ICU's islamic-umalqura ` +
    `(Node ${process.versions.node}, ICU ${process.versions.icu}, CLDR ${process.versions.cldr}).`,
  `# Made by: node scripts/calendar/make_icu_fixture.mjs ${first} ${last}`,
  "hijri_year,hijri_month,gregorian_date",
];
for (let time = start; ; time += DAY) {
  const { year, month, day } = hijriParts(time);
  if (year > last) break;
  if (day === 1 && year >= first) {
    lines.push(`${year},${month},${new Date(time).toISOString().slice(0, 10)}`);
  }
}
const expected = (last - first + 1) * 12;
if (lines.length - 3 !== expected) {
  throw new Error(`found ${lines.length - 3} month starts, expected ${expected}`);
}
process.stdout.write(lines.join("\n") + "\n");
