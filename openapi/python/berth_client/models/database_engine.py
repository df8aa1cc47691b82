from enum import StrEnum


class DatabaseEngine(StrEnum):
    MARIADB = "mariadb"
    MONGODB = "mongodb"
    MYSQL = "mysql"
    POSTGRESQL = "postgresql"
    REDIS = "redis"

    def __str__(self) -> str:
        return str(self.value)
