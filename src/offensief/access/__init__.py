"""Multi-agency access: actors, the policy, pseudonyms, hit/no-hit, audit chain, retention."""
