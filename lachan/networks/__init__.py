"""Trafficking networks (đường dây): the graph of persons, shared identifiers, co-
suspects and tips."""
