from enum import StrEnum


class FtpTls(StrEnum):
    EXPLICIT = "explicit"
    IMPLICIT = "implicit"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
