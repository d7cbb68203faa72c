"""Writes of the mentoring year. Each service is atomic, takes the acting person, validates
everything before it writes (so refused input stores nothing), and schedules its tasks after
the transaction commits."""
