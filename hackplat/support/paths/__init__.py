"""The search and project paths of a support request (#17 item 1): services, forms, views."""
