"""The monthly tip summary (decision 0014): ``refresh`` keeps it up to date from the tips
(a background task, incremental by the tips' update time), ``selectors`` answers the
analysis page from it when it can."""
