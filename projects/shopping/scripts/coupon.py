"""Decides which coupon to show a hesitating shopper."""


def decide(ctx):
    pool = ctx.input.get("coupon_pool", [])
    if not pool:
        return None
    spent = ctx.features["home_click_amount_10m"] or 0
    level = ctx.features["user_level"] or 0
    # The treatment arm tries the larger coupon on engaged shoppers.
    generous = ctx.variant == "treat" and (ctx.features["shopper_intent"] == "high" or level >= 3)
    coupon = pool[-1] if generous else pool[0]
    ctx.log("offering coupon", coupon=coupon, spent=spent, level=level)
    return {"show": True, "coupon": coupon}
