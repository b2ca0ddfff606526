"""Settings package: ``base`` holds what every environment shares; ``dev``, ``test`` and
``production`` only say how they differ. Pick one with DJANGO_SETTINGS_MODULE."""
