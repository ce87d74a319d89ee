// oracle.js - answer corpus.py's numbers with libphonenumber-js ("max" metadata):
//   python3 tests/unit/data/phone-oracle/corpus.py > /tmp/corpus.tsv
//   (in a scratch folder: npm install libphonenumber-js)
//   node oracle.js /tmp/corpus.tsv > tests/unit/data/phone_oracle.tsv
// Output: raw, region, E.164 or "-" (not a valid number), type in lowercase.
const p = require("libphonenumber-js/max");
const fs = require("fs");
const ver = require("libphonenumber-js/package.json").version;
console.log("# libphonenumber-js " + ver + " (max metadata) on corpus.py's numbers");
for (const line of fs.readFileSync(process.argv[2], "utf8").split("\n")) {
	if (!line)
		continue;
	const [raw, reg] = line.split("\t");
	let x = null;
	try { x = p.parsePhoneNumberFromString(raw, reg || undefined); } catch (e) {}
	if (x && x.isValid())
		console.log([raw, reg, x.number, (x.getType() || "?").toLowerCase()].join("\t"));
	else
		console.log([raw, reg, "-", "invalid"].join("\t"));
}
