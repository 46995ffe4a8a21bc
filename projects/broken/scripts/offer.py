def decide(ctx):
    return {"show": True, "kind": ctx.__class__}
