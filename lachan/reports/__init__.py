"""KPI dashboards, period reports (Excel, PDF), disclosure control and public statistics."""
