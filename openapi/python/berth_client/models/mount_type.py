from enum import StrEnum


class MountType(StrEnum):
    BIND = "bind"
    VOLUME = "volume"

    def __str__(self) -> str:
        return str(self.value)
