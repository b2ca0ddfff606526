"""Prevention activities: awareness sessions, contests, training, border meetings,
media, community models."""
