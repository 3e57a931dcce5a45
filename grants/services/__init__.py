"""Writes on grants go through these services (keyword-only, typed, atomic, audited).

Each service checks who may act (the transitions tables), validates its input with messages
that name the field, locks the grant row before moving money or state (always the grant first,
then the object, so two services never wait on each other in opposite orders), and appends an
audit entry in the same transaction. Errors: ``ValidationError`` for bad input or a rule the
input breaks (nothing is saved), ``PermissionDenied`` when the user may not take the step.
"""
