"""Social login for commenters: WordPress.com, Google, X (Twitter) and Facebook, via Authlib.

One module per provider holds its endpoints and maps its profile to `profile.Commenter`;
`registry.build_providers` registers the configured ones; `flow` runs a login from the
redirect to the checked profile.
"""

from auth.oauth.profile import Commenter, ProfileError
from auth.oauth.registry import PROVIDER_NAMES, Providers, build_providers

__all__ = ["PROVIDER_NAMES", "Commenter", "ProfileError", "Providers", "build_providers"]
