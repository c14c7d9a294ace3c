"""The public site: the archive of letters grouped per Zaak, its pages, the generator and the plugin."""
