"""Support requests (支援の依頼, #17 item 1): departments ask the programme office for help; the
office triages each request into one of four paths (paths/: the search and project ones)."""
