"""The public side of the tips register: anonymous intake, receipts and the follow-up
page (decision 0008, issue 3). Nothing here stores an IP address, a User-Agent or a
forwarding header (``tests/test_public_canary.py`` proves it).

Which register receives a public tip (``services.public_intake_agency``):
1. ``LACHAN_PUBLIC_INTAKE_AGENCY`` (an agency id), if set and that agency is active;
2. else the active provincial police (``agency_type=provincial_police``) whose
   ``admin_unit`` is the province the reporter chose;
3. else the first active provincial police by name.
The receiving agency then transfers the tip like any other if it belongs elsewhere.

Receipts (``receipts.py``): 20 Crockford-base32 symbols (100 bits); stored are only a
slow hash (Argon2id, its parameters stored with it; decision 0009) with a per-receipt
salt, and the first group as a lookup prefix (80 secret bits remain). The receipt is
rendered only after the registering transaction returns.

Anti-spam (``tokens.py``): a single-use token signed by the server (nothing stored when
issued; its SHA-256 stored when used), a minimum fill time
(``LACHAN_PUBLIC_MIN_FILL_SECONDS``, 3 s) and a honeypot field. Wrong receipts are
throttled per keyed hash of a per-browser cookie token and per receipt prefix (``throttle.py``)."""
