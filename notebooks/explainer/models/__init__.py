"""Small, pure models used by the notebooks: illustrations, labelled as such wherever shown."""
