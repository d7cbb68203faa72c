"""Program pages: manage.py (design and lifecycle), review.py (deciding applications),
apply.py (members applying). Views parse, call one service or selector, and render."""
