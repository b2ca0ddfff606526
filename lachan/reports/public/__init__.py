"""Public statistics (no login): yearly national and provincial figures, every cell
through the disclosure layer."""
