"""Attachments (#15 item 4): files of needs, proposals, seeds, working-group records and
knowledge cases, checked by content, stored outside static/, served through a view that
applies the parent's permission."""
