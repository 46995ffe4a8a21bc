"""Classifies how close a shopper is to buying."""


def compute(ctx):
    spent = ctx.features["home_click_amount_10m"] or 0
    pages = ctx.features["pages_this_session"] or 0
    return "high" if spent >= 50 and pages >= 2 else "low"
