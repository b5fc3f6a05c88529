"""Seeds."""
