from enum import StrEnum


class RegistryCheckReadAuthScheme(StrEnum):
    BASIC = "basic"
    BEARER = "bearer"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
