from enum import StrEnum


class TokenScope(StrEnum):
    ADMIN = "admin"
    DEPLOY = "deploy"
    READ = "read"
    WRITE = "write"

    def __str__(self) -> str:
        return str(self.value)
