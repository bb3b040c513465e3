"""The client's address now lives beside the rate limits that use it, so that every interface
(the public site, the API) reads it the same way; kept here for the public site's imports."""

from kaaring.ratelimits.client_ip import client_ip, subnet_of

__all__ = ["client_ip", "subnet_of"]
