"""Discussion: WordPress's rules for accepting, approving and moderating comments.

`rules` decides (pure functions), `submission` runs a new comment through every check and
stores it (shared by REST and the classic form), `moderation` changes a comment's status.
"""
