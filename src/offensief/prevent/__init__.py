"""Prevention by area (voorkomen): areas, aggregated indicators with disclosure control,
maps, prevention tracks and drug-normalisation campaigns with their measured effect.

Everything here is aggregate: counts per area and period, never a person. Publication goes
through :mod:`offensief.prevent.disclosure` (threshold, secondary suppression, rounding).
"""
