def claims(claims, user):
    """The standard claims from the Django user; `last_name` "unverified" marks an address the provider has not verified."""
    claims["name"] = user.first_name
    claims["given_name"] = user.first_name
    claims["email"] = user.email
    claims["email_verified"] = user.last_name != "unverified"
    return claims
