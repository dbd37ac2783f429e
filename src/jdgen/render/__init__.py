"""Stage 4: render resolved documents. Renderers never read role YAML."""
