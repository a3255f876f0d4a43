"""Every page passes the Nu HTML Checker with no errors.

The checker is vnu.jar from npm's vnu-jar package, run on Java (Debian's default-jre-headless);
.ci/run installs both. Elsewhere the test is skipped unless REQUIRE_VNU=1 (as in CI) makes a
missing checker a failure. VNU_JAR names the jar when it is not where .ci/run puts it.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import REPORTS, ROOT

VNU_JAR = Path(os.environ.get(
    "VNU_JAR", ROOT / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


# Java's quick compiler only: the check is over before the optimising one would pay for itself
# (half the processor time); its code needs a larger stack than the checker's default.
QUICK_JAVA = ["-XX:TieredStopAtLevel=1", "-Xss8m"]


@pytest.mark.usefixtures("reports")
def test_every_page_is_valid_html():
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        reason = f"the Nu HTML Checker needs Java and {VNU_JAR}"
        if os.environ.get("REQUIRE_VNU") == "1":
            pytest.fail(f"{reason}, and REQUIRE_VNU=1 says it must run")
        pytest.skip(f"{reason}; set REQUIRE_VNU=1 to make this a failure")
    pages = sorted(str(path) for path in REPORTS.glob("*.html"))
    assert len(pages) > 1
    check = subprocess.run([java, *QUICK_JAVA, "-jar", str(VNU_JAR), "--errors-only", *pages],
                           capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, check.stderr.replace(f"file:{REPORTS}/", "")
