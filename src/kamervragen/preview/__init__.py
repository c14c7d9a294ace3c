"""Pull-request previews: what changed between two revisions, and a site built for a sub-path."""
