"""Staff pages of the ratings module, one module per subject: `dashboard` (satisfaction, targets,
an officer's own results), `points` (service points, their kiosk devices and pairing, the QR
sheet), `surveys`, `ratings` (the list, exclusions, the export) and `reports` (the monthly PDF)."""
