"""Response models (``*Out``): what each endpoint answers, with what the public may see marked."""
