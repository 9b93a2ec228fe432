"""What an import did (or would do, with --dry-run), and its one-screen summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_KEPT_WARNINGS = 1000


@dataclass
class ImportReport:
    files: list[str] = field(default_factory=list)
    dry_run: bool = False
    posts_created: Counter[tuple[str, str]] = field(default_factory=Counter)
    posts_existing: int = 0
    comments_created: Counter[str] = field(default_factory=Counter)
    comments_existing: int = 0
    terms_created: Counter[str] = field(default_factory=Counter)
    terms_existing: int = 0
    users_created: int = 0
    users_existing: int = 0
    postmeta_created: int = 0
    commentmeta_created: int = 0
    likes_imported: int = 0
    termmeta_created: int = 0
    relationships_created: int = 0
    items_read: int = 0
    comments_read: int = 0
    warning_count: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    on_warning: Callable[[str], None] | None = field(default=None, repr=False, compare=False)

    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_KEPT_WARNINGS:
            self.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)

    @property
    def posts_total(self) -> int:
        return sum(self.posts_created.values())

    @property
    def comments_total(self) -> int:
        return sum(self.comments_created.values())

    def posts_by_type(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for (post_type, _status), n in self.posts_created.items():
            counts[post_type] += n
        return counts

    def summary(self) -> str:
        """A few lines for people: what was created, what was already there, warnings."""
        verb = "would create" if self.dry_run else "created"
        lines = [
            f"{'Dry run: ' if self.dry_run else ''}{len(self.files)} file(s), {self.items_read} items, "
            f"{self.comments_read} comments read in {self.seconds:.1f}s"
        ]
        by_type: dict[str, Counter[str]] = {}
        for (post_type, status), n in sorted(self.posts_created.items()):
            by_type.setdefault(post_type, Counter())[status] += n
        posts = "; ".join(
            f"{t} {sum(c.values())} ({', '.join(f'{s} {n}' for s, n in sorted(c.items()))})"
            for t, c in by_type.items()
        )
        lines.append(f"posts {verb}: {self.posts_total}" + (f" — {posts}" if posts else ""))
        lines.append(f"posts already present: {self.posts_existing}")
        statuses = ", ".join(f"{_status_name(s)} {n}" for s, n in sorted(self.comments_created.items()))
        lines.append(
            f"comments {verb}: {self.comments_total}"
            + (f" ({statuses})" if statuses else "")
            + f"; already present: {self.comments_existing}"
        )
        taxonomies = ", ".join(f"{t} {n}" for t, n in sorted(self.terms_created.items()))
        lines.append(
            f"terms {verb}: {sum(self.terms_created.values())}"
            + (f" ({taxonomies})" if taxonomies else "")
            + f"; already present: {self.terms_existing}"
        )
        lines.append(f"users {verb}: {self.users_created}; already present: {self.users_existing}")
        lines.append(
            f"meta {verb}: post {self.postmeta_created}, comment {self.commentmeta_created}, "
            f"term {self.termmeta_created}"
        )
        lines.append(f"warnings: {self.warning_count}")
        for message in self.warnings[:20]:
            lines.append(f"  - {message}")
        if self.warning_count > 20:
            lines.append(f"  … and {self.warning_count - 20} more")
        return "\n".join(lines)


def _status_name(status: str) -> str:
    return {"1": "approved", "0": "pending"}.get(status, status)
