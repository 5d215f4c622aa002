"""Evaluation (可评价): scores under the published assessment regulation, with receipts.

Read-side code: every score is computed from the views (above all the accountability view's
obligations) by the measure each regulation rule names; a receipt names the regulation edition
by digest and the log prefix by tree size and root, so anyone holding the ledger recomputes the
same numbers (``ledger evaluate --check``). Formulas and rounding: docs/evaluation.md.
"""
