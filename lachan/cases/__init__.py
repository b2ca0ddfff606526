"""Cases, suspects, arrests, evidence and cross-border cooperation (Penal Code Arts 150, 151)."""
