"""The build that turns the notebooks into HTML reports; `pipeline` reads top to bottom.

cli (options) -> plan (what to run, what to export) -> execute (kernels: kernel, guard, notebook)
-> export (chart_html) -> index; beside them: cache (content hashes, the manifest), progress, lock
(one build at a time, signals). docs/build.md says how they fit.
"""

import sys

# jsonschema compiles an IRI grammar (rfc3987_syntax, which JupyterLab's packages install) when
# nbformat first validates: 2.1 s of every process that reads a notebook, 0.6 s without it.
# Notebook validation checks no IRI format (tests/test_kernel.py fails when that changes), so the
# build goes without it.
sys.modules.setdefault("rfc3987_syntax", None)
