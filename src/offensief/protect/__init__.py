"""Bewaken en beveiligen: the protection register.

Protected subjects (persons, objects, services) with their compartment, threat reports and
the people who threaten, the chain of information products (melding → IRD → DI → DA → RA),
measures, re-evaluations, the contact log, the workflow with its deadlines, the national
caseload overview, and the signals that link the register to the offensive's data without
opening either side to the other. This package never imports ``casework`` or the front ends.
"""
