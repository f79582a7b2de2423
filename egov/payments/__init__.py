"""Fees and charges paid online, at the desk or by VietQR transfer; reconciliation and
e-receipts."""
