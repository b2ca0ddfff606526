"""The accounts pages: login steps (``login``), one's own account (``profile``) and the
administration of users and agencies (``manage``)."""
