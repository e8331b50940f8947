"""One module per area: study, pilots, exemplars, inspections, documents."""
