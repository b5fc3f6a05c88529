"""Long or external work (matcher rebuilds, mail, digests, alerts) runs as jobs of a Huey
queue in a consumer process, never inside a web request."""
