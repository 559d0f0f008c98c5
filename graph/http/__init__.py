"""The HTTP layer: the SPARQL 1.1 Protocol endpoint, the saved queries and the web page."""
