"""Helpers of the input sweep (tests/test_input_sweep.py): the hostile values, the forms and
links read from a page, and the operations read from the OpenAPI schema."""
