"""Annual and multi-year plans with declarative indicators and targets."""
