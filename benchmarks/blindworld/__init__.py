"""A blind second synthetic world of Dutch partner deliveries, with its ground truth.

Written from published descriptions only (FATF/Egmont and FIU-NL typologies, how the BRP, KvK,
Kadaster and RDW publish their data, the criminal-network literature), without reading the
detectors, the role rules or the demo generator. See docs/validity.md.
"""

from .generate import SIZES, build_world, generate

__all__ = ["SIZES", "build_world", "generate"]
