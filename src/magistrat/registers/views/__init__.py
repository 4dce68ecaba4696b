"""Staff pages of the registers, one module per case type (resident-facing pages: `public.py`)."""
