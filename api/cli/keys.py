"""Master-key rotation: re-wrap every data key under the current master key."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.kit.crypto import Keyring
from api.models.encrypted import ENCRYPTED_COLUMNS

_BATCH = 500


async def rotate_master_key(
    sessionmaker: async_sessionmaker[AsyncSession], keyring: Keyring
) -> dict[str, int]:
    """Idempotent and resumable: blobs already under the current key are skipped.

    Only the small wrapped data keys change; ciphertexts and their AAD stay as they are.
    """
    counts: dict[str, int] = {}
    for model, column_name in ENCRYPTED_COLUMNS:
        column = getattr(model, column_name)
        done = 0
        last_id = None
        while True:
            async with sessionmaker() as session, session.begin():
                statement = (
                    select(model.id, column).order_by(model.id).limit(_BATCH).with_for_update()
                )
                if last_id is not None:
                    statement = statement.where(model.id > last_id)
                rows = (await session.execute(statement)).all()
                if not rows:
                    break
                for row_id, blob in rows:
                    if blob is not None and keyring.needs_rewrap(blob):
                        await session.execute(
                            update(model)
                            .where(model.id == row_id)
                            .values({column_name: keyring.rewrap(blob)})
                        )
                        done += 1
                last_id = rows[-1][0]
        counts[f"{model.__tablename__}.{column_name}"] = done
    return counts
