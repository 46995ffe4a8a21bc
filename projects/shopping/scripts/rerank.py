"""Boosts the categories the user clicked most in the last hour."""


def decide(ctx):
    top = ctx.features["top_categories"]
    if not top:
        return None
    return {"boost": list(top)}
