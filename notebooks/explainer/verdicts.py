"""The verdicts' names in the pages: their CSS class and the summary sentence. Nothing heavy is
imported here: the build uses it too."""


def verdict_slug(verdict: str) -> str:
    """'partly supported' -> 'partly-supported', for CSS classes."""
    return verdict.replace(" ", "-")


def tally(verdicts, scale: list[str]) -> dict[str, int]:
    """How many of `verdicts` (each claim's) fall on each verdict of `scale`, in its order, zero
    included."""
    verdicts = list(verdicts)
    return {verdict: verdicts.count(verdict) for verdict in scale}


PHRASES = {"no direct evidence": "without direct evidence either way"}


def summary_sentence(counts: dict[str, int], number=lambda count, verdict: str(count)) -> str:
    """The one-line summary of the verdicts, said from their tally and nothing else: `counts` maps
    each verdict, in the scale's order, to how many claims got it; `number(count, verdict)` writes
    a count (as traced HTML, in a report). 'Of the article's 10 claims, 2 are supported, 5 partly
    supported and 3 have no direct evidence either way.'"""
    parts = [f"{number(count, verdict)} {PHRASES.get(verdict, verdict)}"
             for verdict, count in counts.items() if count]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    total = number(sum(counts.values()), None)
    return f"Of the article's {total} claims, we found {listed}."


SITE = "Back dimples, explained"
ARTICLE = "A popular fitness article on back dimples (“dimples of Venus”) and how to get them"


def claim_review(claim: dict, scale: list[str], reviewed: str) -> dict:
    """schema.org ClaimReview for one claim (a row of claims.csv), the markup fact-checkers
    publish: our verdict as the rating's name, rated on the grading page's scale from 1 (the
    scale's last verdict) to len(scale) (its first)."""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim["claim"],
        "datePublished": reviewed,
        "author": {"@type": "Organization", "name": SITE},
        "itemReviewed": {"@type": "Claim",
                         "appearance": {"@type": "CreativeWork", "name": ARTICLE}},
        "reviewRating": {"@type": "Rating", "alternateName": claim["verdict"],
                         "ratingValue": len(scale) - scale.index(claim["verdict"]),
                         "bestRating": len(scale), "worstRating": 1,
                         "ratingExplanation": claim["summary"]},
    }
