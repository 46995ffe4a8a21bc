def post(value, ctx):
    return round(value, 2)
