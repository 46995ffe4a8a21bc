def decide(ctx):
    return {"show": True}
