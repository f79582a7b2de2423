"""Certified electronic copies from originals (chứng thực bản sao điện tử từ bản chính)
and the certification book."""
