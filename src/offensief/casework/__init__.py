"""The application layer: the one floor between the domain packages and the front ends.

``api``, ``web`` and ``cli`` call functions here and never each other; domain packages never
import this package. Every function takes a :class:`~offensief.casework.caller.Caller` (who
acts, through which session, audited where) as its first argument, asks the policy through
:meth:`Caller.allow` and returns typed results already fit for that caller.
"""
