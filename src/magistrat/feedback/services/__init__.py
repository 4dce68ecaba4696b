"""Writes of the feedback module, one module per entity: `surveys` (the survey catalogue and its
versions), `points` (service points and satisfaction targets), `devices` (kiosk devices and their
pairing codes), `ratings` (storing and excluding ratings) and `tokens` (post-case survey links).
Import the module you need: `from magistrat.feedback.services import ratings`."""
