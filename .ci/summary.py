#!/usr/bin/env python3
"""Adds up every test report of a ./microseg test run (Maven surefire/failsafe XML, pytest JUnit XML)
and prints one closing line: 'N passed, M failed, K skipped'. Exit code 1 if nothing ran."""
import glob
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
files = (glob.glob("*/target/surefire-reports/TEST-*.xml") + glob.glob("*/target/failsafe-reports/TEST-*.xml")
         + glob.glob("target/pytest-*.xml"))
for path in files:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        tests = int(suite.get("tests", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skip = int(suite.get("skipped", 0))
        passed += tests - bad - skip
        failed += bad
        skipped += skip
print(f"microseg: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if passed == 0 or failed > 0 else 0)
