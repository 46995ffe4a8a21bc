"""Rounds an average price to cents for display."""


def post(value, ctx):
    return None if value is None else round(value, 2)
