from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from api.kit.schemas import Schema


class BackupKeyRead(Schema):
    organization_id: uuid.UUID
    public_key: str = Field(description="age recipient (age1…): what servers encrypt to")
    created_at: datetime
    exported_at: datetime | None = Field(description="When the private key was last exported")


class BackupKeyExport(BackupKeyRead):
    private_key: str = Field(
        description="AGE-SECRET-KEY-1…: keep it apart from the backups; anyone holding it "
        "and a backup can read that backup"
    )
