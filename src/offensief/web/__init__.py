"""The web UI: Jinja2 templates, htmx, Cytoscape.js and vega-lite, all served locally."""
