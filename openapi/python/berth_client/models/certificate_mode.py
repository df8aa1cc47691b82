from enum import StrEnum


class CertificateMode(StrEnum):
    LETSENCRYPT_HTTP = "letsencrypt-http"
    LETSENCRYPT_TLS_ALPN = "letsencrypt-tls-alpn"
    NONE = "none"
    UPLOADED = "uploaded"

    def __str__(self) -> str:
        return str(self.value)
