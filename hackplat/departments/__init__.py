"""A department's public page: the needs it posted and solved per fiscal year (#17 item 5)."""
