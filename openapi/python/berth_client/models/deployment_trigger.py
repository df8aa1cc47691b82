from enum import StrEnum


class DeploymentTrigger(StrEnum):
    API = "api"
    REDEPLOY = "redeploy"
    ROLLBACK = "rollback"
    WEBHOOK = "webhook"

    def __str__(self) -> str:
        return str(self.value)
