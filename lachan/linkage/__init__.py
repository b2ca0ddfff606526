"""Finding the same person across agencies' records, reviewed by people, merges that
can be undone."""
