// SPDX-License-Identifier: GPL-3.0-or-later
//
// Validates FHIR R4 resources with an independent validator: the `fhir`
// package from npm (Lantana's FHIR.js), which checks every element against
// the R4 StructureDefinitions it ships (cardinality, types, required
// elements, codes of required bindings; unexpected properties are errors).
//
//   node check-fhir-validate.js NODE_MODULES_DIR FILE.json...
//
// Prints each error and exits 1 when any file has one (warnings, e.g. a
// LOINC code missing from the value sets the package ships, are shown
// but do not fail).
'use strict';

const path = require('path');
const fs = require('fs');

if (process.argv.length < 4) {
  console.error('usage: check-fhir-validate.js NODE_MODULES_DIR FILE.json...');
  process.exit(2);
}

const { Fhir } = require(path.join(process.argv[2], 'fhir'));
const fhir = new Fhir();
let failed = false;

for (const file of process.argv.slice(3)) {
  let resource;
  try {
    resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    failed = true;
    continue;
  }
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  const errors = result.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal');
  for (const m of errors)
    console.error(`${file}: ${m.severity}: ${m.location} (${m.resourceId}): ${m.message}`);
  if (!result.valid || errors.length > 0) {
    failed = true;
  } else {
    console.log(`${file}: valid (${result.messages.length} warnings/notes)`);
  }
}

process.exit(failed ? 1 : 0);
