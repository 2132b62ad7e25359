"""Programme control: budget per measure and organisation, commitments, spending, reports."""
