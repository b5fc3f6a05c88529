"""Startup support (#17 item 3): founding years, startup-friendly needs first for
startups, and coordinators' mentoring of startups' proposals."""
