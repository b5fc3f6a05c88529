"""Knowledge cases: the public library of finished pilots."""
