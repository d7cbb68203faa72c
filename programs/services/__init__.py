"""Program writes, split by subject: programs.py (design, lifecycle, copy), rules.py
(eligibility rules), applications.py (apply, withdraw, decide, override), notifications.py."""
