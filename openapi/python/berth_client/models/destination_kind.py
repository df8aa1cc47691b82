from enum import StrEnum


class DestinationKind(StrEnum):
    AZURE = "azure"
    FTP = "ftp"
    GCS = "gcs"
    S3 = "s3"
    SFTP = "sftp"

    def __str__(self) -> str:
        return str(self.value)
