"""Competence development: competence model, periodic assessment of officials (u.p.s. art. 27-28),
trainings."""
