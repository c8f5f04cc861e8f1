"""Import and export formats: CSV/XLSX, JSON, GraphML, Mermaid, surveys, merging, map pictures, report, share."""
