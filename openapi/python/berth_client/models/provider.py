from enum import StrEnum


class Provider(StrEnum):
    GENERIC = "generic"
    GITEA = "gitea"
    GITHUB = "github"
    GITLAB = "gitlab"

    def __str__(self) -> str:
        return str(self.value)
