"""Demo data for local use: ``flask --app hackplat demo load``."""
