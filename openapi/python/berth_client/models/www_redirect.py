from enum import StrEnum


class WwwRedirect(StrEnum):
    APEX_TO_WWW = "apex-to-www"
    NONE = "none"
    WWW_TO_APEX = "www-to-apex"

    def __str__(self) -> str:
        return str(self.value)
