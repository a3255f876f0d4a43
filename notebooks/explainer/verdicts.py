"""The verdicts' names in the pages: their CSS class, and the page that defines them. Nothing heavy
is imported here: the build uses it too."""

# The page that defines the verdicts ("How we grade the claims"); every verdict badge links to its
# entry there.
GRADING_PAGE = "00_overview"


def verdict_slug(verdict: str) -> str:
    """'partly supported' -> 'partly-supported', for CSS classes."""
    return verdict.replace(" ", "-")
