"""Settings split by purpose: base, dev, test and production."""
