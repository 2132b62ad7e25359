"""Cases: the purpose every read of personal data happens in; members, datasets, status."""
