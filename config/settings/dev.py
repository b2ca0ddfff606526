"""Local development and the ``./run`` demo: embedded SQLite, debug pages on."""

from .base import *

DEBUG = env.bool("DJANGO_DEBUG", default=True)
