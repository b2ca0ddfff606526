"""Victim files under Law 53/2024/QH15: reception, identification, protection, consent,
support, repatriation, reintegration."""
