#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every shipped case exported as FHIR validates with an independent validator.

    check-fhir.py SHOCKPATH_CLI SOURCE_DIR NODE_MODULES_DIR

Exports each data/cases/*.xml with `shockpath-cli export --format fhir` and
validates every Bundle with the `fhir` npm package (tests/check-fhir-validate.js,
R4 StructureDefinitions: cardinality, types, required elements, required
bindings, unexpected properties). First it checks the validator itself: a
Bundle with planted errors must be refused, each error named.

The package is installed by ./build-aux/test.sh into the build directory
(BUILD/fhir-validator). Without it the check is skipped (exit 77), unless
SHOCKPATH_REQUIRE_FHIR_VALIDATOR=1 (test.sh sets it): then it fails.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile


def main():
    cli, source_dir, modules = sys.argv[1:4]
    script = os.path.join(source_dir, "tests", "check-fhir-validate.js")
    if not os.path.isfile(os.path.join(modules, "fhir", "package.json")):
        message = (f"{modules}/fhir: the FHIR validator is not installed "
                   "(./build-aux/test.sh installs it with npm)")
        if os.environ.get("SHOCKPATH_REQUIRE_FHIR_VALIDATOR") == "1":
            sys.exit(message)
        print(message + "; skipped", file=sys.stderr)
        sys.exit(77)

    cases = sorted(glob.glob(os.path.join(source_dir, "data", "cases", "*.xml")))
    if not cases:
        sys.exit("no shipped case found")

    with tempfile.TemporaryDirectory() as tmp:
        bundles = []
        for case in cases:
            out = os.path.join(tmp, os.path.basename(case)[:-4] + ".json")
            subprocess.run([cli, "export", "--case", case, "--format", "fhir",
                            "--output", out], check=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
            bundles.append(out)

        # Vasopressin (in no shipped case's timeline): units/min as [iU]/min.
        vasopressin = os.path.join(tmp, "vasopressin.xml")
        with open(os.path.join(source_dir, "data", "cases", "example-timeline.xml")) as f, \
             open(vasopressin, "w") as g:
            g.write(f.read())
        subprocess.run([cli, "record", "--case", vasopressin, "--at", "2026-12-03T14:30:00+01:00",
                        "--infusion", "vasopressin:0.03 units/min@20 units/100 mL"],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, LC_ALL="C.UTF-8"))
        out = os.path.join(tmp, "vasopressin.json")
        subprocess.run([cli, "export", "--case", vasopressin, "--format", "fhir", "--output", out],
                       check=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
        with open(out) as f:
            if '"[iU]/min"' not in f.read():
                sys.exit(f"{out}: no dose in [iU]/min")
        bundles.append(out)

        # The validator refuses what is wrong: planted errors in a copy of the
        # timeline case's Bundle, each of which must be reported.
        with open(os.path.join(tmp, "example-timeline.json")) as f:
            broken = json.load(f)
        planted = {
            "Bundle.type": "Code \"batch-of-things\"",
            "MedicationAdministration.subject": "Missing property",
            "MedicationAdministration.dosage.rateQuantity.value": "Number type expected",
            "Observation.status": "Code \"done\"",
            "Observation.valueQuantity.units": "Unexpected property",
        }
        broken["type"] = "batch-of-things"
        ma = next(e["resource"] for e in broken["entry"]
                  if e["resource"]["resourceType"] == "MedicationAdministration")
        del ma["subject"]
        ma["dosage"]["rateQuantity"]["value"] = "15"
        obs = next(e["resource"] for e in broken["entry"]
                   if e["resource"]["resourceType"] == "Observation")
        obs["status"] = "done"
        obs["valueQuantity"]["units"] = "mmHg"
        broken_path = os.path.join(tmp, "broken.json")
        with open(broken_path, "w") as f:
            json.dump(broken, f)
        run = subprocess.run(["node", script, modules, broken_path],
                             capture_output=True, text=True)
        if run.returncode != 1:
            sys.exit(f"the validator accepted a broken Bundle:\n{run.stdout}{run.stderr}")
        for location, text in planted.items():
            if not any(location + " " in line and text in line for line in run.stderr.splitlines()):
                sys.exit(f"the validator missed {location} ({text}):\n{run.stderr}")

        run = subprocess.run(["node", script, modules] + bundles)
        if run.returncode != 0:
            sys.exit(f"{run.returncode}: a shipped case's Bundle is not valid FHIR R4")
    print(f"{len(bundles)} Bundles valid")


if __name__ == "__main__":
    main()
