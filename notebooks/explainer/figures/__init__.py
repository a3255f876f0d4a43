"""One module per chart topic, named after what it draws; drawing.py holds the shared primitives.

Chart functions draw on an `ax` and return it. Figure functions (`..._figure`) build the whole
figure a notebook shows and return `(fig, alt)` for `charts.show`.
"""
