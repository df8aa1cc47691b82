from enum import StrEnum


class CertificateStatusStatus(StrEnum):
    FAILED = "failed"
    ISSUED = "issued"
    NONE = "none"
    PENDING = "pending"
    UPLOADED = "uploaded"

    def __str__(self) -> str:
        return str(self.value)
