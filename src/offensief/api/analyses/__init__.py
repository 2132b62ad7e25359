"""Case analyses as the UI shows them: computed in background jobs, cached per case.

Each analysis reads only the datasets the viewer may see (clear or tokenised) and returns
entity ids and numbers; names are added through the case view when shown.
"""
