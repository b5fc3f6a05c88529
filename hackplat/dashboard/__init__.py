"""Programme targets: indicators per fiscal year, the dashboard and the public summary."""
