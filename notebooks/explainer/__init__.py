"""The code behind the back-dimples notebooks: data loading, charts, models and report helpers."""
