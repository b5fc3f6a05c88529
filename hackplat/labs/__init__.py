"""Co-creation labs and programmes (#17 item 2)."""
